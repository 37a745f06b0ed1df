import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaRunner } from '../../local/lambda/lambdaRunner.ts';
import { startFunction } from '../../local/lambda/localInvoke.ts';
import {
  createBucket,
  listKeys,
  putFreshness,
  putObjects,
  readObject,
} from '../helpers/motoCommit.js';
import { type MotoServer, startMotoServer } from '../helpers/motoServer.js';

// The built PartitionCommitFunction bundle, run like Lambda runs it with
// events/schedule.json, against moto_server's S3 and CloudWatch (and
// EventBridge → SQS for the commit events), through the real SDK.

const root = join(import.meta.dirname, '../..');
const schedule = JSON.parse(
  readFileSync(join(root, 'events/schedule.json'), 'utf8'),
) as Record<string, unknown>;

interface Report {
  watermark: { watermarkMs: number | null; evidence: string };
  candidates: number;
  committed: string[];
  alreadyCommitted: number;
}

interface ManifestJson {
  version: number;
  bucket: string;
  prefix: string;
  partition: Record<string, string>;
  window: { start: string; end: string };
  objectCount: number;
  bytes: number;
  objects: { key: string; size: number; etag: string }[];
  watermark: string;
  allowedLatenessMs: number;
  committedAt: string;
  deliveryStream: string;
}

const HOUR_09 = 'events/year=2026/month=03/day=01/hour=09/';
const HOUR_10 = 'events/year=2026/month=03/day=01/hour=10/';
const HOUR_11 = 'events/year=2026/month=03/day=01/hour=11/';

let moto: MotoServer;
const runners: LambdaRunner[] = [];

beforeAll(async () => {
  moto = await startMotoServer();
}, 30_000);

afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.close()));
  await moto?.stop();
});

/** A warm PartitionCommitFunction with its own bucket and stream name. */
async function start(
  name: string,
  variables: Record<string, string> = {},
): Promise<LambdaRunner> {
  const runner = await startFunction({
    logicalId: 'PartitionCommitFunction',
    logSink: () => {},
    envVars: {
      PartitionCommitFunction: {
        DATA_BUCKET: name,
        DELIVERY_STREAM_NAME: name,
        ...variables,
      },
    },
    callerEnv: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL: moto.endpoint,
    },
  });
  runners.push(runner);
  return runner;
}

function at(time: string) {
  return { ...schedule, time };
}

function successKeys(keys: string[]): string[] {
  return keys.filter((key) => key.endsWith('/_SUCCESS'));
}

const DATA = {
  [`${HOUR_09}local-EventStream-1-2026-03-01-09-10-00-a`]: '{"n":1}\n',
  [`${HOUR_10}local-EventStream-1-2026-03-01-10-05-00-b`]: '{"n":2}\n{"n":3}\n',
  [`${HOUR_10}local-EventStream-1-2026-03-01-11-20-00-c`]: '{"n":4}\n',
  [`${HOUR_11}local-EventStream-1-2026-03-01-11-30-00-d`]: '{"n":5}\n',
};

