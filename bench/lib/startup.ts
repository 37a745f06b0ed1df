// Start-up: cold start of each bundle over an empty module, and the first
// invocation of a fresh process (with a trace of the modules it resolves).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChildOptions, runChild } from './children.ts';
import { type ColdStart, measureColdStart } from './coldStart.ts';
import type { BenchContext } from './context.ts';
import type { Dataset } from './datasets.ts';
import type { FirstInvocation, FirstInvokeSpec } from './firstInvokeChild.ts';
import {
  FunctionId,
  functionEnv,
  type PreparedFunction,
  type PreparedFunctions,
} from './functions.ts';
import { COLD_START_CONFIGS, type Datasets } from './scenarios.ts';
import { median } from './stats.ts';

/** A row of a function that is not built. */
export interface MissingFunctionRow {
  function: string;
  config?: string;
  status: 'n/a';
}

/** One row of the cold-start table. */
export type ColdStartRow =
  | MissingFunctionRow
  | (ColdStart & {
      function: string;
      config: string;
      status: 'ok';
      target: boolean;
    });

/** One row of the first-invocation table. */
export type FirstInvocationRow =
  | MissingFunctionRow
  | {
      function: string;
      status: 'ok';
      records: number;
      config: string;
      runs: number;
      importMs: number;
      firstCallMs: number;
      secondCallMs: number;
      processStartToFirstAnswerMs: number;
      answers: Record<string, number>;
      resolved: string[];
      sdkLoaded: string[];
      lazyChunks: string[];
      control?: {
        late: number;
        answers: Record<string, number>;
        sdkLoaded: string[];
      };
    };

export function measureColdStarts(
  bench: BenchContext,
  functions: PreparedFunctions,
): ColdStartRow[] {
  const { node, settings, workDir, callerEnv, progress } = bench;
  const emptyPath = join(workDir, 'empty.mjs');
  writeFileSync(emptyPath, 'export {};\n');
  const rows: ColdStartRow[] = [];
  for (const config of COLD_START_CONFIGS) {
    const fn = functions[config.fn];
    if (fn === undefined) {
      rows.push({ function: config.fn, config: config.label, status: 'n/a' });
      continue;
    }
    progress(`cold start: ${config.fn} (${config.label})`);
    rows.push({
      function: config.fn,
      config: config.label,
      target: config.target === true,
      status: 'ok',
      ...measureColdStart({
        node,
        bundlePath: fn.bundlePath,
        emptyPath,
        env: functionEnv(fn, callerEnv, config.env),
        cwd: fn.taskRoot,
        runs: settings.coldRuns,
      }),
    });
  }
  return rows;
}

function lazyUrls(fn: PreparedFunction): string[] {
  return fn.sizes.lazy.map((chunk) => join(fn.taskRoot, chunk.file));
}

function sdkResolved(
  fn: PreparedFunction,
  resolved: readonly string[],
): string[] {
  const lazy = lazyUrls(fn);
  return resolved.filter(
    (url) =>
      url.includes('@aws-sdk') ||
      lazy.some((path) => url.endsWith(path.replaceAll('\\', '/'))),
  );
}

export async function measureFirstInvocations(
  bench: BenchContext,
  functions: PreparedFunctions,
  datasets: Datasets,
): Promise<FirstInvocationRow[]> {
  const { node, settings, callerEnv, server, progress } = bench;
  // Compiled (see childBundles.ts): process start to first answer would
  // otherwise include loading the TypeScript stripper.
  const script = (await bench.children()).firstInvoke;
  const firstInvoke = (spec: FirstInvokeSpec, options: ChildOptions) =>
    runChild<FirstInvocation>(script, spec, options);
  const rows: FirstInvocationRow[] = [];
  for (const id of Object.values(FunctionId)) {
    const fn = functions[id];
    if (fn === undefined) {
      rows.push({ function: id, status: 'n/a' });
      continue;
    }
    progress(`first invocation: ${id}`);
    const options: ChildOptions = {
      node,
      env: functionEnv(
        fn,
        callerEnv,
        id === FunctionId.cloudWatchLogs ? {} : { RECORD_SCHEMA: 'order' },
      ),
      cwd: fn.taskRoot,
      execArgv: [`--max-old-space-size=${fn.memoryMb}`],
    };
    // The CloudWatch Logs function expects its own records.
    const small: Dataset | undefined =
      id === FunctionId.cloudWatchLogs
        ? datasets.small.cloudWatchLogs
        : datasets.small.onTime;
    if (small === undefined) {
      rows.push({ function: id, status: 'n/a' });
      continue;
    }
    const spec: FirstInvokeSpec = {
      bundlePath: fn.bundlePath,
      handlerName: fn.handlerName,
      eventPath: small.path,
    };
    const runs: FirstInvocation[] = [];
    for (let i = 0; i < settings.firstRuns; i++) {
      runs.push(await firstInvoke(spec, options));
    }
    const traced = await firstInvoke({ ...spec, trace: true }, options);
    const row: FirstInvocationRow & { status: 'ok' } = {
      function: id,
      status: 'ok',
      records: small.records,
      config:
        id === FunctionId.cloudWatchLogs
          ? 'template defaults'
          : 'RECORD_SCHEMA=order',
      runs: runs.length,
      importMs: median(runs.map((r) => r.importMs)),
      firstCallMs: median(runs.map((r) => r.firstCallMs)),
      secondCallMs: median(runs.map((r) => r.secondCallMs)),
      processStartToFirstAnswerMs: median(
        runs.map((r) => r.processStartToFirstAnswerMs),
      ),
      answers: traced.tally.results,
      resolved: traced.resolved,
      sdkLoaded: sdkResolved(fn, traced.resolved),
      lazyChunks: fn.sizes.lazy.map((chunk) => chunk.file),
    };
    if (id === FunctionId.partition) {
      // Control: with late records the SDK chunk must show up, which
      // proves that the trace would see it.
      const control = await firstInvoke(
        { ...spec, eventPath: datasets.small.late.path, trace: true },
        options,
      );
      row.control = {
        late: datasets.small.late.late,
        answers: control.tally.results,
        sdkLoaded: sdkResolved(fn, control.resolved),
      };
      server.take();
    }
    rows.push(row);
  }
  return rows;
}
