import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FirehoseRecord } from '#shared/firehose/types.js';
import { readLatenessConfig } from '#shared/lateness/latenessConfig.js';
import { createLogger } from '#shared/observability/logger.js';
import type { LineStage } from '#shared/pipeline/lineStages.js';
import { createPartitionProcessor } from '#shared/pipeline/partitionRecords.js';
import { runBatch } from '#shared/pipeline/runBatch.js';
import type {
  BatchTransport,
  EntryResult,
} from '#shared/senders/batchTransport.js';
import { PutRecordBatchLimits } from '#shared/senders/packBatches.js';
import {
  createEventTimeStage,
  type EventTimeStage,
} from '#shared/time/eventTimeStage.js';
import {
  eventTimeOfJsonBytes,
  parseEventTime,
  TimestampFormat,
} from '#shared/time/parseEventTime.js';
import { readPartitionConfig } from '#shared/time/partitionConfig.js';
import { fakeContext } from '../helpers/records.js';
import { timestampLine } from '../helpers/timestampLines.js';

// The fused path (one-line objects decided from their bytes) against the
// scanner's line path and against JSON.parse, on records whose event
// times sit around their arrival time, so that most take the fused path
// and the rest are late, early or out of range by a hair.

const silent = createLogger({}, {}, () => undefined);
const identity: LineStage = (line) => line;
const ARRIVAL = Date.UTC(2026, 2, 8, 7, 30); // 02:30 in New York, DST day
const HOUR = 3_600_000;

type Reader = 'fused' | 'scanner' | 'parse';

function processor(
  env: Record<string, string>,
  reader: Reader,
  fallback: BatchTransport,
) {
  const config = readPartitionConfig(env);
  const stage = createEventTimeStage(config);
  // A stage without its `fused` member: the scanner's line path.
  const lineStage: EventTimeStage = (lines, arrival) => stage(lines, arrival);
  return createPartitionProcessor({
    stages: reader === 'parse' ? [identity] : [],
    fieldPath: config.timestampField,
    eventTime: reader === 'fused' ? stage : lineStage,
    lateness: readLatenessConfig({ ...env, FALLBACK_STREAM_NAME: 'late' }),
    partitionWarningThreshold: config.partitionWarningThreshold,
    fallback,
    logger: silent,
  });
}

const instant = fc.oneof(
  fc.integer({ min: ARRIVAL - 3 * HOUR, max: ARRIVAL + HOUR }),
  fc.integer({ min: -1e3, max: 4e14 }),
  fc.constantFrom(0, 999, 1e11 - 1, 1e11, 1e14 - 1, 1e14, 253_402_300_799_999),
);
const time = fc.oneof(
  instant.map((ms) =>
    ms >= -62_135_596_800_000 && ms <= 253_402_300_799_999
      ? JSON.stringify(new Date(ms).toISOString())
      : String(ms),
  ),
  instant.map((ms) =>
    JSON.stringify(`${new Date(Math.max(ms, 0)).toISOString().slice(0, 19)}Z`),
  ),
  instant.map(String),
  instant.map((ms) => String(Math.floor(ms / 1000))),
  instant.map((ms) => `${Math.floor(ms / 1000)}.5`),
  instant.map((ms) => JSON.stringify(String(ms))),
  fc.constantFrom(
    '"2026-03-08T07:30:00+00:00"',
    '"2026-03-08T07:30:00"',
    '"2026-02-30T07:30:00Z"',
    '"2026-03-08T24:00:00Z"',
    '"0099-03-08T07:30:00Z"',
    '"9999-12-31T23:59:59.999Z"',
    '"2026-03-08T07:30:00.1234Z"',
    '"2026-03-08t07:30:00Z"',
    '"2026-03-08T07:30:00\\u005a"',
    '-0',
    '-1',
    '1e12',
    '0.0',
    'null',
    'true',
    '[1]',
    '{"t":1}',
    '1772955000000000',
  ),
);
const filler = fc.constantFrom(
  '"a":1',
  '"s":"é\\"x\\n"',
  '"n":null',
  '"arr":[1,{"t":2}]',
  '"o":{"t":"x"}',
);
const line = timestampLine(time, filler);
const record = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.array(line, { minLength: 1, maxLength: 1 }) },
      fc.array(fc.oneof(line, fc.constantFrom('[1]', '"s"', '{bad')), {
        minLength: 1,
        maxLength: 3,
      }),
    ),
    fc.constantFrom('\n', '\n', '\r\n', ''),
    fc.constantFrom('', '', '', ' ', '\uFEFF', '\t'),
    fc.boolean(),
    fc.boolean(),
  )
  .map(
    ([lines, eol, lead, final, trail]) =>
      lead +
      lines.join(eol || '\n') +
      (trail && lead === '' ? ' ' : '') +
      (final ? eol || '\n' : ''),
  );

