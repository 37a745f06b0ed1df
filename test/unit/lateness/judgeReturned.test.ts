import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type {
  FirehoseRecord,
  FirehoseResponse,
  PartitionKeys,
} from '#shared/firehose/types.js';
import { createReturnedRecordJudge } from '#shared/lateness/judgeReturned.js';
import { readLatenessConfig } from '#shared/lateness/latenessConfig.js';
import { createLogger } from '#shared/observability/logger.js';
import { createPartitionProcessor } from '#shared/pipeline/partitionRecords.js';
import { runBatch } from '#shared/pipeline/runBatch.js';
import { createReingestPolicy } from '#shared/reingest/overflowPolicy.js';
import { createReingestMarker } from '#shared/reingest/reingestMarker.js';
import type {
  BatchEntry,
  BatchTransport,
  EntryResult,
} from '#shared/senders/batchTransport.js';
import { PutRecordBatchLimits } from '#shared/senders/packBatches.js';
import { createEventTimeStage } from '#shared/time/eventTimeStage.js';
import { readPartitionConfig } from '#shared/time/partitionConfig.js';
import {
  b64,
  fakeContext,
  firehoseEvent,
  firehoseRecord,
  unb64,
} from '../../helpers/records.js';

const MARKER_KEY = 'judge-test-marker-key-of-32-characters';
const HOUR = 3_600_000;
// Hour 10 of 2026-03-01 (UTC): window [10:00, 11:00), ALLOWED_LATENESS 1h.
const WINDOW_END = Date.UTC(2026, 2, 1, 11);
const EVENT_TIME = Date.UTC(2026, 2, 1, 10, 15);
const hour10: PartitionKeys = {
  year: '2026',
  month: '03',
  day: '01',
  hour: '10',
  dt: '2026-03-01',
};
const line = '{"id":"e-17","timestamp":"2026-03-01T10:15:00Z"}';
const marker = createReingestMarker(MARKER_KEY);

/** A stream that confirms what `accept` says, remembering what it stored. */
function fakeStream(accept: (entry: BatchEntry) => boolean = () => true) {
  const stored: Buffer[] = [];
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
        stored.push(Buffer.from(entry.data));
        return { ok: true };
      });
    },
  };
  return { transport, stored };
}

/**
 * EventTimePartitionFunction as its handler composes it, with fake
 * fallback and re-ingestion streams.
 */
async function invoke(
  records: FirehoseRecord[],
  options: {
    fallback?: BatchTransport | undefined;
    reingest?: BatchTransport;
    budgetBytes?: number;
    reingestEnabled?: boolean;
  } = {},
) {
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({}, {}, (text) => logs.push(JSON.parse(text)));
  const partitionConfig = readPartitionConfig({});
  const lateness = {
    ...readLatenessConfig({ ALLOWED_LATENESS: '1h' }),
    fallbackSafetyMarginMs: 100,
    fallbackMaxAttempts: 1,
  };
  const fallback =
    'fallback' in options ? options.fallback : fakeStream().transport;
  const reingest = options.reingest ?? fakeStream().transport;
  const overflow = createReingestPolicy(
    {
      enabled: options.reingestEnabled ?? true,
      maxAttempts: 1,
      safetyMarginMs: 100,
      markerKey: MARKER_KEY,
      markerKeyIsLocal: false,
    },
    {
      ...(options.budgetBytes === undefined
        ? {}
        : { budgetBytes: options.budgetBytes }),
      transports: { firehose: () => reingest, kinesis: () => reingest },
      judgeReturned: createReturnedRecordJudge({ lateness, fallback }),
    },
  );
  const processor = createPartitionProcessor({
    stages: [],
    fieldPath: partitionConfig.timestampField,
    eventTime: createEventTimeStage(partitionConfig),
    lateness,
    partitionWarningThreshold: partitionConfig.partitionWarningThreshold,
    fallback,
    logger,
  });
  const response: FirehoseResponse = await runBatch(
    firehoseEvent(records),
    fakeContext(5_000),
    processor,
    { logger, namespace: 'Test', functionName: 'partition' },
    overflow,
  );
  const summary = logs.find((l) => l.message === 'invocation summary') ?? {};
  return { response, summary };
}

/** A record of hour 10 as re-ingestion sent it, arriving again at `arrival`. */
function returning(arrival: number, recordId = 'back-1'): FirehoseRecord {
  const payload = Buffer.from(`${line}\n`);
  const data = Buffer.concat([
    marker.markerLine(payload, hour10, {
      windowEndMs: WINDOW_END,
      eventTimeMs: EVENT_TIME,
    }),
    payload,
  ]);
  return firehoseRecord(b64(data), { raw: true, arrival, recordId });
}

