import { describe, expect, it } from 'vitest';
import type { BatchEntry } from '#shared/senders/batchTransport.js';
import {
  createKinesisTransport,
  type PutRecordsClient,
  PutRecordsLimits,
} from '#shared/senders/kinesisTransport.js';
import { entryBytes, packBatches } from '#shared/senders/packBatches.js';

const ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/source';

function fakeClient(reply: unknown) {
  const sent: unknown[] = [];
  const client = {
    async send(command: { input: unknown }) {
      sent.push(command.input);
      return reply;
    },
  } as unknown as PutRecordsClient;
  return { client, sent };
}

const entries: BatchEntry[] = [
  { id: 'a', data: Buffer.from('one\n'), partitionKey: 'customer-1' },
  { id: 'b', data: Buffer.from('two\n') },
];

describe('createKinesisTransport', () => {
  it('sends PutRecords to the stream ARN with each partition key', async () => {
    // Prepare
    const { client, sent } = fakeClient({
      FailedRecordCount: 0,
      Records: [{ SequenceNumber: '1' }, { SequenceNumber: '2' }],
    });
    const transport = createKinesisTransport(ARN, { client });

    // Act
    const results = await transport.send(entries, new AbortController().signal);

    // Assess
    expect(results).toEqual([{ ok: true }, { ok: true }]);
    expect(sent).toEqual([
      {
        StreamARN: ARN,
        Records: [
          { Data: entries[0]?.data, PartitionKey: 'customer-1' },
          { Data: entries[1]?.data, PartitionKey: 'b' },
        ],
      },
    ]);
    expect(transport.limits).toBe(PutRecordsLimits);
  });

  it('maps refused records to their error code', async () => {
    // Prepare
    const { client } = fakeClient({
      FailedRecordCount: 1,
      Records: [
        { SequenceNumber: '1' },
        {
          ErrorCode: 'ProvisionedThroughputExceededException',
          ErrorMessage: 'Rate exceeded',
        },
      ],
    });
    const transport = createKinesisTransport(ARN, { client });

    // Act
    const results = await transport.send(entries, new AbortController().signal);

    // Assess
    expect(results[1]).toEqual({
      ok: false,
      code: 'ProvisionedThroughputExceededException',
      message: 'Rate exceeded',
    });
  });

  it('rejects an answer with a wrong number of records', async () => {
    // Prepare
    const { client } = fakeClient({ FailedRecordCount: 0, Records: [] });
    const transport = createKinesisTransport(ARN, { client });

    // Act
    const sending = transport.send(entries, new AbortController().signal);

    // Assess
    await expect(sending).rejects.toThrow('0 Records for 2 entries');
  });
});

describe('packBatches with partition keys', () => {
  it('counts partition keys toward the record and call limits, as Kinesis does', () => {
    // Prepare: 1 MiB data + a 1-byte key is over Kinesis' per-record limit.
    const over = {
      id: 'x',
      data: new Uint8Array(1_048_576),
      partitionKey: 'k',
    };
    const fits = {
      id: 'y',
      data: new Uint8Array(1_048_575),
      partitionKey: 'k',
    };

    // Act
    const packed = packBatches([over, fits], PutRecordsLimits);

    // Assess
    expect(entryBytes(over)).toBe(1_048_577);
    expect(packed.rejected.map((r) => r.entry.id)).toEqual(['x']);
    expect(packed.calls).toEqual([[fits]]);
  });
});
