import { describe, expect, it } from 'vitest';
import type { FirehoseRecord } from '#shared/firehose/types.js';
import { readLatenessConfig } from '#shared/lateness/latenessConfig.js';
import { createLogger } from '#shared/observability/logger.js';
import { createPartitionProcessor } from '#shared/pipeline/partitionRecords.js';
import { runBatch } from '#shared/pipeline/runBatch.js';
import type {
  BatchEntry,
  BatchTransport,
  EntryResult,
} from '#shared/senders/batchTransport.js';
import { PutRecordBatchLimits } from '#shared/senders/packBatches.js';
import { createEventTimeStage } from '#shared/time/eventTimeStage.js';
import { readPartitionConfig } from '#shared/time/partitionConfig.js';
import {
  fakeContext,
  firehoseEvent,
  firehoseRecord,
  unb64,
} from '../../helpers/records.js';

const arrival = Date.UTC(2026, 2, 1, 12, 30); // 12:30Z

/** A transport that confirms or refuses entries and remembers what it got. */
function fakeFallback(accept: (entry: BatchEntry) => boolean = () => true) {
  const received: string[] = [];
  const transport: BatchTransport = {
    limits: PutRecordBatchLimits,
    async send(entries) {
      return entries.map((entry): EntryResult => {
        if (!accept(entry)) {
          return {
            ok: false,
            code: 'ServiceUnavailableException',
            message: 'busy',
          };
        }
        received.push(Buffer.from(entry.data).toString('utf8'));
        return { ok: true };
      });
    },
  };
  return { transport, received };
}

async function run(
  records: FirehoseRecord[],
  options: { env?: Record<string, string>; fallback?: BatchTransport } = {},
) {
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({}, {}, (line) => logs.push(JSON.parse(line)));
  const env = options.env ?? {};
  const partitionConfig = readPartitionConfig(env);
  const processor = createPartitionProcessor({
    stages: [],
    fieldPath: partitionConfig.timestampField,
    eventTime: createEventTimeStage(partitionConfig),
    lateness: { ...readLatenessConfig(env), fallbackSafetyMarginMs: 100 },
    partitionWarningThreshold: partitionConfig.partitionWarningThreshold,
    fallback: options.fallback,
    logger,
  });
  const response = await runBatch(
    firehoseEvent(records),
    fakeContext(5_000),
    processor,
    {
      logger,
      namespace: 'Test',
      functionName: 'partition',
    },
  );
  const summary = logs.find((l) => l.message === 'invocation summary') ?? {};
  return { response, logs, summary };
}

