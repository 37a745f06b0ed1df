import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `npm run invoke` as a user runs it, with an environment that cannot reach AWS. */
function invoke(
  args: string[],
  script: 'invoke' | 'start' = 'invoke',
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  };
  return new Promise((resolve) => {
    execFile(
      'npm',
      script === 'invoke'
        ? ['run', '-s', 'invoke', '--', ...args, '--decode']
        : ['start', '-s', '--', ...args],
      { env, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : Number(error.code ?? 1);
        resolve({ code, stdout, stderr });
      },
    );
  });
}

interface DecodedAnswer {
  result: string;
  metadata?: { partitionKeys: Record<string, string> };
  jsonLines?: Record<string, unknown>[];
}

async function answers(args: string[]): Promise<DecodedAnswer[]> {
  const run = await invoke(args);
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { records: DecodedAnswer[] }).records;
}

const CSV_OVERRIDES = [
  'InputFormat=csv',
  'CsvColumns=orderId,timestamp,amount,currency,note',
  'RecordSchema=order',
];

describe('log-format sample events with npm run invoke', () => {
  it('turns the SAM CLI apachelog sample line into JSON, keeping its offset', async () => {
    // Act
    const records = await answers([
      'TransformFunction',
      'events/apache-common.json',
      '--parameter-overrides',
      'InputFormat=apache_common',
    ]);

    // Assess
    expect(records.map((r) => r.result)).toEqual([
      'Ok',
      'ProcessingFailed',
      'Ok',
      'Ok',
      'ProcessingFailed',
    ]);
    expect(records[0]?.jsonLines).toEqual([
      {
        host: '64.242.88.10',
        timestamp: '2004-03-07T16:10:02-08:00',
        method: 'GET',
        path: '/mailman/listinfo/hsdivision',
        protocol: 'HTTP/1.1',
        status: 200,
        size: 6291,
      },
    ]);
    expect(records[2]?.jsonLines).toHaveLength(2);
    expect(records[3]?.jsonLines?.[0]).toMatchObject({ user: 'frank' });
    expect(records[3]?.jsonLines?.[0]).not.toHaveProperty('size');
  });

  it('partitions access logs by the hour they were written', async () => {
    // Act
    const records = await answers([
      'EventTimePartitionFunction',
      'events/apache-common.json',
      '--parameter-overrides',
      'InputFormat=apache_common',
    ]);

    // Assess
    expect(records[0]?.metadata?.partitionKeys).toMatchObject({
      year: '2004',
      month: '03',
      day: '08',
      hour: '00',
    });
    expect(records.map((r) => r.result)).toEqual([
      'Ok',
      'ProcessingFailed',
      'Ok',
      'Ok',
      'ProcessingFailed',
    ]);
  });

  it('reads nginx combined lines with referrer and agent', async () => {
    // Act
    const records = await answers([
      'EventTimePartitionFunction',
      'events/nginx-combined.json',
      '--parameter-overrides',
      'InputFormat=nginx_combined',
    ]);

    // Assess
    expect(records.map((r) => r.result)).toEqual([
      'Ok',
      'Ok',
      'Ok',
      'ProcessingFailed',
    ]);
    expect(records[0]?.jsonLines?.[0]).toMatchObject({
      host: '172.17.0.1',
      user: 'alice',
      timestamp: '2021-04-01T12:02:31+00:00',
      status: 404,
      size: 153,
      referrer: 'http://localhost/somewhere',
    });
    expect(records[1]?.jsonLines?.[0]?.agent).toBe('curl/8.5.0 \\"probe\\"');
    expect(records[1]?.jsonLines?.[0]).not.toHaveProperty('referrer');
    expect(records[2]?.jsonLines?.[0]?.request).toBe(
      '\\x16\\x03\\x01\\x00\\xca\\x01',
    );
    expect(records[0]?.metadata?.partitionKeys.hour).toBe('12');
  });

  it('reads the RFC 5424 and RFC 3164 examples, inferring 3164 years from arrival', async () => {
    // Act
    const records = await answers([
      'EventTimePartitionFunction',
      'events/syslog.json',
      '--parameter-overrides',
      'InputFormat=syslog',
    ]);

    // Assess
    expect(records.map((r) => r.result)).toEqual([
      'Ok',
      'Ok',
      'Ok',
      'Ok',
      'Ok',
      'Ok',
      'Ok',
      'ProcessingFailed',
    ]);
    expect(records[0]?.jsonLines?.[0]).toEqual({
      facility: 'auth',
      severity: 'crit',
      version: 1,
      timestamp: '2003-10-11T22:14:15.003Z',
      hostname: 'mymachine.example.com',
      appname: 'su',
      msgid: 'ID47',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
    expect(records[3]?.jsonLines?.[0]?.structured_data).toEqual({
      'exampleSDID@32473': {
        iut: '3',
        eventSource: 'Application',
        eventID: '1011',
      },
      'examplePriority@32473': { class: 'high' },
    });
    expect(records[6]?.jsonLines?.[0]).toMatchObject({
      timestamp: '2026-12-31T23:59:59+00:00',
      appname: 'nginx',
      procid: '812',
    });
    expect(records[6]?.metadata?.partitionKeys.year).toBe('2026');
  });

  it('reads quoted CSV, coerced to the schema types, with exact big numbers', async () => {
    // Act
    const run = await invoke([
      'TransformFunction',
      'events/csv.json',
      '--parameter-overrides',
      ...CSV_OVERRIDES,
    ]);
    const records = (JSON.parse(run.stdout) as { records: DecodedAnswer[] })
      .records;

    // Assess
    expect(records.map((r) => r.result)).toEqual([
      'Ok',
      'Ok',
      'ProcessingFailed',
      'ProcessingFailed',
      'Ok',
    ]);
    expect(records[1]?.jsonLines).toEqual([
      {
        orderId: 'o-2002',
        timestamp: '2026-11-22T09:29:50Z',
        amount: 7,
        currency: 'USD',
        note: 'says "hi", twice',
      },
      {
        orderId: 'o-2003',
        timestamp: '2026-11-22T09:29:55Z',
        amount: 19.99,
        currency: 'GBP',
        note: 'two\nlines',
      },
    ]);
    expect(run.stdout).toContain('"amount": 12345678901234567890123');
  });

  it('fails the cold start naming CSV_COLUMNS when csv has no columns', async () => {
    // Act
    const run = await invoke([
      'TransformFunction',
      'events/csv.json',
      '--parameter-overrides',
      'InputFormat=csv',
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Invalid configuration: CSV_COLUMNS=""');
  });
});

describe('log-format sample events with npm start', () => {
  it('delivers syslog lines into event-time partitions of the local Firehose', async () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'log-formats-start-'));

    // Act
    const run = await invoke(
      [
        '--input',
        'events/syslog.json',
        '--parameter-overrides',
        'InputFormat=syslog',
        '--out',
        out,
        '--json',
      ],
      'start',
    );
    rmSync(out, { recursive: true, force: true });

    // Assess
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      streams: {
        logicalId: string;
        ok: number;
        processingFailed: number;
        keys: { key: string }[];
      }[];
    };
    const events = report.streams.find((s) => s.logicalId === 'EventStream');
    expect(events).toMatchObject({ ok: 7, processingFailed: 1 });
    expect(events?.keys.map((k) => k.key).join('\n')).toContain(
      'events/year=2026/month=12/day=31/hour=23/',
    );
  });
});
