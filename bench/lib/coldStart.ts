// Cold start of a bundle: wall time of a fresh `node -e "await
// import(bundle)"` minus that of importing an empty module, both started
// the same way, interleaved (ABBA order) so that drift cancels out.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Env } from './context.ts';
import { median } from './stats.ts';

function timeImport(node: string, file: string, env: Env, cwd: string): number {
  const url = pathToFileURL(file).href;
  const started = process.hrtime.bigint();
  const run = spawnSync(
    node,
    ['--input-type=module', '-e', `await import(${JSON.stringify(url)})`],
    { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) {
    throw new Error(
      `importing ${file} failed (${run.status ?? run.signal}): ${String(run.stderr).slice(-2000)}`,
    );
  }
  return ms;
}

export interface ColdStart {
  runs: number;
  bundleMs: number;
  emptyMs: number;
  deltaMs: number;
  pairedDeltaMs: number;
}

/**
 * Median wall times of importing `bundlePath` and `emptyPath` in fresh
 * processes (`runs` each, after one discarded pair), and their difference.
 */
export function measureColdStart({
  node,
  bundlePath,
  emptyPath,
  env,
  cwd,
  runs,
}: {
  node: string;
  bundlePath: string;
  emptyPath: string;
  env: Env;
  cwd: string;
  runs: number;
}): ColdStart {
  timeImport(node, bundlePath, env, cwd);
  timeImport(node, emptyPath, env, cwd);
  const bundleMs: number[] = [];
  const emptyMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      bundleMs.push(timeImport(node, bundlePath, env, cwd));
      emptyMs.push(timeImport(node, emptyPath, env, cwd));
    } else {
      emptyMs.push(timeImport(node, emptyPath, env, cwd));
      bundleMs.push(timeImport(node, bundlePath, env, cwd));
    }
  }
  const bundle = median(bundleMs);
  const empty = median(emptyMs);
  return {
    runs,
    bundleMs: bundle,
    emptyMs: empty,
    deltaMs: bundle - empty,
    pairedDeltaMs: median(bundleMs.map((ms, i) => ms - (emptyMs[i] ?? 0))),
  };
}
