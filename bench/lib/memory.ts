// Peak memory: one fresh process per function and size, handling one full
// batch, next to an empty process and the naive baseline.
import { type ChildOptions, runChild } from './children.ts';
import type { BenchContext, Env } from './context.ts';
import { functionEnv, type PreparedFunctions } from './functions.ts';
import type { MemoryMeasurement, MemorySpec } from './memoryChild.ts';
import { type Datasets, MEMORY_SCENARIOS, SIZES } from './scenarios.ts';

/** One row of the memory table. */
export type MemoryRow =
  | { function: string; label: string; size: string; status: 'n/a' }
  | (MemoryMeasurement & {
      label: string;
      size: string;
      function?: string;
      status?: 'ok';
      target?: boolean;
      records?: number;
      requestBytes?: number;
    });

export async function measureMemory(
  bench: BenchContext,
  functions: PreparedFunctions,
  datasets: Datasets,
): Promise<MemoryRow[]> {
  const { node, workDir, callerEnv, plainEnv, server, progress } = bench;
  // Every row, the empty process and the baseline included, runs the same
  // compiled child (see childBundles.ts).
  const script = (await bench.children()).memory;
  const measure = (spec: MemorySpec, options: ChildOptions) =>
    runChild<MemoryMeasurement>(script, spec, options);
  const rows: MemoryRow[] = [];
  const options = (memoryMb: number, env: Env): ChildOptions => ({
    node,
    env,
    cwd: workDir,
    execArgv: [`--max-old-space-size=${memoryMb}`],
  });
  progress('memory: empty process');
  const empty = await measure({}, options(512, plainEnv));
  rows.push({ label: 'node, nothing loaded', size: '-', ...empty });
  for (const size of SIZES) {
    const sets = datasets.bySize[size.key];
    progress(`memory ${size.label}: naive baseline`);
    rows.push({
      label: 'naive baseline · transform batch',
      size: size.key,
      records: sets.transform.records,
      requestBytes: sets.transform.requestBytes,
      ...(await measure(
        { baseline: 'transform', eventPath: sets.transform.path },
        options(512, plainEnv),
      )),
    });
    for (const scenario of MEMORY_SCENARIOS) {
      const fn = functions[scenario.fn];
      const dataset = sets[scenario.input];
      if (fn === undefined || dataset === undefined) {
        rows.push({
          function: scenario.fn,
          label: scenario.label,
          size: size.key,
          status: 'n/a',
        });
        continue;
      }
      progress(`memory ${size.label}: ${scenario.label}`);
      const measured = await measure(
        {
          bundlePath: fn.bundlePath,
          handlerName: fn.handlerName,
          eventPath: dataset.path,
        },
        {
          ...options(fn.memoryMb, functionEnv(fn, callerEnv, scenario.env)),
          cwd: fn.taskRoot,
        },
      );
      server.take();
      rows.push({
        function: scenario.fn,
        label: scenario.label,
        size: size.key,
        status: 'ok',
        target: scenario.target ?? true,
        records: dataset.records,
        requestBytes: dataset.requestBytes,
        ...measured,
      });
    }
  }
  return rows;
}
