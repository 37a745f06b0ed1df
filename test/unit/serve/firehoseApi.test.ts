import { describe, expect, it } from 'vitest';
import {
  type ApiBackend,
  type ApiStream,
  createFirehoseApi,
  PutLimits,
} from '../../../local/serve/firehoseApi.ts';

/** Streams that keep what was put into them. */
function memoryBackend(names: string[]) {
  const put = new Map<string, Buffer[]>();
  const streams = new Map<string, ApiStream>();
  for (const name of names) {
    put.set(name, []);
    streams.set(name, {
      name,
      encrypted: true,
      describe: () => ({
        DeliveryStreamName: name,
        Destinations: [{ DestinationId: 'destinationId-000000000001' }],
        HasMoreDestinations: false,
      }),
      put(records) {
        const kept = put.get(name) as Buffer[];
        kept.push(...records);
        return records.map(
          (_, i) => `${name}-${kept.length - records.length + i + 1}`,
        );
      },
    });
  }
  const backend: ApiBackend = {
    names: () => names,
    find: (name) => streams.get(name),
  };
  return { backend, put };
}

function call(
  api: ReturnType<typeof createFirehoseApi>,
  operation: string,
  input: unknown,
) {
  return api.handle({
    method: 'POST',
    target: `Firehose_20150804.${operation}`,
    body: JSON.stringify(input),
  });
}

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