const settings = fc.record({
  TIMESTAMP_FIELD: fc.constantFrom('t', 'meta.t'),
  TIMESTAMP_FORMAT: fc.constantFrom(
    'auto',
    'auto',
    'iso8601',
    'epoch_ms',
    'epoch_s',
  ),
  PARTITION_TIMEZONE: fc.constantFrom(
    'UTC',
    'America/New_York',
    'Pacific/Kiritimati',
  ),
  PARTITION_GRANULARITY: fc.constantFrom('hour', 'day', 'minute'),
  ON_MISSING_TIMESTAMP: fc.constantFrom('fail', 'arrival'),
  EARLIEST_EVENT_TIME: fc.constantFrom(
    '1970-01-01T00:00:00Z',
    '2026-03-08T05:00:00Z',
  ),
  ALLOWED_LATENESS: fc.constantFrom('1h', '0s'),
  MAX_FUTURE_SKEW: fc.constantFrom('5m', '0s'),
});

describe('the fused partition path (property)', () => {
  it('answers every batch exactly as the scanner line path and JSON.parse do', async () => {
    await fc.assert(
      fc.asyncProperty(
        settings,
        fc.array(
          fc.tuple(record, fc.integer({ min: -2 * HOUR, max: 2 * HOUR })),
          { minLength: 1, maxLength: 8 },
        ),
        async (env, batch) => {
          // Prepare
          const records: FirehoseRecord[] = batch.map(([text, skew], i) => ({
            recordId: `r${i}`,
            approximateArrivalTimestamp: ARRIVAL + skew,
            data: Buffer.from(text).toString('base64'),
          }));
          const observability = {
            logger: silent,
            namespace: 'T',
            functionName: 'p',
          };
          const run = async (reader: Reader) => {
            // The fallback confirms every entry, and keeps what it got.
            const sent: string[] = [];
            const fallback: BatchTransport = {
              limits: PutRecordBatchLimits,
              async send(entries) {
                return entries.map((entry): EntryResult => {
                  sent.push(
                    entry.id,
                    Buffer.from(entry.data).toString('base64'),
                  );
                  return { ok: true };
                });
              },
            };
            const response = await runBatch(
              { records },
              fakeContext(),
              processor(env, reader, fallback),
              observability,
            );
            return { response, sent };
          };

          // Act
          const [fused, scanner, parsed] = await Promise.all([
            run('fused'),
            run('scanner'),
            run('parse'),
          ]);

          // Assess
          expect(fused).toEqual(scanner);
          expect(fused).toEqual(parsed);
        },
      ),
      { numRuns: 1_500 },
    );
  });
});

describe('eventTimeOfJsonBytes (property)', () => {
  const formats = fc.constantFrom(...Object.values(TimestampFormat));
  it('is NaN or what parseEventTime gives for the parsed value', () => {
    fc.assert(
      fc.property(
        time,
        formats,
        fc.constantFrom(0, Date.UTC(2026, 2, 8, 5)),
        (text, format, earliestMs) => {
          // Prepare
          const bytes = Buffer.from(`  ${text} `);
          let expected: number;
          try {
            expected = parseEventTime(JSON.parse(text), {
              format,
              earliestMs,
            });
          } catch {
            expected = Number.NaN;
          }

          // Act
          const fast = eventTimeOfJsonBytes(bytes, 2, bytes.length - 1, {
            format,
            earliestMs,
          });

          // Assess
          if (!Number.isNaN(fast)) expect(fast).toBe(expected);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('reads the forms producers write most', () => {
    // Prepare
    const read = (text: string, format: TimestampFormat = 'auto') =>
      eventTimeOfJsonBytes(Buffer.from(text), 0, text.length, {
        format,
        earliestMs: 0,
      });

    // Act, Assess
    expect(read('"2026-03-08T07:30:00.123Z"')).toBe(ARRIVAL + 123);
    expect(read('"2026-03-08T07:30:00Z"')).toBe(ARRIVAL);
    expect(read(String(ARRIVAL))).toBe(ARRIVAL);
    expect(read(String(ARRIVAL / 1000))).toBe(ARRIVAL);
    expect(read(String(ARRIVAL), 'epoch_ms')).toBe(ARRIVAL);
    expect(read(String(ARRIVAL / 1000), 'epoch_s')).toBeNaN();
    expect(read('"2026-03-08T07:30:00+01:00"')).toBeNaN();
    expect(read('1772955000000000')).toBeNaN();
  });
});
