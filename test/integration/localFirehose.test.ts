import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEvent } from '../../local/generateEventsCommand.ts';
import { type RunReport, runLocalFirehose } from '../../local/localFirehose.ts';
import {
  generateSampleRecords,
  type SampleRecord,
} from '../../local/sampleRecords.ts';
import { runStart } from '../../local/startCommand.ts';
import { projectRoot } from '../../scripts/lib/template.ts';
import {
  errorRecords,
  type LocalObject,
  linesOf,
  rawText,
  readObjects,
  stableKey,
} from '../helpers/localObjects.js';

const ID =
  /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|ord-\d{7}/;
const NAME_TAIL =
  '\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const EVENT_KEY = new RegExp(
  `^events/year=(\\d{4})/month=(\\d{2})/day=(\\d{2})/hour=(\\d{2})/local-EventStream-1-${NAME_TAIL}`,
);
const LATE_KEY = new RegExp(
  `^late/year=(\\d{4})/month=(\\d{2})/day=(\\d{2})/hour=(\\d{2})/local-LateEventStream-1-${NAME_TAIL}`,
);
const ERROR_KEY = new RegExp(
  `^errors/events/processing-failed/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/local-EventStream-1-${NAME_TAIL}`,
);

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'local-firehose-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function sample(count: number, seed: string): SampleRecord[] {
  return generateSampleRecords({
    count,
    seed,
    late: 0.06,
    early: 0.02,
    invalid: 0.03,
    format: 'mixed',
  });
}

async function run(
  records: SampleRecord[],
  out: string,
  parameterOverrides: Record<string, string> = {},
): Promise<RunReport> {
  return runLocalFirehose({
    stream: 'EventStream',
    out,
    parameterOverrides,
    records: records.map((r) => ({
      data: Buffer.from(r.text),
      arrivalMs: r.arrivalMs,
    })),
  });
}

/** Where each record id ended up: one entry per appearance. */
function locate(objects: readonly LocalObject[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (text: string, where: string) => {
    const id = ID.exec(text)?.[0];
    if (id === undefined) throw new Error(`no record id in ${text}`);
    found.set(id, [...(found.get(id) ?? []), where]);
  };
  for (const object of objects) {
    const top = object.key.split('/')[0];
    if (top === 'errors') {
      for (const record of errorRecords([object], object.key))
        add(rawText(record), `error:${record.errorCode}`);
      continue;
    }
    for (const line of linesOf(object)) {
      if (top === 'late') {
        const envelope = JSON.parse(line) as {
          reason: string;
          record: unknown;
        };
        add(JSON.stringify(envelope.record), `late:${envelope.reason}`);
      } else {
        add(line, object.key);
      }
    }
  }
  return found;
}

function hourPath(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13).replace(/[-T]/g, '/');
}

describe('npm start (local Firehose) end to end', () => {
  const records = sample(1500, 'e2e');
  let report: RunReport;
  let objects: LocalObject[];

  beforeAll(async () => {
    report = await run(records, join(scratch, 'first'));
    objects = readObjects(join(scratch, 'first'));
  });

  it('accounts for every input record exactly once', () => {
    // Prepare
    const found = locate(objects);

    // Assess
    expect(found.size).toBe(records.length);
    for (const record of records) {
      const places = found.get(record.id) ?? [];
      expect(places, record.id).toHaveLength(1);
      const [place] = places as [string];
      switch (record.kind) {
        case 'on-time': {
          const hour = EVENT_KEY.exec(place)?.slice(1).join('/');
          expect(hour, record.id).toBe(hourPath(record.eventTimeMs));
          break;
        }
        case 'late':
          expect(place, record.id).toBe('late:late');
          break;
        case 'early':
          expect(place, record.id).toBe('late:early');
          break;
        case 'invalid':
          expect(place, record.id).toBe('error:Lambda.ProcessingFailedStatus');
          break;
      }
    }
  });

  it('names objects with the template prefixes, timed by the oldest arrival', () => {
    // Assess
    for (const object of objects) {
      const top = object.key.split('/')[0];
      const match = { events: EVENT_KEY, late: LATE_KEY, errors: ERROR_KEY }[
        top as 'events' | 'late' | 'errors'
      ]?.exec(object.key);
      expect(match, object.key).toBeTruthy();
      if (top === 'errors') {
        const oldest = Math.min(
          ...errorRecords([object], object.key).map((r) => r.arrivalTimestamp),
        );
        expect(match?.slice(1).join('/')).toBe(hourPath(oldest));
      }
      if (top === 'late') {
        // Filed under its own event-time partition, read by jq.
        for (const line of linesOf(object)) {
          const { partition } = JSON.parse(line) as {
            partition: Record<string, string>;
          };
          expect(match?.slice(1), object.key).toEqual([
            partition.year,
            partition.month,
            partition.day,
            partition.hour,
          ]);
        }
      }
    }
  });

  it('reports what happened, with the function metrics', () => {
    // Prepare
    const count = (kind: string) =>
      records.filter((r) => r.kind === kind).length;
    const events = report.streams.find((s) => s.logicalId === 'EventStream');
    const late = report.streams.find((s) => s.logicalId === 'LateEventStream');

    // Assess
    expect(events).toMatchObject({
      recordsIn: 1500,
      ok: count('on-time'),
      dropped: count('late') + count('early'),
      processingFailed: count('invalid'),
      errorRecords: { 'Lambda.ProcessingFailedStatus': count('invalid') },
    });
    expect(events?.functionMetrics.Late).toBe(count('late'));
    expect(events?.functionMetrics.Early).toBe(count('early'));
    expect(events?.invocations).toBeGreaterThan(10);
    expect(late?.recordsIn).toBe(count('late') + count('early'));
    expect(report.api.PutRecordBatch).toBeGreaterThan(0);
  });

  it('writes the same objects again for the same seed', async () => {
    // Act
    await run(records, join(scratch, 'second'));
    const again = readObjects(join(scratch, 'second'));

    // Assess
    const contents = (list: LocalObject[]) =>
      list
        .map((o) => `${stableKey(o.key)}\n${o.text}`)
        .sort((a, b) => a.localeCompare(b));
    expect(contents(again)).toEqual(contents(objects));
  });
});

