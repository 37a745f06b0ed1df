import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaRunner } from '../../local/lambda/lambdaRunner.ts';
import {
  readEnvVarsFile,
  startFunction,
} from '../../local/lambda/localInvoke.ts';
import {
  createReingestMarker,
  LOCAL_MARKER_KEY,
} from '../../shared/reingest/reingestMarker.js';
import {
  createS3DeliveryStream,
  readObjects,
} from '../helpers/motoS3Stream.js';
import { type MotoServer, startMotoServer } from '../helpers/motoServer.js';
import {
  type FakeFirehoseServer,
  startFakeFirehose,
} from './senders/fakeFirehoseServer.js';

// The built EventTimePartitionFunction bundle, run like Lambda runs it, with
// events/partition.json and events/env.json; its fallback stream is a real
// moto_server Firehose delivering to moto's S3, or a fault-injecting fake.

const root = join(import.meta.dirname, '../..');
const event = JSON.parse(
  readFileSync(join(root, 'events/partition.json'), 'utf8'),
) as FirehoseTransformationEvent;
const expected = JSON.parse(
  readFileSync(
    join(import.meta.dirname, 'partitionEvent.expected.json'),
    'utf8',
  ),
) as { what: string; result: string; detail: string }[];
const envVars = readEnvVarsFile(join(root, 'events/env.json'));
const FALLBACK = 'local-LateEventStream';
const BUCKET = 'late-bucket';

let moto: MotoServer;
let fake: FakeFirehoseServer;
const runners: LambdaRunner[] = [];
let logs = '';

async function start(endpoint: string): Promise<LambdaRunner> {
  const runner = await startFunction({
    logicalId: 'EventTimePartitionFunction',
    envVars,
    callerEnv: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_FIREHOSE: endpoint,
    },
    logSink: (chunk) => {
      logs += chunk.toString('utf8');
    },
  });
  runners.push(runner);
  return runner;
}

/** The reason logged for each failed record, by recordId. */
function failureReasons(): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const line of logs.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as {
      message?: string;
      recordId?: string;
      reason?: string;
    };
    if (entry.message === 'record failed' && entry.recordId && entry.reason) {
      reasons.set(entry.recordId, entry.reason);
    }
  }
  return reasons;
}

async function readLateObjects(s3: S3Client): Promise<string> {
  return (await readObjects(s3, BUCKET)).join('');
}

beforeAll(async () => {
  [moto, fake] = await Promise.all([startMotoServer(), startFakeFirehose()]);
}, 30_000);

afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.close()));
  await Promise.all([moto?.stop(), fake?.close()]);
});

describe('EventTimePartitionFunction bundle with a moto_server fallback stream', () => {
  it('partitions on-time records and delivers late and early ones exactly once', async () => {
    // Prepare
    const s3 = await createS3DeliveryStream(moto, {
      bucket: BUCKET,
      stream: FALLBACK,
      prefix: 'late/',
    });
    const runner = await start(moto.endpoint);
    logs = '';

    // Act
    const response = (await runner.invoke(
      event,
    )) as FirehoseTransformationResult;

    // Assess: one answer per record, in order, as the sample file promises.
    expect(response.records.map((r) => r.recordId)).toEqual(
      event.records.map((r) => r.recordId),
    );
    const reasons = failureReasons();
    response.records.forEach((answer, i) => {
      const want = expected[i] as (typeof expected)[number];
      const input = event.records[i] as (typeof event.records)[number];
      if (want.result === 'Ok') {
        expect(answer.result, want.what).toBe('Ok');
        expect(answer.metadata?.partitionKeys?.hour, want.what).toBe(
          want.detail,
        );
      } else if (want.result === 'fallback') {
        expect(answer.result, want.what).toBe('Dropped');
      } else {
        expect(answer.result, want.what).toBe('ProcessingFailed');
        expect(answer.data, want.what).toBe(input.data);
        expect(reasons.get(answer.recordId), want.what).toBe(want.detail);
      }
    });
    const envelopes = (await readLateObjects(s3))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { recordId: string; reason: string });
    const routed = expected
      .map((want, i) => ({ want, id: event.records[i]?.recordId }))
      .filter(({ want }) => want.result === 'fallback');
    expect(envelopes.map((e) => [e.recordId, e.reason]).sort()).toEqual(
      routed.map(({ want, id }) => [id, want.detail]).sort(),
    );
  });
});

