// Peak memory: one fresh process per function and size, handling one full
// batch, next to an empty process and the naive baseline.
import { fileURLToPath } from 'node:url';
import { runChild } from './children.mjs';
import { functionEnv } from './functions.mjs';
import { MEMORY_SCENARIOS, SIZES } from './scenarios.mjs';

const lib = (name) => fileURLToPath(new URL(name, import.meta.url));

export async function measureMemory(bench, functions, datasets) {
  const { node, workDir, callerEnv, plainEnv, server, progress } = bench;
  const rows = [];
  const options = (memoryMb, env) => ({
    node,
    env,
    cwd: workDir,
    execArgv: [`--max-old-space-size=${memoryMb}`],
  });
  progress('memory: empty process');
  const empty = await runChild(
    lib('memoryChild.mjs'),
    {},
    options(512, plainEnv),
  );
  rows.push({ label: 'node, nothing loaded', size: '-', ...empty });
  for (const size of SIZES) {
    const sets = datasets[size.key];
    progress(`memory ${size.label}: naive baseline`);
    rows.push({
      label: 'naive baseline · transform batch',
      size: size.key,
      records: sets.transform.records,
      requestBytes: sets.transform.requestBytes,
      ...(await runChild(
        lib('memoryChild.mjs'),
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
      const measured = await runChild(
        lib('memoryChild.mjs'),
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
        target: true,
        records: dataset.records,
        requestBytes: dataset.requestBytes,
        ...measured,
      });
    }
  }
  return rows;
}