describe('createFirehoseApi', () => {
  it('puts one record and answers its RecordId', () => {
    // Prepare
    const { backend, put } = memoryBackend(['local-A']);
    const api = createFirehoseApi({ backend, accountId: '123456789012' });

    // Act
    const answer = call(api, 'PutRecord', {
      DeliveryStreamName: 'local-A',
      Record: { Data: b64('{"a":1}') },
    });

    // Assess
    expect(answer).toEqual({
      status: 200,
      body: { RecordId: 'local-A-1', Encrypted: true },
    });
    expect(put.get('local-A')?.map(String)).toEqual(['{"a":1}']);
    expect(api.calls).toEqual({
      PutRecord: 1,
      PutRecordBatch: 0,
      records: 1,
      refused: 0,
    });
  });

  it('puts a batch in order, bytes unchanged, with a response per record', () => {
    // Prepare
    const { backend, put } = memoryBackend(['local-A']);
    const api = createFirehoseApi({ backend, accountId: '123456789012' });
    const records = [
      Buffer.from([0, 255, 10]),
      Buffer.from('x'),
      Buffer.alloc(0),
    ];

    // Act
    const answer = call(api, 'PutRecordBatch', {
      DeliveryStreamName: 'local-A',
      Records: records.map((data) => ({ Data: b64(data) })),
    });

    // Assess
    expect(answer.body).toEqual({
      FailedPutCount: 0,
      Encrypted: true,
      RequestResponses: [
        { RecordId: 'local-A-1' },
        { RecordId: 'local-A-2' },
        { RecordId: 'local-A-3' },
      ],
    });
    expect(put.get('local-A')).toEqual(records);
  });

  it('answers ResourceNotFoundException for an unknown stream', () => {
    // Prepare
    const { backend } = memoryBackend(['local-A']);
    const api = createFirehoseApi({ backend, accountId: '123456789012' });

    // Act
    const answer = call(api, 'PutRecord', {
      DeliveryStreamName: 'nope',
      Record: { Data: b64('x') },
    });

    // Assess
    expect(answer).toEqual({
      status: 400,
      errorType: 'ResourceNotFoundException',
      body: {
        __type: 'ResourceNotFoundException',
        message: 'Firehose nope under account 123456789012 not found.',
      },
    });
    expect(api.calls.refused).toBe(1);
  });

  it('refuses 501 records, takes 500', () => {
    // Prepare
    const { backend, put } = memoryBackend(['local-A']);
    const api = createFirehoseApi({ backend, accountId: '1' });
    const records = (n: number) =>
      Array.from({ length: n }, () => ({ Data: b64('r') }));

    // Act
    const over = call(api, 'PutRecordBatch', {
      DeliveryStreamName: 'local-A',
      Records: records(PutLimits.records + 1),
    });
    const limit = call(api, 'PutRecordBatch', {
      DeliveryStreamName: 'local-A',
      Records: records(PutLimits.records),
    });

    // Assess
    expect(over.status).toBe(400);
    expect(over.errorType).toBe('ValidationException');
    expect((over.body as { message: string }).message).toMatch(
      /at 'records' failed to satisfy constraint: Member must have length less than or equal to 500/,
    );
    expect(limit.status).toBe(200);
    expect(put.get('local-A')).toHaveLength(500);
  });

  it('refuses a record over 1,024,000 bytes and takes one of exactly 1,024,000', () => {
    // Prepare
    const { backend, put } = memoryBackend(['local-A']);
    const api = createFirehoseApi({ backend, accountId: '1' });

    // Act
    const over = call(api, 'PutRecordBatch', {
      DeliveryStreamName: 'local-A',
      Records: [
        { Data: b64('ok') },
        { Data: b64(Buffer.alloc(PutLimits.recordBytes + 1, 97)) },
      ],
    });
    const single = call(api, 'PutRecord', {
      DeliveryStreamName: 'local-A',
      Record: { Data: b64(Buffer.alloc(PutLimits.recordBytes + 1, 97)) },
    });
    const exact = call(api, 'PutRecord', {
      DeliveryStreamName: 'local-A',
      Record: { Data: b64(Buffer.alloc(PutLimits.recordBytes, 97)) },
    });

    // Assess
    expect(over.errorType).toBe('ValidationException');
    expect((over.body as { message: string }).message).toBe(
      "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1024001 cap=1024001]' at 'records.2.member.data' failed to satisfy constraint: Member must have length less than or equal to 1024000",
    );
    expect(single.errorType).toBe('ValidationException');
    expect((single.body as { message: string }).message).toMatch(
      /at 'record\.data'/,
    );
    expect(exact.status).toBe(200);
    expect(put.get('local-A')?.map((b) => b.length)).toEqual([1_024_000]);
  });

  it('refuses a batch over 4 MiB with InvalidArgumentException and keeps none of it', () => {
    // Prepare
    const { backend, put } = memoryBackend(['local-A']);
    const api = createFirehoseApi({ backend, accountId: '1' });
    const big = { Data: b64(Buffer.alloc(1_000_000, 98)) };

    // Act
    const over = call(api, 'PutRecordBatch', {
      DeliveryStreamName: 'local-A',
      Records: [big, big, big, big, { Data: b64(Buffer.alloc(194_305)) }],
    });
    const exact = call(api, 'PutRecordBatch', {
      DeliveryStreamName: 'local-A',
      Records: [big, big, big, big, { Data: b64(Buffer.alloc(194_304)) }],
    });

    // Assess
    expect(over.status).toBe(400);
    expect(over.errorType).toBe('InvalidArgumentException');
    expect(exact.status).toBe(200);
    expect(put.get('local-A')).toHaveLength(5);
  });

  it('refuses Data that is not base64, and a missing Data', () => {
    // Prepare
    const { backend, put } = memoryBackend(['local-A']);
    const api = createFirehoseApi({ backend, accountId: '1' });

    // Act
    const notBase64 = call(api, 'PutRecord', {
      DeliveryStreamName: 'local-A',
      Record: { Data: 'not base64!' },
    });
    const missing = call(api, 'PutRecordBatch', {
      DeliveryStreamName: 'local-A',
      Records: [{}],
    });
    const noRecord = call(api, 'PutRecord', { DeliveryStreamName: 'local-A' });

    // Assess
    expect(notBase64.errorType).toBe('SerializationException');
    expect(missing.errorType).toBe('ValidationException');
    expect((noRecord.body as { message: string }).message).toBe(
      "1 validation error detected: Value null at 'record' failed to satisfy constraint: Member must not be null",
    );
    expect(put.get('local-A')).toEqual([]);
  });

  it('lists stream names sorted, by pages', () => {
    // Prepare
    const { backend } = memoryBackend(['local-C', 'local-A', 'local-B']);
    const api = createFirehoseApi({ backend, accountId: '1' });

    // Act
    const all = call(api, 'ListDeliveryStreams', {});
    const first = call(api, 'ListDeliveryStreams', { Limit: 2 });
    const next = call(api, 'ListDeliveryStreams', {
      Limit: 2,
      ExclusiveStartDeliveryStreamName: 'local-B',
    });
    const other = call(api, 'ListDeliveryStreams', {
      DeliveryStreamType: 'KinesisStreamAsSource',
    });
    const bad = call(api, 'ListDeliveryStreams', { Limit: 0 });

    // Assess
    expect(all.body).toEqual({
      DeliveryStreamNames: ['local-A', 'local-B', 'local-C'],
      HasMoreDeliveryStreams: false,
    });
    expect(first.body).toEqual({
      DeliveryStreamNames: ['local-A', 'local-B'],
      HasMoreDeliveryStreams: true,
    });
    expect(next.body).toEqual({
      DeliveryStreamNames: ['local-C'],
      HasMoreDeliveryStreams: false,
    });
    expect(other.body).toEqual({
      DeliveryStreamNames: [],
      HasMoreDeliveryStreams: false,
    });
    expect(bad.errorType).toBe('ValidationException');
  });

  it('describes a stream, and no destination after the last one', () => {
    // Prepare
    const { backend } = memoryBackend(['local-A']);
    const api = createFirehoseApi({ backend, accountId: '1' });

    // Act
    const described = call(api, 'DescribeDeliveryStream', {
      DeliveryStreamName: 'local-A',
    });
    const after = call(api, 'DescribeDeliveryStream', {
      DeliveryStreamName: 'local-A',
      ExclusiveStartDestinationId: 'destinationId-000000000001',
    });
    const missing = call(api, 'DescribeDeliveryStream', {
      DeliveryStreamName: 'local-Z',
    });

    // Assess
    expect(described.body).toEqual({
      DeliveryStreamDescription: {
        DeliveryStreamName: 'local-A',
        Destinations: [{ DestinationId: 'destinationId-000000000001' }],
        HasMoreDestinations: false,
      },
    });
    expect(after.body).toMatchObject({
      DeliveryStreamDescription: { Destinations: [] },
    });
    expect(missing.errorType).toBe('ResourceNotFoundException');
  });

  it('refuses other operations, methods and bodies with the protocol errors', () => {
    // Prepare
    const { backend } = memoryBackend(['local-A']);
    const api = createFirehoseApi({ backend, accountId: '1' });

    // Act
    const unknown = call(api, 'CreateDeliveryStream', {});
    const get = api.handle({ method: 'GET', target: undefined, body: '' });
    const garbage = api.handle({
      method: 'POST',
      target: 'Firehose_20150804.PutRecord',
      body: '{not json',
    });

    // Assess
    expect(unknown).toMatchObject({
      status: 400,
      errorType: 'UnknownOperationException',
    });
    expect(get.status).toBe(405);
    expect(garbage).toMatchObject({
      status: 400,
      errorType: 'SerializationException',
    });
  });

  it('answers ServiceUnavailableException to puts once it stops accepting', () => {
    // Prepare
    const { backend, put } = memoryBackend(['local-A']);
    const api = createFirehoseApi({ backend, accountId: '1' });

    // Act
    api.stopAccepting();
    const answer = call(api, 'PutRecord', {
      DeliveryStreamName: 'local-A',
      Record: { Data: b64('late') },
    });
    const listed = call(api, 'ListDeliveryStreams', {});

    // Assess
    expect(answer).toMatchObject({
      status: 503,
      errorType: 'ServiceUnavailableException',
    });
    expect(listed.status).toBe(200);
    expect(put.get('local-A')).toEqual([]);
  });
});
