import {
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  ListDeliveryStreamsCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from '../../local/serve/apiServer.ts';
import {
  type ApiStream,
  createFirehoseApi,
} from '../../local/serve/firehoseApi.ts';

// The real @aws-sdk/client-firehose against the API server, over HTTP on
// 127.0.0.1, with an in-memory stream behind it.

const kept: Buffer[] = [];
const stream: ApiStream = {
  name: 'local-A',
  encrypted: false,
  describe: () => ({
    DeliveryStreamName: 'local-A',
    DeliveryStreamARN:
      'arn:aws:firehose:us-east-1:123456789012:deliverystream/local-A',
    DeliveryStreamStatus: 'ACTIVE',
    DeliveryStreamType: 'DirectPut',
    VersionId: '1',
    CreateTimestamp: 1_796_137_400,
    Destinations: [{ DestinationId: 'destinationId-000000000001' }],
    HasMoreDestinations: false,
  }),
  put(records) {
    kept.push(...records);
    return records.map((_, i) => `id-${kept.length - records.length + i}`);
  },
};
const broken: ApiStream = {
  ...stream,
  name: 'local-Broken',
  put() {
    throw new Error('disk full');
  },
};
const api = createFirehoseApi({
  backend: {
    names: () => ['local-A', 'local-Broken'],
    find: (n) =>
      n === 'local-A' ? stream : n === 'local-Broken' ? broken : undefined,
  },
  accountId: '123456789012',
});
let server: ApiServer;
let client: FirehoseClient;

beforeAll(async () => {
  server = await startApiServer({ api, port: 0 });
  client = new FirehoseClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

describe('startApiServer with @aws-sdk/client-firehose', () => {
  it('takes PutRecord and PutRecordBatch, bytes unchanged', async () => {
    // Prepare
    kept.length = 0;
    const bytes = [Buffer.from('{"a":1}\n'), Buffer.from([0, 1, 254, 255])];

    // Act
    const one = await client.send(
      new PutRecordCommand({
        DeliveryStreamName: 'local-A',
        Record: { Data: bytes[0] },
      }),
    );
    const batch = await client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: 'local-A',
        Records: bytes.map((Data) => ({ Data })),
      }),
    );

    // Assess
    expect(one.RecordId).toBe('id-0');
    expect(one.Encrypted).toBe(false);
    expect(batch.FailedPutCount).toBe(0);
    expect(batch.RequestResponses).toEqual([
      { RecordId: 'id-1' },
      { RecordId: 'id-2' },
    ]);
    expect(kept).toEqual([bytes[0], ...bytes]);
  });

  it('lists and describes, the timestamp read as a date', async () => {
    // Act
    const list = await client.send(new ListDeliveryStreamsCommand({}));
    const described = await client.send(
      new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'local-A' }),
    );

    // Assess
    expect(list.DeliveryStreamNames).toEqual(['local-A', 'local-Broken']);
    expect(list.HasMoreDeliveryStreams).toBe(false);
    const description = described.DeliveryStreamDescription;
    expect(description?.DeliveryStreamStatus).toBe('ACTIVE');
    expect(description?.CreateTimestamp).toEqual(new Date(1_796_137_400_000));
  });

  it('gives the SDK Firehose errors it recognises, with their HTTP status', async () => {
    // Prepare
    const attempts = [
      new PutRecordCommand({
        DeliveryStreamName: 'missing',
        Record: { Data: Buffer.from('x') },
      }),
      new PutRecordBatchCommand({
        DeliveryStreamName: 'local-A',
        Records: Array.from({ length: 501 }, () => ({
          Data: Buffer.from('x'),
        })),
      }),
      new PutRecordCommand({
        DeliveryStreamName: 'local-A',
        Record: { Data: Buffer.alloc(1_024_001) },
      }),
      new PutRecordBatchCommand({
        DeliveryStreamName: 'local-A',
        Records: Array.from({ length: 5 }, () => ({
          Data: Buffer.alloc(900_000),
        })),
      }),
    ];

    // Act
    const errors = await Promise.all(
      attempts.map((command) =>
        client.send(command as PutRecordCommand).then(
          () => undefined,
          (error: { name: string; $metadata: { httpStatusCode: number } }) => [
            error.name,
            error.$metadata.httpStatusCode,
          ],
        ),
      ),
    );

    // Assess
    expect(errors).toEqual([
      ['ResourceNotFoundException', 400],
      ['ValidationException', 400],
      ['ValidationException', 400],
      ['InvalidArgumentException', 400],
    ]);
  });

  it('answers 500 InternalFailure for its own fault and keeps serving', async () => {
    // Act
    const failed = await client
      .send(
        new PutRecordCommand({
          DeliveryStreamName: 'local-Broken',
          Record: { Data: Buffer.from('x') },
        }),
      )
      .then(
        () => 'accepted',
        (error: { name: string; $metadata: { httpStatusCode?: number } }) =>
          `${error.name} ${error.$metadata.httpStatusCode}`,
      );
    const after = await client.send(new ListDeliveryStreamsCommand({}));

    // Assess
    expect(failed).toBe('InternalFailure 500');
    expect(after.DeliveryStreamNames).toHaveLength(2);
  });

  it('refuses a body over 16 MiB without keeping it', async () => {
    // Act
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Firehose_20150804.PutRecordBatch',
      },
      body: Buffer.alloc(16 * 1024 * 1024 + 1, 32),
    });

    // Assess
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      __type: 'SerializationException',
    });
  });
});
