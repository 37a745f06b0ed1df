// Start a measuring process (fresh V8), its stdout sent to /dev/null, and
// wait for its one IPC answer.
import { fork } from 'node:child_process';

/**
 * Run `script` with `spec` (argv[2], JSON) under `node` and resolve with the
 * result it sends (see invocation.mjs runMeasurement).
 */
export function runChild(script, spec, { node, env, cwd, execArgv = [] }) {
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
    let message;
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('message', (received) => {
      message = received;
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
