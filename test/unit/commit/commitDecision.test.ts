import { describe, expect, it } from 'vitest';
import {
  completePartitions,
  isComplete,
} from '../../../shared/commit/commitDecision.js';
import { createPartitioner } from '../../../shared/time/partitionWindow.js';

const HOUR = 3_600_000;
const t = (iso: string) => Date.parse(iso);

describe('isComplete', () => {
  it('needs the watermark strictly past end + lateness', () => {
    // Prepare
    const window = { end: t('2026-03-01T11:00:00Z') };

    // Act
    const at = isComplete(window, t('2026-03-01T12:00:00Z'), HOUR);
    const after = isComplete(window, t('2026-03-01T12:00:00.001Z'), HOUR);

    // Assess: a record arriving at exactly end + lateness is on time.
    expect([at, after]).toEqual([false, true]);
  });
});

describe('completePartitions', () => {
  it('lists the hours that became complete within the lookback, oldest first', () => {
    // Prepare
    const partition = createPartitioner({
      granularity: 'hour',
      timeZone: 'UTC',
    });

    // Act
    const windows = completePartitions(t('2026-03-01T12:30:00Z'), partition, {
      allowedLatenessMs: HOUR,
      lookbackMs: 2 * HOUR,
    });

    // Assess: completion instants 11:00 (hour 09) and 12:00 (hour 10).
    expect(windows.map((w) => w.id)).toEqual([
      'year=2026/month=03/day=01/hour=09',
      'year=2026/month=03/day=01/hour=10',
    ]);
  });

  it('follows the zone: the 25-hour day of a DST end is one partition', () => {
    // Prepare: Europe/Paris leaves summer time on 2026-10-25.
    const partition = createPartitioner({
      granularity: 'day',
      timeZone: 'Europe/Paris',
    });

    // Act
    const windows = completePartitions(t('2026-10-26T00:00:00Z'), partition, {
      allowedLatenessMs: 0,
      lookbackMs: 24 * HOUR,
    });

    // Assess
    expect(windows.map((w) => [w.keys.dt, (w.end - w.start) / HOUR])).toEqual([
      ['2026-10-25', 25],
    ]);
  });

  it('returns nothing when no partition is complete', () => {
    // Prepare
    const partition = createPartitioner({
      granularity: 'year',
      timeZone: 'UTC',
    });

    // Act
    const windows = completePartitions(t('2026-06-01T00:00:00Z'), partition, {
      allowedLatenessMs: HOUR,
      lookbackMs: 30 * 24 * HOUR,
    });

    // Assess
    expect(windows).toEqual([]);
  });
});