describe('a record that comes back from re-ingestion (issue 13)', () => {
  it('signs the window end and event time into the marker of what it re-ingests', async () => {
    // Prepare: on time at 11:30, in a batch too large for the response.
    const reingest = fakeStream();
    const records = Array.from({ length: 4 }, (_, i) =>
      firehoseRecord(
        { i, timestamp: '2026-03-01T10:15:00Z', pad: 'p'.repeat(900) },
        { arrival: WINDOW_END + HOUR / 2, recordId: `r${i}` },
      ),
    );

    // Act
    const { response } = await invoke(records, {
      reingest: reingest.transport,
      budgetBytes: 3_000,
    });

    // Assess
    expect(response.records.map((r) => r.result)).toContain('Dropped');
    const sent = reingest.stored[0] as Buffer;
    const head = JSON.parse(sent.toString('utf8').split('\n')[0] as string);
    expect(head).toMatchObject({
      version: 3,
      partitionKeys: hour10,
      windowEnd: WINDOW_END,
      eventTime: EVENT_TIME,
    });
    expect(marker.read(sent)).toMatchObject({
      timing: { windowEndMs: WINDOW_END, eventTimeMs: EVENT_TIME },
    });
  });

  it('answers it Ok with the marker keys while it is on time, up to end + lateness exactly', async () => {
    // Prepare
    const records = [
      returning(WINDOW_END + HOUR / 2, 'half'),
      returning(WINDOW_END + HOUR, 'edge'),
    ];

    // Act
    const { response } = await invoke(records);

    // Assess
    for (const answer of response.records) {
      expect(answer).toMatchObject({
        result: 'Ok',
        metadata: { partitionKeys: hour10 },
      });
      expect(unb64(answer.data ?? '')).toBe(`${line}\n`);
    }
  });

  it('routes it to the fallback stream as a late envelope once past end + lateness', async () => {
    // Prepare: back at 12:00:00.001, one millisecond too late for hour 10.
    const fallback = fakeStream();
    const back = returning(WINDOW_END + HOUR + 1);

    // Act
    const { response, summary } = await invoke([back], {
      fallback: fallback.transport,
    });

    // Assess: never Ok into the closed partition; Dropped once confirmed.
    expect(response.records[0]).toMatchObject({
      recordId: 'back-1',
      result: 'Dropped',
    });
    expect(fallback.stored).toHaveLength(1);
    const envelope = (fallback.stored[0] as Buffer).toString('utf8');
    expect(envelope).toBe(
      `{"reason":"late","recordId":"back-1","line":0,"lines":1,"eventTime":"2026-03-01T10:15:00.000Z","arrivalTime":"2026-03-01T12:00:00.001Z","partition":${JSON.stringify(hour10)},"sourceStream":"arn:aws:firehose:us-east-1:123456789012:deliverystream/EventStream","record":${line}}\n`,
    );
    expect(summary).toMatchObject({
      Late: 1,
      ReingestedLate: 1,
      FallbackDelivered: 1,
    });
  });

  it('writes one envelope per line, each line verbatim', async () => {
    // Prepare
    const fallback = fakeStream();
    const lines = ['{"a":1,"timestamp":"2026-03-01T10:00:00Z"}', '{"b":"é"}'];
    const payload = Buffer.from(`${lines.join('\n')}\n`);
    const data = Buffer.concat([
      marker.markerLine(payload, hour10, {
        windowEndMs: WINDOW_END,
        eventTimeMs: EVENT_TIME,
      }),
      payload,
    ]);
    const back = firehoseRecord(b64(data), {
      raw: true,
      arrival: WINDOW_END + 2 * HOUR,
    });

    // Act
    await invoke([back], { fallback: fallback.transport });

    // Assess
    const envelopes = (fallback.stored[0] as Buffer)
      .toString('utf8')
      .split('\n')
      .filter((text) => text !== '');
    expect(envelopes).toHaveLength(2);
    envelopes.forEach((text, i) => {
      expect(text.endsWith(`,"record":${lines[i]}}`)).toBe(true);
      expect(JSON.parse(text)).toMatchObject({ line: i, lines: 2 });
    });
  });

  it('fails it fallback-failed with its original data when the fallback refuses', async () => {
    // Prepare
    const fallback = fakeStream(() => false);
    const back = returning(WINDOW_END + 3 * HOUR);

    // Act
    const { response, summary } = await invoke([back], {
      fallback: fallback.transport,
    });

    // Assess
    expect(response.records[0]).toEqual({
      recordId: 'back-1',
      result: 'ProcessingFailed',
      data: back.data,
    });
    expect(summary).toMatchObject({
      FallbackFailed: 1,
      'Failed.fallback-failed': 1,
    });
  });

  it('fails it too-large-for-fallback when its envelopes pass the record limit', async () => {
    // Prepare: ~300 bytes of envelope per 8-byte line.
    const fallback = fakeStream();
    const limited: BatchTransport = {
      ...fallback.transport,
      limits: { ...PutRecordBatchLimits, maxBytesPerRecord: 2_000 },
    };
    const payload = Buffer.from('{"n":1}\n'.repeat(20));
    const data = Buffer.concat([
      marker.markerLine(payload, hour10, {
        windowEndMs: WINDOW_END,
        eventTimeMs: EVENT_TIME,
      }),
      payload,
    ]);
    const back = firehoseRecord(b64(data), {
      raw: true,
      arrival: WINDOW_END + 2 * HOUR,
    });

    // Act
    const { response, summary } = await invoke([back], { fallback: limited });

    // Assess
    expect(response.records[0]?.result).toBe('ProcessingFailed');
    expect(response.records[0]?.data).toBe(back.data);
    expect(fallback.stored).toEqual([]);
    expect(summary).toMatchObject({ 'Failed.too-large-for-fallback': 1 });
  });

  it('still routes it once re-ingestion was turned off (REINGEST=false)', async () => {
    // Prepare: sent back before the switch, back late after it.
    const fallback = fakeStream();
    const back = returning(WINDOW_END + 2 * HOUR);

    // Act
    const { response } = await invoke([back], {
      fallback: fallback.transport,
      reingestEnabled: false,
    });

    // Assess
    expect(response.records[0]?.result).toBe('Dropped');
    expect(fallback.stored).toHaveLength(1);
  });

  it('without a fallback stream, counts it Late and delivers it into its partition', async () => {
    // Prepare
    const back = returning(WINDOW_END + 2 * HOUR);

    // Act
    const { response, summary } = await invoke([back], { fallback: undefined });

    // Assess
    expect(response.records[0]).toMatchObject({
      result: 'Ok',
      metadata: { partitionKeys: hour10 },
    });
    expect(summary).toMatchObject({ Late: 1, ReingestedLate: 1 });
  });
});

