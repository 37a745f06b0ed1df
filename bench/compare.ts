// Before ÷ after in one process: this checkout's built bundles against
// another checkout's (its `dist/`, built with `npm run build`), on the
// per-shape table's records. For each row, one process imports both
// TransformFunctions and both EventTimePartitionFunctions (UTC), each as its
// own module instance, and runs them in a seeded random order per round;
// each call gets a freshly parsed event (outside the timed region) and the
// timed region is the handler call plus JSON.stringify of its response, in
// CPU time of the process (steadier than wall time on a shared machine).
//
//   npm run bench:compare -- --against=/path/to/other/checkout [--shapes=RE] [--rounds=N]
//
// Prints, per row, the medians (ms) and the ratio other ÷ this (above 1:
// this checkout is faster). A benchmark: it prints figures, asserts nothing.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  FirehoseEvent,
  FirehoseResponse,
} from '../shared/firehose/types.ts';
import { PARTITION_METADATA_BYTES, writeRecordsEvent } from './lib/datasets.ts';
import { type Handler, lambdaContext } from './lib/invocation.ts';
import { random } from './lib/records.ts';
import { shapeVariants } from './lib/shapes.ts';
import { median } from './lib/stats.ts';

function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv
    .find((arg) => arg.startsWith(prefix))
    ?.slice(prefix.length);
}

const against = flag('against');
if (against === undefined) {
  console.error(
    'usage: node bench/compare.ts --against=DIR [--shapes=RE] [--rounds=N]',
  );
  process.exit(2);
}
const rounds = Number(flag('rounds') ?? 15);
const filter = flag('shapes');
const roots = { this: resolve('.'), other: resolve(against) };

const BUNDLES = {
  transform: 'TransformFunction/functions/transform.mjs',
  partition: 'EventTimePartitionFunction/functions/eventTimePartition.mjs',
} as const;

async function importHandler(
  root: string,
  bundle: string,
  env: Record<string, string>,
  instance: string,
): Promise<Handler> {
  // The functions read their configuration at import.
  const saved = Object.fromEntries(
    Object.keys(env).map((key) => [key, process.env[key]]),
  );
  Object.assign(process.env, env);
  const url = `${pathToFileURL(join(root, 'dist', bundle)).href}?${instance}`;
  const module = (await import(url)) as { handler?: Handler };
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  if (typeof module.handler !== 'function') {
    throw new Error(`${url} exports no handler (run npm run build there)`);
  }
  return module.handler;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

// The handlers log a summary line per call (stdout): not what is
// measured, and not this script's output (stderr).
process.stdout.write = () => true;
const print = (line: string) => process.stderr.write(`${line}\n`);
print(
  `compare: ${roots.this} (this) against ${roots.other} (other), ${rounds} rounds, CPU ms per call`,
);
print(
  'row            this T   other T  other÷this   this P   other P  other÷this',
);
for (const variant of shapeVariants(
  filter === undefined ? undefined : new RegExp(filter),
)) {
  const dataset = writeRecordsEvent(
    join(tmpdir(), `firehose-compare-${variant.id}.json`),
    variant.shape.line,
    { canonical: variant.newline, answerExtraBytes: PARTITION_METADATA_BYTES },
  );
  const text = readFileSync(dataset.path, 'utf8');
  const env = {
    RECORD_SCHEMA: '',
    TIMESTAMP_FIELD: variant.shape.timestampField,
    PARTITION_TIMEZONE: 'UTC',
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  };
  const contenders: { name: string; call: Handler }[] = [];
  for (const [side, root] of Object.entries(roots)) {
    for (const [kind, bundle] of Object.entries(BUNDLES)) {
      const name = `${side}-${kind}-${variant.id}`;
      contenders.push({
        name,
        call: await importHandler(root, bundle, env, name),
      });
    }
  }
  const samples = new Map<string, number[]>(
    contenders.map((c) => [c.name, []]),
  );
  const next = random(20_261_201);
  let sink = 0;
  for (let round = -2; round < rounds; round++) {
    const order = [...contenders].sort(() => next() - 0.5);
    for (const contender of order) {
      const event = JSON.parse(text) as FirehoseEvent;
      const started = process.cpuUsage();
      const response: FirehoseResponse = await contender.call(
        event,
        lambdaContext(),
      );
      sink += JSON.stringify(response).length;
      if (round >= 0) samples.get(contender.name)?.push(cpuMs(started));
    }
  }
  const of = (side: string, kind: string) =>
    median(samples.get(`${side}-${kind}-${variant.id}`) ?? []);
  const cells = (kind: string) => {
    const mine = of('this', kind);
    const other = of('other', kind);
    return `${mine.toFixed(1).padStart(8)} ${other.toFixed(1).padStart(9)} ${(other / mine).toFixed(2).padStart(10)}×`;
  };
  print(`${variant.id.padEnd(12)} ${cells('transform')} ${cells('partition')}`);
  if (sink < 0) print('');
}
