// Start a measuring process (fresh V8), its stdout sent to /dev/null, and
// wait for its one IPC answer.
import { fork } from 'node:child_process';
import type { Env } from './context.ts';

export interface ChildOptions {
  node: string;
  env: Env;
  cwd: string;
  execArgv?: string[];
}

/** What a measuring process sends back (see invocation.ts runMeasurement). */
export type ChildMessage<T> =
  | { ok: true; result: T }
  | { ok: false; error: string };

/**
 * Run `script` with `spec` (argv[2], JSON) under `node` and resolve with the
 * result it sends (see invocation.ts runMeasurement).
 */
export function runChild<T>(
  script: string,
  spec: unknown,
  { node, env, cwd, execArgv = [] }: ChildOptions,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [JSON.stringify(spec)], {
      execPath: node,
      execArgv,
      env,
      cwd,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let stderr = '';
    let message: ChildMessage<T> | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('message', (received) => {
      message = received as ChildMessage<T>;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (message?.ok === true) resolve(message.result);
      else if (message?.ok === false) reject(new Error(message.error));
      else
        reject(
          new Error(
            `${script} exited (${signal ?? code}) without a result\n${stderr}`,
          ),
        );
    });
  });
}
