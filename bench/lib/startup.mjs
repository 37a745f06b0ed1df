// Start-up: cold start of each bundle over an empty module, and the first
// invocation of a fresh process (with a trace of the modules it resolves).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './children.mjs';
import { measureColdStart } from './coldStart.mjs';
import { FunctionId, functionEnv } from './functions.mjs';
import { COLD_START_CONFIGS } from './scenarios.mjs';
import { median } from './stats.mjs';

const lib = (name) => fileURLToPath(new URL(name, import.meta.url));

export function measureColdStarts(bench, functions) {
  const { node, settings, workDir, callerEnv, progress } = bench;
  const emptyPath = join(workDir, 'empty.mjs');
  writeFileSync(emptyPath, 'export {};\n');
  const rows = [];
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

function lazyUrls(fn) {
  return fn.sizes.lazy.map((chunk) => join(fn.taskRoot, chunk.file));
}

function sdkResolved(fn, resolved) {
  const lazy = lazyUrls(fn);
  return resolved.filter(
    (url) =>
      url.includes('@aws-sdk') ||
      lazy.some((path) => url.endsWith(path.replaceAll('\\', '/'))),
  );
}

export async function measureFirstInvocations(bench, functions, datasets) {
  const { node, settings, callerEnv, server, progress } = bench;
  const rows = [];
  for (const id of Object.values(FunctionId)) {
    const fn = functions[id];
    if (fn === undefined) {
      rows.push({ function: id, status: 'n/a' });
      continue;
    }
    progress(`first invocation: ${id}`);
    const options = {
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
    const small =
      id === FunctionId.cloudWatchLogs
        ? datasets.small.cloudWatchLogs
        : datasets.small.onTime;
    const spec = {
      bundlePath: fn.bundlePath,
      handlerName: fn.handlerName,
      eventPath: small.path,
    };
    const runs = [];
    for (let i = 0; i < settings.firstRuns; i++) {
      runs.push(await runChild(lib('firstInvokeChild.mjs'), spec, options));
    }
    const traced = await runChild(
      lib('firstInvokeChild.mjs'),
      { ...spec, trace: true },
      options,
    );
    const row = {
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
      const control = await runChild(
        lib('firstInvokeChild.mjs'),
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
