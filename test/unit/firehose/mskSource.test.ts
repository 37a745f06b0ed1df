import { describe, expect, it } from 'vitest';
import { MalformedEventError } from '#shared/errors.js';
import { answerBatch, answerOf } from '#shared/firehose/answerBatch.js';
import { readEvent } from '#shared/firehose/readEvent.js';
import {
  answerBytes,
  verdictAnswerBytes,
} from '#shared/firehose/responseBudget.js';
import type {
  FirehoseRecord,
  FirehoseResponse,
  Verdict,
} from '#shared/firehose/types.js';
import { dropped, failed, ok, okWithParts } from '#shared/firehose/verdicts.js';
import {
  buildFallbackPayload,
  kafkaCoordinates,
} from '#shared/lateness/fallbackEnvelope.js';
import { readLatenessConfig } from '#shared/lateness/latenessConfig.js';
import { createLogger } from '#shared/observability/logger.js';
import { createPartitionProcessor } from '#shared/pipeline/partitionRecords.js';
import { type BatchProcessor, runBatch } from '#shared/pipeline/runBatch.js';
import { transformRecord } from '#shared/pipeline/transformRecord.js';
import { parseJsonLines } from '#shared/records/jsonLines.js';
import { createReingestPolicy } from '#shared/reingest/overflowPolicy.js';
import type { BatchTransport } from '#shared/senders/batchTransport.js';
import { PutRecordBatchLimits } from '#shared/senders/packBatches.js';
import { createEventTimeStage } from '#shared/time/eventTimeStage.js';
import { readPartitionConfig } from '#shared/time/partitionConfig.js';
import {
  b64,
  fakeContext,
  mskEvent,
  mskRecord,
  unb64,
} from '../../helpers/records.js';

const observability = () => ({
  logger: createLogger({}, {}, () => undefined),
  namespace: 'Test',
  functionName: 'test',
});

function serializedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** Re-ingestion on, with a (non-local) marker key. */
const REINGEST_ON = {
  enabled: true,
  maxAttempts: 2,
  safetyMarginMs: 100,
  markerKey: 'k'.repeat(32),
  markerKeyIsLocal: false,
} as const;

describe('readEvent with an Amazon MSK source', () => {
  it('reads kafkaRecordValue as the payload and keeps the metadata', () => {
    // Prepare
    const record = mskRecord({ a: 1 }, { offset: 7 });

    // Act
    const [read] = readEvent(mskEvent([record]));

    // Assess
    expect(read?.data).toBe(b64('{"a":1}'));
    expect(read?.kafkaRecordValue).toBe(b64('{"a":1}'));
    expect(read?.mskRecordMetadata).toMatchObject({ offset: '7' });
  });

  it('leaves the event as it was', () => {
    // Prepare
    const record = mskRecord({ a: 1 });
    const event = mskEvent([record]);
    const before = JSON.stringify(event);

    // Act
    readEvent(event);

    // Assess
    expect(JSON.stringify(event)).toBe(before);
  });

  it.each([
    [
      'a numeric kafkaRecordValue',
      { ...mskRecord('{}'), kafkaRecordValue: 5 },
      'records[0].kafkaRecordValue must be a base64 string, got number',
    ],
    [
      'both data and kafkaRecordValue',
      { ...mskRecord('{}'), data: 'e30=' },
      'records[0] carries both data and kafkaRecordValue',
    ],
    [
      'mskRecordMetadata that is not an object',
      { ...mskRecord('{}'), mskRecordMetadata: 'x' },
      'records[0].mskRecordMetadata must be an object, got string',
    ],
  ])('throws MalformedEventError for %s', (_name, record, message) => {
    // Act
    const read = () => readEvent(mskEvent([record]));

    // Assess
    expect(read).toThrow(MalformedEventError);
    expect(read).toThrow(message);
  });
});