describe('a version-2 marker (re-ingested before the upgrade)', () => {
  function version2(keys: PartitionKeys | undefined): FirehoseRecord {
    const payload = Buffer.from(`${line}\n`);
    const keysJson = keys === undefined ? '' : JSON.stringify(keys);
    const mac = createHmac('sha256', MARKER_KEY)
      .update(`{"reingestedBy":"firehose-processors"/2\n${keysJson}\n`)
      .update(payload)
      .digest('base64url');
    const keysField = keys === undefined ? '' : `,"partitionKeys":${keysJson}`;
    const head = `{"reingestedBy":"firehose-processors","version":2,"mac":"${mac}"${keysField}}\n`;
    return firehoseRecord(b64(Buffer.concat([Buffer.from(head), payload])), {
      raw: true,
      arrival: WINDOW_END,
    });
  }

  it('fails outdated-reingest-marker with its data when late data is routed', async () => {
    // Prepare: its lateness cannot be judged, even though it may be on time.
    const back = version2(hour10);

    // Act
    const { response, summary } = await invoke([back]);

    // Assess
    expect(response.records[0]).toEqual({
      recordId: back.recordId,
      result: 'ProcessingFailed',
      data: back.data,
    });
    expect(summary).toMatchObject({
      ReingestedUnjudged: 1,
      'Failed.outdated-reingest-marker': 1,
    });
  });

  it('is delivered when no fallback stream is set, and when it has no keys', async () => {
    // Prepare
    const withKeys = version2(hour10);
    const withoutKeys = version2(undefined);

    // Act
    const noFallback = await invoke([withKeys], { fallback: undefined });
    const noKeys = await invoke([withoutKeys]);

    // Assess
    expect(noFallback.response.records[0]).toMatchObject({
      result: 'Ok',
      metadata: { partitionKeys: hour10 },
    });
    expect(noKeys.response.records[0]?.result).toBe('Ok');
    expect(unb64(noKeys.response.records[0]?.data ?? '')).toBe(`${line}\n`);
  });
});
