import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalFirehose } from '../../local/localFirehose.ts';
import { sampleRecordStream } from '../../local/sampleRecords.ts';
import { runStart } from '../../local/startCommand.ts';
import { errorRecords, readObjects } from '../helpers/localObjects.js';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'local-firehose-run-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function start(args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await runStart(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe('npm start --input', () => {
  it('delivers invalid UTF-8 unaltered: the error record holds the original bytes', async () => {
    // Prepare
    const bad = Buffer.concat([
      Buffer.from('{"eventId":"e-1","timestamp":"2026-03-01T09:00:00Z","x":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const input = join(scratch, 'bad.ndjson');
    writeFileSync(input, Buffer.concat([bad, Buffer.from('\n')]));
    const out = join(scratch, 'utf8');

    // Act
    const run = await start(['--input', input, '--out', out]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 record from');
    const failed = errorRecords(readObjects(out), 'errors/');
    expect(failed).toHaveLength(1);
    expect(Buffer.from(failed[0]?.rawData ?? '', 'base64').equals(bad)).toBe(
      true,
    );
    expect(run.stdout).toMatch(/invalid-utf8\s+1/);
  });

  it('names TIMESTAMP_FIELD when most records miss their timestamp', async () => {
    // Act
    const run = await start([
      '--input',
      'events/partition.json',
      '--out',
      join(scratch, 'missing'),
    ]);

    // Assess
    expect(run.stdout).toMatch(
      /note: 15 of 16 records into EventStream \(94 %\) failed missing-timestamp: .*TimestampField=/,
    );
  });

  it('takes --env-vars like npm run invoke (and the note goes away)', async () => {
    // Act
    const run = await start([
      '--input',
      'events/partition.json',
      '--env-vars',
      'events/env.json',
      '--out',
      join(scratch, 'env-vars'),
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^EventStream\s+16\s+9\s+2\s+5\s/m);
    expect(run.stdout).not.toContain('note:');
  });

  it('names --arrival-field when historical records all arrive late', async () => {
    // Prepare: event times of 2026-03-01, arriving now.
    const input = join(scratch, 'history.ndjson');
    const lines = Array.from(
      { length: 20 },
      (_, i) =>
        `{"eventId":"h-${i}","timestamp":"2026-03-01T09:${String(i).padStart(2, '0')}:00Z"}`,
    );
    writeFileSync(input, `${lines.join('\n')}\n`);

    // Act
    const run = await start([
      '--input',
      input,
      '--out',
      join(scratch, 'history'),
    ]);

    // Assess
    expect(run.stdout).toMatch(
      /note: 20 of 20 records into EventStream \(100 %\) were routed late: .*--arrival-field <path>/,
    );
  });
});

describe('npm start failures', () => {
  it('exits 1 and says first that the function failed at init', async () => {
    // Prepare
    const input = join(scratch, 'one.ndjson');
    writeFileSync(
      input,
      '{"eventId":"m-1","timestamp":"2026-03-01T09:00:00Z"}\n',
    );

    // Act
    const run = await start([
      '--input',
      input,
      '--parameter-overrides',
      'PartitionTimezone=Mars/Olympus',
      '--out',
      join(scratch, 'mars'),
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toMatch(
      /^error: EventStream: 1 batch of records failed \(1 record to the error prefix\): EventTimePartitionFunction failed at init: ConfigurationError: .*PARTITION_TIMEZONE="Mars\/Olympus"/,
    );
    expect(run.stdout).toMatch(/failed invocations: ConfigurationError\s+4/);
  });

  it('exits 2 with a clear message for a template that is not YAML', async () => {
    // Prepare
    const template = join(scratch, 'broken.yaml');
    writeFileSync(template, 'Resources: [\n  bad: : x\n');

    // Act
    const run = await start([
      '--template',
      template,
      '--out',
      join(scratch, 'y'),
    ]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: .*broken\.yaml: the template is not valid YAML: /,
    );
    expect(run.stderr).not.toContain('YAMLParseError');
    expect(run.stderr).not.toContain('    at ');
  });

  it('exits 2 when --out names a file', async () => {
    // Prepare
    const path = join(scratch, 'a-file');
    writeFileSync(path, 'x');

    // Act
    const run = await start(['--records', '5', '--out', path]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: --out ${path} is a file, not a folder: choose a folder for the objects\n`,
    );
    expect(readFileSync(path, 'utf8')).toBe('x');
  });

  it('refuses a negative --active-partition-limit', async () => {
    // Act
    const run = await start(['--active-partition-limit', '-3']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'error: --active-partition-limit needs a positive integer, not -3',
    );
  });
});

describe('npm start --logs', () => {
  it('starts each function log line with its stream and function', async () => {
    // Act
    const run = await start([
      '--records',
      '20',
      '--logs',
      '--out',
      join(scratch, 'logs'),
    ]);

    // Assess
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(line.startsWith('[EventStream EventTimePartitionFunction] ')).toBe(
        true,
      );
  });
});

describe('runLocalFirehose', () => {
  it('pulls its records one at a time (memory does not grow with the input)', async () => {
    // Prepare: count how far the iterator is ahead of the records put.
    let pulled = 0;
    let maxAhead = 0;
    const sample = sampleRecordStream({ count: 2_000, seed: 'lazy' });
    const records = (function* () {
      for (const record of sample) {
        pulled++;
        yield { data: Buffer.from(record.text), arrivalMs: record.arrivalMs };
      }
    })();

    // Act
    const report = await runLocalFirehose({
      stream: 'EventStream',
      records,
      out: join(scratch, 'lazy'),
      onProgress: (done) => {
        maxAhead = Math.max(maxAhead, pulled - done);
      },
    });

    // Assess
    const events = report.streams.find((s) => s.logicalId === 'EventStream');
    expect(events?.recordsIn).toBe(2_000);
    expect(maxAhead).toBeLessThanOrEqual(1);
  });
});