describe('createPartitionProcessor', () => {
  it('answers an on-time record Ok with its event-time partition keys', async () => {
    // Prepare
    const record = firehoseRecord(
      { id: 1, timestamp: '2026-03-01T12:10:00Z' },
      { arrival },
    );

    // Act
    const { response } = await run([record]);

    // Assess
    expect(response.records[0]).toMatchObject({
      result: 'Ok',
      metadata: {
        partitionKeys: {
          year: '2026',
          month: '03',
          day: '01',
          hour: '12',
          dt: '2026-03-01',
        },
      },
    });
    expect(unb64(response.records[0]?.data ?? '')).toBe(
      '{"id":1,"timestamp":"2026-03-01T12:10:00Z"}\n',
    );
  });

  it('sends a late record to the fallback stream and drops it once confirmed', async () => {
    // Prepare: hour 10 closed at 11:00 + 1h lateness = 12:00 < arrival 12:30.
    const late = firehoseRecord(
      { id: 'late', timestamp: '2026-03-01T10:59:59.999Z' },
      { arrival, recordId: 'late-1' },
    );
    const onTime = firehoseRecord(
      { id: 'ok', timestamp: '2026-03-01T11:00:00Z' },
      { arrival },
    );
    const fallback = fakeFallback();

    // Act
    const { response, summary } = await run([late, onTime], {
      fallback: fallback.transport,
    });

    // Assess
    expect(response.records.map((r) => r.result)).toEqual(['Dropped', 'Ok']);
    expect(fallback.received).toHaveLength(1);
    const envelope = JSON.parse(fallback.received[0] as string);
    expect(envelope).toMatchObject({
      reason: 'late',
      recordId: 'late-1',
      eventTime: '2026-03-01T10:59:59.999Z',
      arrivalTime: '2026-03-01T12:30:00.000Z',
      partition: { hour: '10' },
      record: { id: 'late', timestamp: '2026-03-01T10:59:59.999Z' },
    });
    expect(summary).toMatchObject({
      Late: 1,
      FallbackDelivered: 1,
      Ok: 1,
      Dropped: 1,
    });
  });

  it('routes an early record (event time ahead of arrival) with its own reason', async () => {
    // Prepare
    const early = firehoseRecord(
      { timestamp: arrival + 6 * 60_000 },
      { arrival },
    );
    const fallback = fakeFallback();

    // Act
    const { response, summary } = await run([early], {
      fallback: fallback.transport,
    });

    // Assess
    expect(response.records[0]?.result).toBe('Dropped');
    expect(JSON.parse(fallback.received[0] as string).reason).toBe('early');
    expect(summary).toMatchObject({ Early: 1 });
  });

  it('fails a late record whose delivery was not confirmed, never Ok', async () => {
    // Prepare
    const late = firehoseRecord(
      { timestamp: '2026-03-01T09:00:00Z' },
      { arrival },
    );
    const fallback = fakeFallback(() => false);

    // Act
    const { response, summary } = await run([late], {
      env: { FALLBACK_MAX_ATTEMPTS: '2' },
      fallback: fallback.transport,
    });

    // Assess
    expect(response.records[0]).toMatchObject({
      result: 'ProcessingFailed',
      data: late.data,
    });
    expect(summary).toMatchObject({
      'Failed.fallback-failed': 1,
      FallbackFailed: 1,
    });
  });

  it('only counts late records when no fallback stream is set', async () => {
    // Prepare
    const late = firehoseRecord(
      { timestamp: '2026-03-01T09:00:00Z' },
      { arrival },
    );

    // Act
    const { response, summary } = await run([late]);

    // Assess
    expect(response.records[0]).toMatchObject({
      result: 'Ok',
      metadata: { partitionKeys: { hour: '09' } },
    });
    expect(summary).toMatchObject({ Late: 1 });
  });

  it('decides lateness from arrival time, not the wall clock', async () => {
    // Prepare: an event from 2001 that arrived in 2001 is on time today.
    const old = firehoseRecord(
      { timestamp: '2001-09-09T01:46:40Z' },
      { arrival: Date.UTC(2001, 8, 9, 1, 50) },
    );

    // Act
    const { response } = await run([old], {
      fallback: fakeFallback().transport,
    });

    // Assess
    expect(response.records[0]?.result).toBe('Ok');
  });

  it('fails records without a usable timestamp with a reason, keeping the rest', async () => {
    // Prepare
    const records = [
      firehoseRecord({ noTime: true }, { arrival }),
      firehoseRecord({ timestamp: 'yesterday' }, { arrival }),
      firehoseRecord('[1,2]', { arrival }),
      firehoseRecord(
        '{"timestamp":"2026-03-01T12:00:00Z"}\n{"timestamp":"2026-03-01T13:00:00Z"}',
        { arrival },
      ),
      firehoseRecord({ timestamp: '2026-03-01T12:00:00Z' }, { arrival }),
    ];

    // Act
    const { response } = await run(records);

    // Assess
    expect(
      response.records.map((r, i) => [r.result, r.data === records[i]?.data]),
    ).toEqual([
      ['ProcessingFailed', true],
      ['ProcessingFailed', true],
      ['ProcessingFailed', true],
      ['ProcessingFailed', true],
      ['Ok', false],
    ]);
  });

  it('uses arrival time for a missing timestamp with ON_MISSING_TIMESTAMP=arrival', async () => {
    // Prepare
    const record = firehoseRecord({ id: 1 }, { arrival });

    // Act
    const { response, summary } = await run([record], {
      env: { ON_MISSING_TIMESTAMP: 'arrival' },
    });

    // Assess
    expect(response.records[0]?.metadata?.partitionKeys).toMatchObject({
      hour: '12',
    });
    expect(summary).toMatchObject({ ArrivalTimeUsed: 1 });
  });

  it('warns when one invocation touches more partitions than the threshold', async () => {
    // Prepare
    const records = Array.from({ length: 5 }, (_, h) =>
      firehoseRecord(
        { timestamp: Date.UTC(2026, 2, 1, h) },
        { arrival: Date.UTC(2026, 2, 1, h) },
      ),
    );

    // Act
    const { logs, summary } = await run(records, {
      env: { PARTITION_WARNING_THRESHOLD: '4' },
    });

    // Assess
    expect(
      logs.some((l) => l.message === 'many partitions in one invocation'),
    ).toBe(true);
    expect(summary).toMatchObject({ Partitions: 5, PartitionWarning: 1 });
  });

  it('partitions in the configured zone', async () => {
    // Prepare: 03:30Z on 1 March is 22:30 on 28 February in New York.
    const record = firehoseRecord(
      { timestamp: '2026-03-01T03:30:00Z' },
      { arrival: Date.UTC(2026, 2, 1, 3, 31) },
    );

    // Act
    const { response } = await run([record], {
      env: {
        PARTITION_TIMEZONE: 'America/New_York',
        PARTITION_GRANULARITY: 'day',
      },
    });

    // Assess
    expect(response.records[0]?.metadata?.partitionKeys).toEqual({
      year: '2026',
      month: '02',
      day: '28',
      dt: '2026-02-28',
    });
  });
});
