import { describe, expect, it } from 'vitest';
import { deliveryWatermark } from '../../../local/commit/deliveryWatermark.ts';
import { commitAtWatermark } from '../../../shared/commit/commitPartitions.js';
import { compilePartitionPrefix } from '../../../shared/commit/partitionPrefix.js';
import { createPartitioner } from '../../../shared/time/partitionWindow.js';
import { createMemoryStore } from '../../helpers/memoryPartitionStore.js';

const t = (iso: string) => Date.parse(iso);

describe('deliveryWatermark', () => {
  it('is the oldest arrival in flight, or the clock when nothing is', () => {
    // Act / Assess
    expect(deliveryWatermark([30, 10, 20], 100)).toBe(10);
    expect(deliveryWatermark([], 100)).toBe(100);
    expect(deliveryWatermark([200], 100)).toBe(100);
  });

  it('drives the same commit decision as PartitionCommitFunction', async () => {
    // Prepare: a record of hour 11 still buffered since 11:58.
    const watermarkMs = deliveryWatermark(
      [t('2026-03-01T11:58:00Z')],
      t('2026-03-01T13:30:00Z'),
    );
    const store = createMemoryStore();

    // Act
    const report = await commitAtWatermark(
      { watermarkMs, evidence: 'freshness', datapoints: 0 },
      t('2026-03-01T13:30:00Z'),
      {
        bucket: 'out',
        deliveryStream: 'local-EventStream',
        prefix: compilePartitionPrefix(
          'events/hour=!{partitionKeyFromLambda:hour}/',
        ),
        partition: createPartitioner({ granularity: 'hour', timeZone: 'UTC' }),
        rule: { allowedLatenessMs: 3_600_000, lookbackMs: 3 * 3_600_000 },
        store,
        concurrency: 1,
      },
    );

    // Assess: W = 11:58: hour 09 (end 10:00 + 1 h < W) is complete, hour
    // 10 (needs W > 12:00) is not; the 3 h lookback reaches hour 07.
    expect(report.committed).toEqual([
      'events/hour=07/',
      'events/hour=08/',
      'events/hour=09/',
    ]);
  });
});
