import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirehoseProcessorError } from '../../shared/errors.js';
import type { FirehoseRecord } from '../../shared/firehose/types.js';
import {
  classifyLateness,
  Timeliness,
} from '../../shared/lateness/classifyLateness.js';
import {
  createReturnedRecordJudge,
  ReturnedTimeliness,
  returnedTimeliness,
} from '../../shared/lateness/judgeReturned.js';
import { createLogger } from '../../shared/observability/logger.js';
import { runBatch } from '../../shared/pipeline/runBatch.js';
import { createReingestPolicy } from '../../shared/reingest/overflowPolicy.js';
import { createReingestMarker } from '../../shared/reingest/reingestMarker.js';
import type {
  BatchTransport,
  EntryResult,
} from '../../shared/senders/batchTransport.js';
import { PutRecordBatchLimits } from '../../shared/senders/packBatches.js';
import { fakeContext, firehoseEvent } from '../helpers/records.js';

const MARKER_KEY = 'property-marker-key-of-32-characters';
const DAY = 86_400_000;
const marker = createReingestMarker(MARKER_KEY);
const keys = { year: '2026', month: '03', day: '01', hour: '10' };
const payload = Buffer.from('{"id":1}\n{"id":2}\n');

const windowEnd = fc.integer({
  min: Date.UTC(2000, 0),
  max: Date.UTC(2100, 0),
});
const lateness = fc.integer({ min: 0, max: 7 * DAY });
// Around the boundary end + lateness, and far from it.
const offset = fc.oneof(
  fc.integer({ min: -2, max: 2 }),
  fc.integer({ min: -3 * DAY, max: 3 * DAY }),
);

describe('a returning record (property, issue 13)', () => {
  it('is answered Ok into its partition only when arrival ≤ windowEnd + lateness', async () => {
    await fc.assert(
      fc.asyncProperty(
        windowEnd,
        lateness,
        offset,
        fc.constantFrom('confirms', 'refuses', 'none'),
        async (end, allowedLatenessMs, delta, fallbackMode) => {
          // Prepare
          const arrival = end + allowedLatenessMs + delta;
          const confirmed: string[] = [];
          const fallback: BatchTransport | undefined =
            fallbackMode === 'none'
              ? undefined
              : {
                  limits: PutRecordBatchLimits,
                  async send(entries) {
                    return entries.map((entry): EntryResult => {
                      if (fallbackMode === 'refuses') {
                        return { ok: false, code: 'Throttled', message: '…' };
                      }
                      confirmed.push(entry.id);
                      return { ok: true };
                    });
                  },
                };
          const data = Buffer.concat([
            marker.markerLine(payload, keys, {
              windowEndMs: end,
              eventTimeMs: end - 1,
            }),
            payload,
          ]).toString('base64');
          const record: FirehoseRecord = {
            recordId: 'back',
            approximateArrivalTimestamp: arrival,
            data,
          };
          const overflow = createReingestPolicy(
            {
              enabled: true,
              maxAttempts: 1,
              safetyMarginMs: 100,
              markerKey: MARKER_KEY,
              markerKeyIsLocal: false,
            },
            {
              judgeReturned: createReturnedRecordJudge({
                lateness: {
                  allowedLatenessMs,
                  maxFutureSkewMs: 300_000,
                  fallbackStreamName: fallback === undefined ? '' : 'late',
                  fallbackMaxAttempts: 1,
                  fallbackSafetyMarginMs: 100,
                },
                fallback,
              }),
            },
          );

          // Act
          const response = await runBatch(
            firehoseEvent([record]),
            fakeContext(5_000),
            (fresh) => {
              if (fresh.length > 0) {
                throw new FirehoseProcessorError('processed again');
              }
              return [];
            },
            {
              logger: createLogger({}, {}, () => undefined),
              namespace: 'Test',
              functionName: 'property',
            },
            overflow,
          );

          // Assess
          const answer = response.records[0];
          const onTime = arrival <= end + allowedLatenessMs;
          if (answer?.result === 'Ok') {
            // Into its partition: allowed on time, or with no fallback at all.
            expect(onTime || fallback === undefined).toBe(true);
            expect(answer.metadata?.partitionKeys).toEqual(keys);
            expect(answer.data).toBe(payload.toString('base64'));
          } else {
            expect(onTime).toBe(false);
            expect(fallback).toBeDefined();
          }
          if (onTime || fallback === undefined) {
            expect(answer?.result).toBe('Ok');
          }
          if (answer?.result === 'Dropped') {
            expect(confirmed).toEqual(['back']);
          }
          if (answer?.result === 'ProcessingFailed') {
            expect(fallbackMode).toBe('refuses');
            expect(answer.data).toBe(data);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('applies the rule of classifyLateness to the new arrival time', () => {
    fc.assert(
      fc.property(
        windowEnd,
        lateness,
        offset,
        (end, allowedLatenessMs, delta) => {
          // Prepare
          const arrivalMs = end + allowedLatenessMs + delta;
          const rule = { allowedLatenessMs, maxFutureSkewMs: 300_000 };

          // Act
          const again = returnedTimeliness(
            { windowEndMs: end, eventTimeMs: end - 1 },
            arrivalMs,
            allowedLatenessMs,
          );
          const first = classifyLateness(
            { eventTimeMs: end - 1, windowEndMs: end, arrivalMs },
            rule,
          );

          // Assess
          expect(again === ReturnedTimeliness.late).toBe(
            first === Timeliness.late,
          );
        },
      ),
    );
  });
});
