import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completePartitions } from '../../shared/commit/commitDecision.js';
import { commitPartitions } from '../../shared/commit/commitPartitions.js';
import { compilePartitionPrefix } from '../../shared/commit/partitionPrefix.js';
import {
  createPartitioner,
  type Granularity,
} from '../../shared/time/partitionWindow.js';
import { createMemoryStore } from '../helpers/memoryPartitionStore.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 1);

const granularity = fc.constantFrom<Granularity>('minute', 'hour', 'day');
const zone = fc.constantFrom(
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'Asia/Kolkata',
);

describe('completePartitions (property)', () => {
  it('returns exactly the partitions complete at W whose completion falls in the lookback', () => {
    fc.assert(
      fc.property(
        granularity,
        zone,
        fc.integer({ min: 0, max: 300 * DAY }),
        fc.integer({ min: 0, max: 3 * HOUR }),
        fc.integer({ min: 1, max: 2 * DAY }),
        fc.array(fc.integer({ min: 0, max: 5 * DAY }), {
          minLength: 1,
          maxLength: 30,
        }),
        (g, timeZone, offset, lateness, lookback, probes) => {
          // Prepare
          const partition = createPartitioner({ granularity: g, timeZone });
          const watermark = START + offset;
          const rule = { allowedLatenessMs: lateness, lookbackMs: lookback };
          if (g === 'minute' && lookback > 6 * HOUR) return; // keep it quick

          // Act
          const windows = completePartitions(watermark, partition, rule);
          const ids = new Set(windows.map((w) => w.id));

          // Assess: sound (none before its condition), in the lookback,
          // and complete (every probed partition that qualifies is there).
          for (const w of windows) {
            expect(watermark).toBeGreaterThan(w.end + lateness);
            expect(w.end + lateness).toBeGreaterThan(watermark - lookback);
          }
          for (const back of probes) {
            const w = partition(watermark - back);
            const qualifies =
              watermark > w.end + lateness &&
              w.end + lateness > watermark - lookback;
            expect(ids.has(w.id)).toBe(qualifies);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('commitPartitions over a sequence of runs (property)', () => {
  it('commits every partition once after its watermark condition holds, never before', async () => {
    await fc.assert(
      fc.asyncProperty(
        zone,
        fc.integer({ min: 0, max: 2 * HOUR }),
        // Whole seconds, so that the datapoint below says exactly W.
        fc.array(fc.integer({ min: 0, max: 5 * 3600 }), {
          minLength: 1,
          maxLength: 12,
        }),
        async (timeZone, lateness, steps) => {
          // Prepare: the watermark moves forward by less than the lookback.
          const lookback = 6 * HOUR;
          const partition = createPartitioner({
            granularity: 'hour',
            timeZone,
          });
          const store = createMemoryStore();
          const committedAt = new Map<string, number>();
          let watermark = START + 2 * DAY;
          const first = watermark;

          // Act
          for (const step of steps) {
            watermark += step * 1000;
            const w = watermark;
            const report = await commitPartitions(w + 10 * MIN, {
              bucket: 'b',
              deliveryStream: 's',
              prefix: compilePartitionPrefix(
                'events/dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/',
              ),
              partition,
              rule: { allowedLatenessMs: lateness, lookbackMs: lookback },
              freshness: {
                periodMs: MIN,
                publicationDelayMs: 0,
                idleAfterMs: undefined,
              },
              // One datapoint whose bound (start − age − 1 s) is exactly w.
              readFreshness: async () => {
                const start = Math.ceil((w + 1_000) / MIN) * MIN;
                return [
                  {
                    timestampMs: start,
                    maximumSeconds: (start - w - 1_000) / 1000,
                  },
                ];
              },
              store,
              concurrency: 3,
            });
            expect(report.watermark.watermarkMs).toBe(w);
            for (const prefix of report.committed) {
              expect(committedAt.has(prefix)).toBe(false);
              committedAt.set(prefix, w);
            }
          }

          // Assess
          for (const [key, body] of store.objects) {
            const manifest = JSON.parse(body);
            const end = Date.parse(manifest.window.end);
            expect(committedAt.get(manifest.prefix)).toBeGreaterThan(
              end + lateness,
            );
            expect(key).toBe(`${manifest.prefix}_SUCCESS`);
          }
          // Every hour completed between the first and the last watermark.
          for (let t = first - lateness - HOUR; t < watermark; t += HOUR / 2) {
            const w = partition(t);
            if (w.end + lateness >= first && w.end + lateness < watermark) {
              const prefix = `events/dt=${w.keys.dt}/hour=${w.keys.hour}/`;
              expect(committedAt.has(prefix), prefix).toBe(true);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