describe('PartitionCommitFunction bundle against moto_server', () => {
  it('commits no partition whose end + lateness the watermark has not passed', async () => {
    // Prepare: 2 h old records in flight up to 12:05, so W = 10:03:59.
    const name = 'commit-short';
    const s3 = await createBucket(moto, name);
    await putObjects(s3, name, DATA);
    await putFreshness(
      moto,
      name,
      '2026-03-01T09:00:00Z',
      '2026-03-01T12:05:00Z',
      7200,
    );
    const runner = await start(name, { COMMIT_LOOKBACK: '1h' });

    // Act
    const report = (await runner.invoke(at('2026-03-01T12:10:00Z'))) as Report;

    // Assess: hour 09, the first with data, needs W > 11:00 (end 10:00 +
    // 1 h); hour 08 (end 09:00) became complete within the last hour.
    expect(report.watermark).toEqual({
      watermarkMs: Date.parse('2026-03-01T10:03:59Z'),
      evidence: 'freshness',
      // The freshness window spans the lookback: 11:05 to 12:05.
      datapoints: 60,
    });
    const hour08 = 'events/year=2026/month=03/day=01/hour=08/';
    expect(report.committed).toEqual([hour08]);
    expect(successKeys(await listKeys(s3, name))).toEqual([
      `${hour08}_SUCCESS`,
    ]);
  });

  it('commits every complete partition of the lookback with its manifest, empty ones too', async () => {
    // Prepare: 4 min old records up to 12:35: W = 12:29:59, so hours up
    // to 10 (end 11:00 + 1 h < W) are complete and hour 11 is not.
    const name = 'commit-complete';
    const s3 = await createBucket(moto, name);
    await putObjects(s3, name, DATA);
    await putFreshness(
      moto,
      name,
      '2026-03-01T09:00:00Z',
      '2026-03-01T12:35:00Z',
      240,
    );
    const runner = await start(name, { COMMIT_LOOKBACK: '6h' });

    // Act
    const report = (await runner.invoke(at('2026-03-01T12:40:00Z'))) as Report;

    // Assess: completion instants (end + 1 h) in (W − 6 h, W): ends
    // 06:00 … 11:00, i.e. hours 05 to 10.
    const hours = ['05', '06', '07', '08', '09', '10'];
    const prefixes = hours.map(
      (h) => `events/year=2026/month=03/day=01/hour=${h}/`,
    );
    expect(report.watermark.watermarkMs).toBe(
      Date.parse('2026-03-01T12:29:59Z'),
    );
    expect(report.committed).toEqual(prefixes);
    expect(successKeys(await listKeys(s3, name))).toEqual(
      prefixes.map((p) => `${p}_SUCCESS`),
    );
    const hour10 = JSON.parse(
      (await readObject(s3, name, `${HOUR_10}_SUCCESS`)).text,
    ) as ManifestJson;
    const etags = await Promise.all(
      Object.keys(DATA)
        .filter((key) => key.startsWith(HOUR_10))
        .map(async (key) => (await readObject(s3, name, key)).etag),
    );
    expect(hour10).toEqual({
      version: 1,
      bucket: name,
      prefix: HOUR_10,
      partition: {
        year: '2026',
        month: '03',
        day: '01',
        hour: '10',
        dt: '2026-03-01',
      },
      window: {
        start: '2026-03-01T10:00:00.000Z',
        end: '2026-03-01T11:00:00.000Z',
      },
      objectCount: 2,
      bytes: 24,
      objects: [
        {
          key: `${HOUR_10}local-EventStream-1-2026-03-01-10-05-00-b`,
          size: 16,
          etag: etags[0],
        },
        {
          key: `${HOUR_10}local-EventStream-1-2026-03-01-11-20-00-c`,
          size: 8,
          etag: etags[1],
        },
      ],
      watermark: '2026-03-01T12:29:59.000Z',
      allowedLatenessMs: 3_600_000,
      committedAt: '2026-03-01T12:40:00.000Z',
      deliveryStream: name,
    });
    const hour07 = JSON.parse(
      (
        await readObject(
          s3,
          name,
          'events/year=2026/month=03/day=01/hour=07/_SUCCESS',
        )
      ).text,
    ) as ManifestJson;
    expect([hour07.objectCount, hour07.bytes, hour07.objects]).toEqual([
      0,
      0,
      [],
    ]);
  });

  it('is idempotent: a second run commits nothing and rewrites no manifest', async () => {
    // Prepare
    const name = 'commit-twice';
    const s3 = await createBucket(moto, name);
    await putObjects(s3, name, DATA);
    await putFreshness(
      moto,
      name,
      '2026-03-01T09:00:00Z',
      '2026-03-01T13:35:00Z',
      240,
    );
    const runner = await start(name, { COMMIT_LOOKBACK: '3h' });
    const first = (await runner.invoke(at('2026-03-01T12:40:00Z'))) as Report;
    const before = await readObject(s3, name, `${HOUR_10}_SUCCESS`);

    // Act: the same event again, then a later one with a higher watermark.
    const again = (await runner.invoke(at('2026-03-01T12:40:00Z'))) as Report;
    const later = (await runner.invoke(at('2026-03-01T13:40:00Z'))) as Report;

    // Assess: W = 12:29:59, then 13:29:59 (hours 09 to 11); lookback 3 h.
    const hour08 = 'events/year=2026/month=03/day=01/hour=08/';
    expect(first.committed).toEqual([hour08, HOUR_09, HOUR_10]);
    expect([again.committed, again.alreadyCommitted]).toEqual([[], 3]);
    expect([later.committed, later.alreadyCommitted]).toEqual([[HOUR_11], 2]);
    expect(await readObject(s3, name, `${HOUR_10}_SUCCESS`)).toEqual(before);
  });

  it('lets exactly one of two concurrent runs commit each partition', async () => {
    // Prepare
    const name = 'commit-race';
    const s3 = await createBucket(moto, name);
    await putObjects(s3, name, DATA);
    await putFreshness(
      moto,
      name,
      '2026-03-01T09:00:00Z',
      '2026-03-01T12:35:00Z',
      240,
    );
    const [a, b] = await Promise.all([start(name), start(name)]);
    const event = at('2026-03-01T12:40:00Z');

    // Act
    const reports = (await Promise.all([
      (a as LambdaRunner).invoke(event),
      (b as LambdaRunner).invoke(event),
    ])) as Report[];

    // Assess: 48 complete hours in the 2 d lookback, each written once.
    const all = reports.flatMap((r) => r.committed);
    expect(all.length).toBe(48);
    expect(new Set(all).size).toBe(48);
    expect(reports.map((r) => r.committed.length + r.alreadyCommitted)).toEqual(
      [48, 48],
    );
    expect(successKeys(await listKeys(s3, name)).length).toBe(48);
  });

  it('advances the watermark over an idle stream, unless IDLE_STREAM_AFTER is off', async () => {
    // Prepare: records flowed until 10:30 (1 min old), then nothing.
    const name = 'commit-idle';
    const s3: S3Client = await createBucket(moto, name);
    await putObjects(s3, name, DATA);
    await putFreshness(
      moto,
      name,
      '2026-03-01T10:00:00Z',
      '2026-03-01T10:30:00Z',
      60,
    );
    const holding = await start(name, {
      IDLE_STREAM_AFTER: 'off',
      COMMIT_LOOKBACK: '4h',
    });
    const idle = await start(name, { COMMIT_LOOKBACK: '4h' });
    const event = at('2026-03-01T13:30:00Z');

    // Act
    const held = (await holding.invoke(event)) as Report;
    const advanced = (await idle.invoke(event)) as Report;

    // Assess: off: W = 10:29 − 61 s, so completion instants in
    // (06:27:59, 10:27:59): hours 05 to 08. Idle: W = 13:24 (the last
    // period before the 5 min publication delay): hours 08 to 11, of
    // which 08 is committed already.
    expect(held.watermark).toMatchObject({
      watermarkMs: Date.parse('2026-03-01T10:27:59Z'),
      evidence: 'freshness',
    });
    const hour = (h: string) => `events/year=2026/month=03/day=01/hour=${h}/`;
    expect(held.committed).toEqual(['05', '06', '07', '08'].map(hour));
    expect(advanced.watermark).toMatchObject({
      watermarkMs: Date.parse('2026-03-01T13:24:00Z'),
      evidence: 'idle',
    });
    expect(advanced.committed).toEqual([HOUR_09, HOUR_10, HOUR_11]);
    expect(advanced.alreadyCommitted).toBe(1);
  });
});
