import {
  CreateDeliveryStreamCommand,
  FirehoseClient,
} from '@aws-sdk/client-firehose';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BatchEntry } from '#shared/senders/batchTransport.js';
import { createFirehoseTransport } from '#shared/senders/firehoseTransport.js';
import { sendBatches } from '#shared/senders/sendBatches.js';
import { type MotoServer, startMotoServer } from '../../helpers/motoServer.js';

const BUCKET = 'fallback-bucket';
const STREAM = 'fallback-stream';
const PREFIX = 'fallback/';

let moto: MotoServer | undefined;
let s3: S3Client;

/** Every object under the prefix, concatenated in key order. */
async function readDelivered(): Promise<{ objects: number; text: string }> {
  let text = '';
  let objects = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: BUCKET,
        Prefix: PREFIX,
        ContinuationToken: token,
      }),
    );
    for (const { Key } of page.Contents ?? []) {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: BUCKET, Key }),
      );
      text += (await object.Body?.transformToString('utf8')) ?? '';
      objects++;
    }
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return { objects, text };
}

beforeAll(async () => {
  moto = await startMotoServer();
  const config = {
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  s3 = new S3Client({ ...config, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await new FirehoseClient(config).send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: STREAM,
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: {
        RoleARN: 'arn:aws:iam::123456789012:role/firehose',
        BucketARN: `arn:aws:s3:::${BUCKET}`,
        Prefix: PREFIX,
        BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 60 },
      },
    }),
  );
  // The transport's own client finds moto the standard way.
  vi.stubEnv('AWS_ENDPOINT_URL_FIREHOSE', moto.endpoint);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
}, 30_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await moto?.stop();
});

describe('sendBatches to moto_server Firehose', () => {
  it('stores 1,200 entries in S3 exactly once, in three PutRecordBatch calls', async () => {
    // Prepare: newline-terminated JSON (moto concatenates records as they
    // are), every fifth about 2 KB
    const input: BatchEntry[] = Array.from({ length: 1_200 }, (_, index) => {
      const pad = index % 5 === 0 ? 'p'.repeat(2_000) : '';
      const line = `${JSON.stringify({ recordId: `r${index}`, pad })}\n`;
      return { id: `r${index}`, data: Buffer.from(line) };
    });

    // Act
    const report = await sendBatches(input, {
      transport: createFirehoseTransport(STREAM),
      deadline: Date.now() + 15_000,
    });

    // Assess
    expect(report.delivered).toBe(1_200);
    expect(report.calls).toBe(3);
    const { objects, text } = await readDelivered();
    // moto writes one object per PutRecordBatch call, without buffering.
    expect(objects).toBe(3);
    const lines = text.split('\n').filter((line) => line !== '');
    const ids = lines.map(
      (line) => (JSON.parse(line) as { recordId: string }).recordId,
    );
    expect(ids).toHaveLength(1_200);
    expect(new Set(ids)).toEqual(new Set(input.map((entry) => entry.id)));
    expect(text.length).toBe(
      input.reduce((sum, entry) => sum + entry.data.byteLength, 0),
    );
  });
});