describe('npm start options', () => {
  it('replays NDJSON from stdin, with arrival times from a field', async () => {
    // Prepare: the sample, shuffled, each JSON line carrying its arrival.
    const records = sample(400, 'replay');
    const lines = records.map((r) =>
      r.text.startsWith('{') && r.text.endsWith('}')
        ? `{"arrivedAt":"${new Date(r.arrivalMs).toISOString()}",${r.text.slice(1)}`
        : r.text,
    );
    const shuffled = lines
      .map((line, i) => ({ line, order: (i * 7919) % lines.length }))
      .sort((a, b) => a.order - b.order)
      .map((x) => x.line);
    const out = join(scratch, 'replay');

    // Act
    const result = await startCli(
      ['--input', '-', '--arrival-field', 'arrivedAt', '--out', out, '--json'],
      `${shuffled.join('\n')}\n`,
    );

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('rec/s');
    const report = JSON.parse(result.stdout) as RunReport;
    const events = report.streams.find((s) => s.logicalId === 'EventStream');
    expect(events?.recordsIn).toBe(400);
    expect(events?.functionMetrics.Late).toBe(
      records.filter((r) => r.kind === 'late').length,
    );
    expect(locate(readObjects(out)).size).toBe(400);
  });

  it('prints the summary table and the output tree', async () => {
    // Prepare
    let stdout = '';
    const out = join(scratch, 'summary');

    // Act
    const code = await runStart(
      ['--records', '300', '--seed', '4', '--late', '0.1', '--out', out],
      { stdout: (t) => (stdout += t), stderr: () => undefined },
    );

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/^stream\s+records in\s+Ok\s+Dropped/m);
    expect(stdout).toMatch(/^EventStream\s+300\s/m);
    expect(stdout).toMatch(/^ {2}late\s+\d+ {2}→ LateEventStream$/m);
    expect(stdout).toContain('├── events/year=2026/month=03/day=01/');
  });

  it('drops the late-data stream when its Condition is false', async () => {
    // Prepare
    const records = sample(300, 'no-late-stream');
    const out = join(scratch, 'no-late');

    // Act
    const report = await run(records, out, { RouteLateData: 'false' });

    // Assess
    expect(report.streams.map((s) => s.logicalId)).not.toContain(
      'LateEventStream',
    );
    const keys = readObjects(out).map((o) => o.key);
    expect(keys.some((key) => key.startsWith('late/'))).toBe(false);
    const late = records.filter((r) => r.kind === 'late');
    const found = locate(readObjects(out));
    for (const record of late)
      expect(found.get(record.id)?.[0]).toMatch(/^events\//);
  });

  it('refuses an output folder it did not write', async () => {
    // Prepare
    const out = join(scratch, 'precious');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    let stderr = '';

    // Act
    const code = await runStart(['--records', '10', '--out', out], {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('not written by npm start');
  });
});

describe('npm run event', () => {
  it('gives byte-identical events for the same seed', () => {
    // Act
    const a = JSON.stringify(
      generateEvent('firehose', { records: 50, seed: 's' }),
    );
    const b = JSON.stringify(
      generateEvent('firehose', { records: 50, seed: 's' }),
    );
    const c = JSON.stringify(
      generateEvent('firehose', { records: 50, seed: 't' }),
    );

    // Assess
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('makes CloudWatch Logs subscription payloads', () => {
    // Act
    const event = generateEvent('cloudwatch-logs', { records: 6, seed: '2' });
    const payloads = event.records.map(
      (r) =>
        JSON.parse(gunzipSync(Buffer.from(r.data, 'base64')).toString()) as {
          messageType: string;
          logEvents: unknown[];
        },
    );

    // Assess
    expect(payloads[0]?.messageType).toBe('CONTROL_MESSAGE');
    for (const payload of payloads.slice(1)) {
      expect(payload.messageType).toBe('DATA_MESSAGE');
      expect(payload.logEvents.length).toBeGreaterThanOrEqual(2);
    }
    expect(event.deliveryStreamArn).toMatch(/deliverystream\/local-/);
  });
});

function startCli(
  args: string[],
  stdin: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['local/start.ts', ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