describe('answerOf for an Amazon MSK record', () => {
  const [record] = readEvent(mskEvent([mskRecord('{"a":1}')])) as [
    FirehoseRecord,
  ];

  it.each([
    ['Ok', ok(b64('{"a":1}\n'), { year: '2026' }), b64('{"a":1}\n')],
    ['Dropped', dropped('filtered'), ''],
    ['ProcessingFailed', failed('invalid-json', 'x'), b64('{"a":1}')],
  ] as const)(
    'answers %s in kafkaRecordValue, never in data',
    (_r, verdict, payload) => {
      // Act
      const answer = answerOf(record, verdict as Verdict);

      // Assess
      expect(answer.kafkaRecordValue).toBe(payload);
      expect('data' in answer).toBe(false);
    },
  );

  it('counts the bytes of the longer field name exactly', () => {
    // Prepare
    const verdicts: Verdict[] = [
      ok(b64('{"a":1}\n'), { year: '2026', month: '03' }),
      dropped('filtered'),
      failed('invalid-json', 'x'),
    ];

    // Act
    const sizes = verdicts.map((verdict) => ({
      built: answerBytes(answerOf(record, verdict)),
      predicted: verdictAnswerBytes(record, verdict),
      serialized: serializedBytes(answerOf(record, verdict)) + 1,
    }));

    // Assess
    for (const size of sizes) {
      expect(size.built).toBe(size.serialized);
      expect(size.predicted).toBe(size.serialized);
    }
  });
});

describe('runBatch with an Amazon MSK source', () => {
  const transform: BatchProcessor = (records) =>
    records.map((record) => transformRecord(record, []));

  it('answers every record with kafkaRecordValue, failures with their original value', async () => {
    // Prepare
    const records = [mskRecord('{"a":1}'), mskRecord('not json')];

    // Act
    const response = await runBatch(
      mskEvent(records),
      fakeContext(),
      transform,
      observability(),
    );

    // Assess
    expect(response.records).toEqual([
      {
        recordId: records[0]?.recordId,
        result: 'Ok',
        kafkaRecordValue: b64('{"a":1}\n'),
      },
      {
        recordId: records[1]?.recordId,
        result: 'ProcessingFailed',
        kafkaRecordValue: records[1]?.kafkaRecordValue,
      },
    ]);
  });

  it('never re-ingests: output over the budget fails with its original value, within 6 MB', async () => {
    // Prepare: 6 records of ~0.93 MB (base64), each answered with output
    // twice as long.
    const records = Array.from({ length: 6 }, (_, i) =>
      mskRecord(`{"n":${i},"p":"${'x'.repeat(700_000)}"}`, {
        recordId: `r${i}`,
      }),
    );
    const event = mskEvent(records);
    const grow: BatchProcessor = (read) =>
      read.map((record) => {
        const text = unb64(record.data);
        return ok(b64(`${text}\n${text}\n`));
      });
    const sends: string[] = [];
    const overflow = createReingestPolicy(
      { ...REINGEST_ON },
      {
        transports: {
          firehose: (name) => {
            sends.push(name);
            throw new Error('no transport expected for MSK');
          },
          kinesis: (arn) => {
            sends.push(arn);
            throw new Error('no transport expected for MSK');
          },
        },
      },
    );

    // Act
    const response: FirehoseResponse = await runBatch(
      event,
      fakeContext(),
      grow,
      observability(),
      overflow,
    );

    // Assess
    expect(serializedBytes(event)).toBeLessThanOrEqual(6_291_456);
    expect(serializedBytes(response)).toBeLessThanOrEqual(6_291_456);
    expect(sends).toEqual([]);
    const failedAnswers = response.records.filter(
      (a) => a.result === 'ProcessingFailed',
    );
    expect(failedAnswers.length).toBeGreaterThan(0);
    for (const answer of failedAnswers) {
      const input = records.find((r) => r.recordId === answer.recordId);
      expect(answer.kafkaRecordValue).toBe(input?.kafkaRecordValue);
    }
  });

  it('fails output spanning partitions with mixed-partitions, even with REINGEST on', async () => {
    // Prepare
    const keys = { hour: '10' };
    const parts: BatchProcessor = (read) =>
      read.map(() =>
        okWithParts(b64('{"a":1}\n'), keys, [
          { data: Buffer.from('{"b":2}\n'), partitionKeys: { hour: '11' } },
        ]),
      );
    const overflow = createReingestPolicy({ ...REINGEST_ON });
    const records = [mskRecord('{"a":1}\n{"b":2}\n')];

    // Act
    const response = await runBatch(
      mskEvent(records),
      fakeContext(),
      parts,
      observability(),
      overflow,
    );

    // Assess
    expect(response.records).toEqual([
      {
        recordId: records[0]?.recordId,
        result: 'ProcessingFailed',
        kafkaRecordValue: records[0]?.kafkaRecordValue,
      },
    ]);
  });
});

