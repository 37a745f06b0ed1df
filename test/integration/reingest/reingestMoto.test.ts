import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
} from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationEventRecord,
  FirehoseTransformationResult,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaRunner } from '../../../local/lambda/lambdaRunner.ts';
import { startFunction } from '../../../local/lambda/localInvoke.ts';
import {
  dataMessage,
  logEvent,
  logsRecord,
  type TestLogEvent,
} from '../../helpers/cloudWatchLogs.js';
import {
  createS3DeliveryStream,
  motoClientConfig,
  readObjects,
} from '../../helpers/motoS3Stream.js';
import { type MotoServer, startMotoServer } from '../../helpers/motoServer.js';

const BUCKET = 'reingest-bucket';
const STREAM = 'local-LogsStream';
const PREFIX = 'reingested/';
const KINESIS = 'source';
const ACCOUNT = '123456789012';
const LIMIT = 6_291_456;
const MARKER = '{"reingestedBy":"firehose-processors"';

let moto: MotoServer;
let s3: S3Client;
let kinesis: KinesisClient;
const runners: LambdaRunner[] = [];
const logs: string[] = [];

async function runner(logicalId: string): Promise<LambdaRunner> {
  const started = await startFunction({
    logicalId,
    callerEnv: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL: moto.endpoint,
    },
    logSink: (chunk) => logs.push(chunk.toString('utf8')),
  });
  runners.push(started);
  return started;
}

/** Every object under the prefix, as the records moto concatenated. */
async function readReingested(): Promise<string[]> {
  const records: string[] = [];
  for (const text of await readObjects(s3, BUCKET, PREFIX)) {
    // moto stores records back to back: each starts with its marker line.
    for (const line of text.split(/(?<=\n)/)) {
      if (line.startsWith(MARKER)) records.push(line);
      else records[records.length - 1] += line;
    }
  }
  return records;
}

function event(
  records: FirehoseTransformationEventRecord[],
  extra: Partial<FirehoseTransformationEvent> = {},
): FirehoseTransformationEvent {
  return {
    invocationId: 'reingest-1',
    deliveryStreamArn: `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/${STREAM}`,
    region: 'us-east-1',
    records,
    ...extra,
  };
}

/** Log event ids in JSON Lines text. */
function idsIn(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith(MARKER))
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

const decode = (data: string | undefined) =>
  Buffer.from(data ?? '', 'base64').toString('utf8');

