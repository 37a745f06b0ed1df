#!/usr/bin/env node
// Access-log throughput: TransformFunction's built bundle with
// INPUT_FORMAT=apache_combined against a naive regex-per-line baseline
// (decode → split → one regular expression per line → JSON.stringify + \n
// → encode, as the AWS apachelog-to-JSON blueprints do), in the same
// process, alternating rounds; medians over fresh events per call.
//   npm run build && node bench/accessLog.ts [--iterations 15] [--rounds 3]
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const BUNDLE = new URL(
  '../dist/TransformFunction/functions/transform.mjs',
  import.meta.url,
);

interface Answer {
  recordId: string;
  result: string;
  data?: string;
}
interface Event {
  records: {
    recordId: string;
    approximateArrivalTimestamp: number;
    data: string;
  }[];
}
type Handler = (
  event: Event,
  context: unknown,
) => Promise<{ records: Answer[] }> | { records: Answer[] };

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} needs a positive number`);
  return value;
}

/** A deterministic PRNG (mulberry32), so every run measures the same lines. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = [
  '/',
  '/index.html',
  '/api/v1/orders?page=2&size=50',
  '/static/app.3f9a1c.js',
  '/images/logo.png',
  '/login',
];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'curl/8.5.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
];

function accessLines(count: number, random: () => number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const pick = <T>(list: readonly T[]): T =>
      list[Math.floor(random() * list.length)] as T;
    const ip = `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
    const second = String(i % 60).padStart(2, '0');
    const user = random() < 0.2 ? 'frank' : '-';
    const size = random() < 0.1 ? '-' : String(Math.floor(random() * 50_000));
    const referrer = random() < 0.5 ? '-' : `https://example.com${pick(PATHS)}`;
    lines.push(
      `${ip} - ${user} [22/Nov/2026:09:15:${second} +0100] "${pick(['GET', 'POST'])} ${pick(PATHS)} HTTP/1.1" ${pick([200, 200, 200, 304, 404, 500])} ${size} "${referrer}" "${pick(AGENTS)}"`,
    );
  }
  return lines;
}

function makeEvent(lines: readonly string[], perRecord: number): Event {
  const records: Event['records'] = [];
  for (let i = 0; i < lines.length; i += perRecord) {
    records.push({
      recordId: `49546986683135544286507457936321625675700192471156785154${String(records.length).padStart(6, '0')}`,
      approximateArrivalTimestamp: Date.UTC(2026, 10, 22, 8, 16),
      data: Buffer.from(
        `${lines.slice(i, i + perRecord).join('\n')}\n`,
      ).toString('base64'),
    });
  }
  return { records };
}

const COMBINED =
  /^(\S+) (\S+) (\S+) \[([^\]]+)\] "(.*?)" (\d{3}) (\S+) "(.*?)" "(.*?)"$/;

/** What a hand-rolled blueprint-style processor does. */
const naiveBaseline: Handler = (event) => ({
  records: event.records.map((record) => {
    const text = Buffer.from(record.data, 'base64').toString('utf8');
    let out = '';
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const m = COMBINED.exec(line);
      if (m === null)
        return {
          recordId: record.recordId,
          result: 'ProcessingFailed',
          data: record.data,
        };
      const [method, path, protocol] = (m[5] as string).split(' ');
      out += `${JSON.stringify({
        host: m[1],
        ident: m[2],
        user: m[3],
        timestamp: m[4],
        method,
        path,
        protocol,
        status: Number(m[6]),
        size: m[7] === '-' ? null : Number(m[7]),
        referrer: m[8],
        agent: m[9],
      })}\n`;
    }
    return {
      recordId: record.recordId,
      result: 'Ok',
      data: Buffer.from(out).toString('base64'),
    };
  }),
});

const context = {
  functionName: 'bench',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 60_000,
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median ms of `iterations` calls, each on a fresh copy of the event. */
async function measure(
  handler: Handler,
  event: Event,
  iterations: number,
): Promise<{ ms: number; ok: number }> {
  const write = process.stdout.write.bind(process.stdout);
  const samples: number[] = [];
  let ok = 0;
  for (let i = 0; i < iterations + 2; i++) {
    const fresh: Event = { records: event.records.map((r) => ({ ...r })) };
    process.stdout.write = () => true; // the handler's summary log line
    const started = performance.now();
    const response = await handler(fresh, context);
    const elapsed = performance.now() - started;
    process.stdout.write = write;
    if (i >= 2) samples.push(elapsed); // two warm-up calls
    ok = response.records.filter((r) => r.result === 'Ok').length;
  }
  return { ms: median(samples), ok };
}

async function main(): Promise<void> {
  if (!existsSync(BUNDLE)) {
    console.error('dist/ is missing: run npm run build first');
    process.exit(1);
  }
  Object.assign(process.env, {
    INPUT_FORMAT: 'apache_combined',
    LOG_LEVEL: 'error',
    REINGEST: 'false',
    RECORD_SCHEMA: '',
  });
  const module = (await import(pathToFileURL(BUNDLE.pathname).href)) as {
    handler: Handler;
  };
  const iterations = option('--iterations', 15);
  const rounds = option('--rounds', 3);
  const random = prng(7);
  // Quotes and statuses the baseline's three lazy groups can split in
  // many ways before failing at the end: polynomial backtracking.
  const garbage = Array.from(
    { length: 20 },
    (_, i) =>
      `10.0.0.${i} - - [22/Nov/2026:09:15:00 +0100] "${'GET /" 200 1 "-" "'.repeat(60)}x`,
  );
  const scenarios = [
    {
      name: '1 line per record (5,000 records)',
      event: makeEvent(accessLines(5_000, random), 1),
    },
    {
      name: '20 lines per record (250 records)',
      event: makeEvent(accessLines(5_000, random), 20),
    },
    {
      name: 'garbage: 20 lines of 1 KB, quotes that never close',
      event: makeEvent(garbage, 1),
    },
  ];
  console.log(
    `Node ${process.version}, load average ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; medians of ${iterations} calls x ${rounds} rounds`,
  );
  console.log(
    '| scenario | MB | baseline ms | ours ms | baseline lines/s | ours lines/s | ×base | Ok (ours/base) |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { name, event } of scenarios) {
    const bytes = event.records.reduce(
      (sum, r) => sum + Buffer.byteLength(r.data, 'base64'),
      0,
    );
    const lines = event.records.reduce(
      (sum, r) =>
        sum +
        Buffer.from(r.data, 'base64').toString('utf8').split('\n').length -
        1,
      0,
    );
    const base: number[] = [];
    const ours: number[] = [];
    let okOurs = 0;
    let okBase = 0;
    for (let round = 0; round < rounds; round++) {
      const b = await measure(naiveBaseline, event, iterations);
      const o = await measure(module.handler, event, iterations);
      base.push(b.ms);
      ours.push(o.ms);
      okBase = b.ok;
      okOurs = o.ok;
    }
    const b = median(base);
    const o = median(ours);
    console.log(
      `| ${name} | ${(bytes / 1e6).toFixed(2)} | ${b.toFixed(1)} | ${o.toFixed(1)} | ${Math.round((lines / b) * 1000).toLocaleString('en')} | ${Math.round((lines / o) * 1000).toLocaleString('en')} | ${(b / o).toFixed(2)}× | ${okOurs}/${okBase} |`,
    );
  }
}

await main();