describe('the fallback envelope of an Amazon MSK record', () => {
  it('keeps the Kafka topic, partition and offset', () => {
    // Prepare
    const [record] = readEvent(
      mskEvent([mskRecord('{"a":1}', { offset: 42 })]),
    ) as [FirehoseRecord];
    const lines = parseJsonLines('{"a":1}').lines;

    // Act
    const payload = buildFallbackPayload(lines, {
      reason: 'late',
      recordId: record.recordId,
      eventTimeMs: Date.UTC(2026, 2, 1, 10),
      arrivalMs: Date.UTC(2026, 2, 1, 12),
      partition: { hour: '10' },
      sourceStream: 'arn:aws:firehose:us-east-1:1:deliverystream/S',
      kafka: kafkaCoordinates(record, 'arn:aws:kafka:us-east-1:1:cluster/c/1'),
    })?.toString('utf8') as string;

    // Assess
    expect(JSON.parse(payload)).toMatchObject({
      kafka: {
        topic: 'orders',
        partitionId: '1',
        offset: '42',
        sourceMSKArn: 'arn:aws:kafka:us-east-1:1:cluster/c/1',
      },
      record: { a: 1 },
    });
  });

  it('leaves out coordinates that are not short strings or numbers', () => {
    // Prepare
    const [record] = readEvent(
      mskEvent([
        {
          ...mskRecord('{}'),
          mskRecordMetadata: { topic: 't'.repeat(300), offset: { x: 1 } },
        },
      ]),
    ) as [FirehoseRecord];

    // Act
    const coordinates = kafkaCoordinates(record, undefined);

    // Assess
    expect(coordinates).toEqual({});
  });

  it('routes a late MSK record to the fallback stream with its coordinates', async () => {
    // Prepare
    const received: string[] = [];
    const fallback: BatchTransport = {
      limits: PutRecordBatchLimits,
      async send(entries) {
        for (const entry of entries)
          received.push(Buffer.from(entry.data).toString('utf8'));
        return entries.map(() => ({ ok: true as const }));
      },
    };
    const env = { ALLOWED_LATENESS: '1h' };
    const config = readPartitionConfig(env);
    const processor = createPartitionProcessor({
      stages: [],
      fieldPath: config.timestampField,
      eventTime: createEventTimeStage(config),
      lateness: { ...readLatenessConfig(env), fallbackSafetyMarginMs: 100 },
      partitionWarningThreshold: config.partitionWarningThreshold,
      fallback,
      logger: createLogger({}, {}, () => undefined),
    });
    const arrival = Date.UTC(2026, 2, 1, 12, 30);
    const records = [
      mskRecord({ timestamp: '2026-03-01T12:29:00Z' }, { arrival }),
      mskRecord({ timestamp: '2026-03-01T08:00:00Z' }, { arrival, offset: 9 }),
    ];

    // Act
    const response = await runBatch(
      mskEvent(records),
      fakeContext(),
      processor,
      observability(),
    );

    // Assess
    expect(response.records.map((a) => a.result)).toEqual(['Ok', 'Dropped']);
    expect(response.records[0]?.kafkaRecordValue).toBe(
      b64('{"timestamp":"2026-03-01T12:29:00Z"}\n'),
    );
    expect(response.records[0]?.metadata?.partitionKeys).toMatchObject({
      hour: '12',
    });
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0] as string)).toMatchObject({
      reason: 'late',
      kafka: { topic: 'orders', partitionId: '1', offset: '9' },
    });
  });
});

describe('answerBatch with an Amazon MSK record', () => {
  it('reports the serialized size of the response', () => {
    // Prepare
    const records = readEvent(mskEvent([mskRecord('{"a":1}'), mskRecord('x')]));

    // Act
    const answered = answerBatch(records, [
      ok(b64('{"a":1}\n')),
      failed('invalid-json', 'x'),
    ]);

    // Assess
    expect(answered.bytes).toBeGreaterThanOrEqual(
      serializedBytes(answered.response),
    );
    expect(answered.bytes - serializedBytes(answered.response)).toBeLessThan(
      records.length + 1,
    );
  });
});
