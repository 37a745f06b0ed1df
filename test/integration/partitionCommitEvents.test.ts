import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaRunner } from '../../local/lambda/lambdaRunner.ts';
import { startFunction } from '../../local/lambda/localInvoke.ts';
import { createS3PartitionStore } from '../../shared/commit/s3PartitionStore.js';
import {
  createBucket,
  putFreshness,
  putObjects,
  readObject,
} from '../helpers/motoCommit.js';
import { motoClientConfig } from '../helpers/motoS3Stream.js';
import { type MotoServer, startMotoServer } from '../helpers/motoServer.js';

// Commit events through moto's EventBridge (a rule on the default bus
// targeting an SQS queue, which moto delivers to), and the S3 store's
// conditional put on its own.

const root = join(import.meta.dirname, '../..');
const schedule = JSON.parse(
  readFileSync(join(root, 'events/schedule.json'), 'utf8'),
) as Record<string, unknown>;

let moto: MotoServer;
const runners: LambdaRunner[] = [];

beforeAll(async () => {
  moto = await startMotoServer();
}, 30_000);

afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.close()));
  await moto?.stop();
});

async function queueForCommitEvents(name: string): Promise<{
  sqs: SQSClient;
  url: string;
}> {
  const config = motoClientConfig(moto);
  const sqs = new SQSClient(config);
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name })))
    .QueueUrl as string;
  const arn = (
    await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['QueueArn'],
      }),
    )
  ).Attributes?.QueueArn as string;
  const events = new EventBridgeClient(config);
  await events.send(
    new PutRuleCommand({
      Name: name,
      EventPattern: JSON.stringify({
        source: ['firehose-processors'],
        'detail-type': ['Partition Committed'],
      }),
    }),
  );
  await events.send(
    new PutTargetsCommand({ Rule: name, Targets: [{ Id: 'queue', Arn: arn }] }),
  );
  return { sqs, url };
}

async function receiveAll(sqs: SQSClient, url: string): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const page = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
    );
    const messages = page.Messages ?? [];
    if (messages.length === 0) return bodies;
    for (const m of messages) bodies.push(JSON.parse(m.Body ?? 'null'));
  }
}

describe('PartitionCommitFunction commit events', () => {
  it('publishes one Partition Committed event per commit when enabled, none on a second run', async () => {
    // Prepare
    const name = 'commit-events';
    const s3 = await createBucket(moto, name);
    const prefix = 'events/year=2026/month=03/day=01/hour=10/';
    await putObjects(s3, name, { [`${prefix}part-1`]: '{"n":1}\n' });
    await putFreshness(
      moto,
      name,
      '2026-03-01T11:00:00Z',
      '2026-03-01T12:35:00Z',
      240,
    );
    const { sqs, url } = await queueForCommitEvents(name);
    const runner = await startFunction({
      logicalId: 'PartitionCommitFunction',
      logSink: () => {},
      envVars: {
        PartitionCommitFunction: {
          DATA_BUCKET: name,
          DELIVERY_STREAM_NAME: name,
          COMMIT_LOOKBACK: '2h',
          COMMIT_EVENT_BUS: 'default',
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
    const event = { ...schedule, time: '2026-03-01T12:40:00Z' };

    // Act
    const report = (await runner.invoke(event)) as { committed: string[] };
    const first = await receiveAll(sqs, url);
    await runner.invoke(event);
    const second = await receiveAll(sqs, url);

    // Assess: W = 12:29:59, lookback 2 h: hours 09 and 10.
    expect(report.committed).toEqual([
      'events/year=2026/month=03/day=01/hour=09/',
      prefix,
    ]);
    expect(second).toEqual([]);
    const details = (
      first as { source: string; 'detail-type': string; detail: unknown }[]
    )
      .map((e) => {
        expect([e.source, e['detail-type']]).toEqual([
          'firehose-processors',
          'Partition Committed',
        ]);
        return e.detail as Record<string, unknown>;
      })
      .sort((a, b) => String(a.prefix).localeCompare(String(b.prefix)));
    expect(details.map((d) => [d.prefix, d.objectCount, d.bytes])).toEqual([
      ['events/year=2026/month=03/day=01/hour=09/', 0, 0],
      [prefix, 1, 8],
    ]);
    expect(details[1]).toEqual({
      version: 1,
      bucket: name,
      prefix,
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
      objectCount: 1,
      bytes: 8,
      watermark: '2026-03-01T12:29:59.000Z',
      allowedLatenessMs: 3_600_000,
      committedAt: '2026-03-01T12:40:00.000Z',
      deliveryStream: name,
      manifestKey: `${prefix}_SUCCESS`,
    });
  });
});

describe('createS3PartitionStore', () => {
  it('writes a manifest once: If-None-Match: * refuses the second write', async () => {
    // Prepare
    const name = 'commit-conditional';
    const s3 = await createBucket(moto, name);
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    const store = createS3PartitionStore(name);
    const key = 'events/year=2026/_SUCCESS';

    // Act
    const outcomes = [
      await store.putIfAbsent(key, '{"first":true}\n'),
      await store.putIfAbsent(key, '{"second":true}\n'),
    ];
    const listing = await store.list('events/year=2026/');

    // Assess
    expect(outcomes).toEqual(['written', 'exists']);
    expect((await readObject(s3, name, key)).text).toBe('{"first":true}\n');
    expect(listing).toEqual({ objects: [], committed: true });
  });
});