beforeAll(async () => {
  moto = await startMotoServer();
  const config = motoClientConfig(moto);
  s3 = await createS3DeliveryStream(moto, {
    bucket: BUCKET,
    stream: STREAM,
    prefix: PREFIX,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/firehose`,
  });
  // moto speaks HTTP/1.1 only; the Kinesis client defaults to HTTP/2.
  kinesis = new KinesisClient({
    ...config,
    requestHandler: new NodeHttpHandler(),
  });
  await kinesis.send(
    new CreateStreamCommand({ StreamName: KINESIS, ShardCount: 1 }),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(runners.map((r) => r.close()));
  await moto?.stop();
});

describe('CloudWatchLogsFunction bundle re-ingesting into moto_server Firehose', () => {
  // Record 0: ~7 MB of output alone; records 1-6: ~1.4 MB each.
  const hour = Date.UTC(2026, 2, 1, 10);
  const batches: TestLogEvent[][] = [
    7_000, 1_400, 1_400, 1_400, 1_400, 1_400, 1_400,
  ].map((count, r) =>
    Array.from({ length: count }, (_, i) =>
      logEvent(hour + i, `record ${r} event ${i} ${'x'.repeat(800)}`),
    ),
  );
  const input = batches.map((events, r) =>
    logsRecord(dataMessage(events), { recordId: `cwl-${r}` }),
  );
  let response: FirehoseTransformationResult;
  let stored: string[];

  beforeAll(async () => {
    const cwl = await runner('CloudWatchLogsFunction');
    response = (await cwl.invoke(event(input))) as FirehoseTransformationResult;
    stored = await readReingested();
  }, 60_000);

  it('answers within the 6 MB limit', () => {
    // Prepare
    const size = Buffer.byteLength(JSON.stringify(response));

    // Act
    const results = response.records.map((r) => r.result);

    // Assess
    expect(size).toBeLessThanOrEqual(LIMIT);
    expect(results[0]).toBe('Dropped');
    expect(results).toContain('Ok');
    expect(results).not.toContain('ProcessingFailed');
  });

  it('stores every log event exactly once: in the response or re-ingested', () => {
    // Prepare
    const expected = batches
      .flat()
      .map((e) => e.id)
      .sort();

    // Act
    const answered = response.records
      .filter((r) => r.result === 'Ok')
      .flatMap((r) => idsIn(decode(r.data)));
    const reingested = stored.flatMap(idsIn);

    // Assess
    expect([...answered, ...reingested].sort()).toEqual(expected);
    const dropped = response.records.filter((r) => r.result === 'Dropped');
    const droppedIds = new Set(
      dropped
        .flatMap((r) => batches[Number(r.recordId.slice(4))] ?? [])
        .map((e) => e.id),
    );
    expect(new Set(reingested)).toEqual(droppedIds);
    for (const record of stored) {
      expect(Buffer.byteLength(record)).toBeLessThanOrEqual(1_024_000);
    }
  });

  it('answers the re-ingested records Ok with their keys when they come back, once', async () => {
    // Prepare: Firehose hands them back in batches of at most 3 MB
    // (BufferSizeInMBs), as new records.
    const cwl = await runner('CloudWatchLogsFunction');
    const back = stored.map((text, i) => ({
      recordId: `back-${i}`,
      approximateArrivalTimestamp: Date.now(),
      data: Buffer.from(text).toString('base64'),
    }));
    const batchesBack: (typeof back)[] = [[]];
    let bytes = 0;
    for (const record of back) {
      const size = Buffer.byteLength(
        stored[Number(record.recordId.slice(5))] ?? '',
      );
      if (bytes + size > 3_145_728) {
        batchesBack.push([]);
        bytes = 0;
      }
      batchesBack[batchesBack.length - 1]?.push(record);
      bytes += size;
    }
    const before = stored.length;

    // Act
    const answers = [];
    for (const batch of batchesBack) {
      const second = (await cwl.invoke(
        event(batch),
      )) as FirehoseTransformationResult;
      answers.push(...second.records);
    }

    // Assess
    expect(answers.map((r) => r.result)).toEqual(back.map(() => 'Ok'));
    answers.forEach((answer, i) => {
      const text = stored[i] as string;
      expect(decode(answer.data)).toBe(text.slice(text.indexOf('\n') + 1));
      expect(answer.metadata?.partitionKeys).toMatchObject({
        year: '2026',
        hour: '10',
      });
    });
    expect(await readReingested()).toHaveLength(before);
  });
});

describe('CloudWatchLogsFunction bundle re-ingesting into a moto_server Kinesis source', () => {
  it('puts the overflow back into the Kinesis stream with the record partition keys', async () => {
    // Prepare: 6 records of ~1.4 MB of output answer more than 6 MB.
    const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${KINESIS}`;
    const hour = Date.UTC(2026, 2, 1, 11);
    const batches = Array.from({ length: 6 }, (_, r) =>
      Array.from({ length: 1_400 }, (_, i) =>
        logEvent(hour + i, `kinesis ${r} ${i} ${'k'.repeat(800)}`),
      ),
    );
    const records = batches.map((events, r) => ({
      ...logsRecord(dataMessage(events), { recordId: `k-${r}` }),
      kinesisRecordMetadata: {
        shardId: 'shardId-000000000000',
        partitionKey: `customer-${r}`,
        approximateArrivalTimestamp: Date.now(),
        sequenceNumber: String(r),
        subsequenceNumber: '0',
      },
    }));
    const cwl = await runner('CloudWatchLogsFunction');

    // Act
    const response = (await cwl.invoke(
      event(records, { sourceKinesisStreamArn: arn }),
    )) as FirehoseTransformationResult;

    // Assess
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(
      LIMIT,
    );
    const moved = response.records
      .filter((r) => r.result === 'Dropped')
      .map((r) => Number(r.recordId.slice(2)));
    expect(moved.length).toBeGreaterThan(0);
    const shard = await kinesis.send(
      new DescribeStreamCommand({ StreamName: KINESIS }),
    );
    const iterator = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: KINESIS,
        ShardId: shard.StreamDescription?.Shards?.[0]?.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const got = await kinesis.send(
      new GetRecordsCommand({ ShardIterator: iterator.ShardIterator }),
    );
    const found = (got.Records ?? []).map((record) => {
      const text = Buffer.from(record.Data ?? []).toString('utf8');
      expect(text.startsWith(MARKER)).toBe(true);
      expect(record.Data?.length ?? 0).toBeLessThanOrEqual(1_048_576);
      return { key: record.PartitionKey, ids: idsIn(text) };
    });
    for (const { key, ids } of found) {
      const r = Number(key?.slice('customer-'.length));
      const expected = new Set(batches[r]?.map((e) => e.id));
      for (const id of ids) expect(expected.has(id)).toBe(true);
    }
    const ids = found.flatMap((f) => f.ids).sort();
    expect(ids).toEqual(
      moved.flatMap((r) => batches[r]?.map((e) => e.id) ?? []).sort(),
    );
  });
});
