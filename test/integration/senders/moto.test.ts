import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BatchEntry } from '#shared/senders/batchTransport.js';
import { createFirehoseTransport } from '#shared/senders/firehoseTransport.js';
import { sendBatches } from '#shared/senders/sendBatches.js';
import {
  createS3DeliveryStream,
  readObjects,
} from '../../helpers/motoS3Stream.js';
import { type MotoServer, startMotoServer } from '../../helpers/motoServer.js';

const BUCKET = 'fallback-bucket';
const STREAM = 'fallback-stream';
const PREFIX = 'fallback/';

let moto: MotoServer | undefined;
let s3: S3Client;

/** Every object under the prefix, concatenated in key order. */
async function readDelivered(): Promise<{ objects: number; text: string }> {
  const texts = await readObjects(s3, BUCKET, PREFIX);
  return { objects: texts.length, text: texts.join('') };
}

beforeAll(async () => {
  moto = await startMotoServer();
  s3 = await createS3DeliveryStream(moto, {
    bucket: BUCKET,
    stream: STREAM,
    prefix: PREFIX,
  });
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