describe('EventTimePartitionFunction bundle with a failing fallback endpoint', () => {
  const routedIds = expected
    .map((want, i) =>
      want.result === 'fallback' ? event.records[i]?.recordId : undefined,
    )
    .filter((id) => id !== undefined);

  it('drops a late record only after the endpoint confirmed it', async () => {
    // Prepare: throttled, then one entry refused, then accepted: three
    // attempts, as many as events/env.json allows (FALLBACK_MAX_ATTEMPTS).
    fake.reset((call) =>
      call === 0
        ? { kind: 'throttle' }
        : call === 1
          ? { kind: 'partial', refuse: (_, index) => index === 0 }
          : { kind: 'accept' },
    );
    const runner = await start(fake.endpoint);

    // Act
    const response = (await runner.invoke(
      event,
    )) as FirehoseTransformationResult;

    // Assess
    const dropped = response.records.filter((r) => r.result === 'Dropped');
    expect(dropped.map((r) => r.recordId).sort()).toEqual(
      [...routedIds].sort(),
    );
    const storedIds = fake.stored.map(
      (payload) => (JSON.parse(payload) as { recordId: string }).recordId,
    );
    expect(storedIds.sort()).toEqual([...routedIds].sort());
    expect(fake.calls.map((c) => [c.fault, c.payloads.length])).toEqual([
      ['throttle', 2],
      ['partial', 2],
      ['accept', 1],
    ]);
  });

  it('fails late records to the error prefix when the endpoint never answers', async () => {
    // Prepare
    fake.reset(() => ({ kind: 'http500' }));
    const runner = await start(fake.endpoint);
    const started = Date.now();

    // Act
    const response = (await runner.invoke(
      event,
    )) as FirehoseTransformationResult;

    // Assess
    const byId = new Map(response.records.map((r) => [r.recordId, r]));
    for (const id of routedIds) {
      const input = event.records.find((r) => r.recordId === id);
      expect(byId.get(id)).toMatchObject({
        result: 'ProcessingFailed',
        data: input?.data,
      });
    }
    expect(response.records.some((r) => r.result === 'Dropped')).toBe(false);
    expect(fake.stored).toEqual([]);
    // FALLBACK_MAX_ATTEMPTS=3 with backoff: seconds, not the 60 s timeout.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('EventTimePartitionFunction bundle with records back from re-ingestion (issue 13)', () => {
  // events/env.json sets no REINGEST_MARKER_KEY: the bundle uses the local key.
  const marker = createReingestMarker(LOCAL_MARKER_KEY);
  const keys = {
    year: '2026',
    month: '03',
    day: '01',
    hour: '10',
    dt: '2026-03-01',
  };
  const end = Date.UTC(2026, 2, 1, 11); // hour 10 closes at 11:00 + 1h
  const line = '{"id":"back","timestamp":"2026-03-01T10:15:00Z"}';

  function returning(recordId: string, arrival: number) {
    const payload = Buffer.from(`${line}\n`);
    const data = Buffer.concat([
      marker.markerLine(payload, keys, {
        windowEndMs: end,
        eventTimeMs: Date.UTC(2026, 2, 1, 10, 15),
      }),
      payload,
    ]).toString('base64');
    return { recordId, approximateArrivalTimestamp: arrival, data };
  }

  it('files one back on time into its partition and routes one back late', async () => {
    // Prepare
    fake.reset(() => ({ kind: 'accept' }));
    const runner = await start(fake.endpoint);
    const returned = {
      ...event,
      records: [
        returning('on-time', end + 3_600_000),
        returning('late', end + 3_600_001),
      ],
    };

    // Act
    const response = (await runner.invoke(
      returned,
    )) as FirehoseTransformationResult;

    // Assess
    expect(response.records[0]).toMatchObject({
      recordId: 'on-time',
      result: 'Ok',
      data: Buffer.from(`${line}\n`).toString('base64'),
      metadata: { partitionKeys: keys },
    });
    expect(response.records[1]).toMatchObject({
      recordId: 'late',
      result: 'Dropped',
    });
    expect(fake.stored).toHaveLength(1);
    const envelope = fake.stored[0] as string;
    expect(JSON.parse(envelope)).toMatchObject({
      reason: 'late',
      recordId: 'late',
      eventTime: '2026-03-01T10:15:00.000Z',
      arrivalTime: '2026-03-01T12:00:00.001Z',
      partition: keys,
    });
    expect(envelope.endsWith(`"record":${line}}\n`)).toBe(true);
  });
});
