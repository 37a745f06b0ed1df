import { execFile } from 'node:child_process';
import { projectRoot } from '../../scripts/lib/template.ts';

/** What a command-line run printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * An environment that cannot reach a real AWS account: the region, dummy
 * credentials and an endpoint on a closed loopback port. Tests that need
 * no endpoint at all (the local streams) drop `AWS_ENDPOINT_URL`.
 */
export const OFFLINE_AWS_ENV: Readonly<NodeJS.ProcessEnv> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
};

/**
 * Run `node local/invoke.ts …` with this Node (22) in the project root,
 * with only PATH, HOME and `env` in its environment.
 *
 * @example
 * ```ts
 * const run = await invokeCli(['TransformFunction', 'events/transform.json'], OFFLINE_AWS_ENV);
 * ```
 */
export function invokeCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['local/invoke.ts', ...args],
      {
        cwd: projectRoot,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const code =
          error === null
            ? 0
            : typeof error.code === 'number'
              ? error.code
              : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
