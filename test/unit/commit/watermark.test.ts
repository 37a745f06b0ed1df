import { describe, expect, it } from 'vitest';
import {
  computeWatermark,
  freshnessWindow,
} from '../../../shared/commit/watermark.js';

const MIN = 60_000;
const t = (iso: string) => Date.parse(iso);

describe('freshnessWindow', () => {
  it('ends on a whole period before the publication delay', () => {
    // Prepare
    const now = t('2026-03-01T12:05:30Z');

    // Act
    const window = freshnessWindow(now, {
      periodMs: MIN,
      publicationDelayMs: 5 * MIN,
      spanMs: 60 * MIN,
    });

    // Assess
    expect(window).toEqual({
      fromMs: t('2026-03-01T11:00:00Z'),
      toMs: t('2026-03-01T12:00:00Z'),
      periodMs: MIN,
    });
  });
});

describe('computeWatermark', () => {
  const window = {
    fromMs: t('2026-03-01T11:00:00Z'),
    toMs: t('2026-03-01T12:00:00Z'),
    periodMs: MIN,
  };

  it('anchors each datapoint at its period start, less its Maximum and one second', () => {
    // Prepare
    const points = [
      { timestampMs: t('2026-03-01T11:30:00Z'), maximumSeconds: 60 },
      { timestampMs: t('2026-03-01T11:59:00Z'), maximumSeconds: 1800 },
    ];

    // Act
    const watermark = computeWatermark(points, window, undefined);

    // Assess: 11:30 − 61 s beats 11:59 − 1801 s.
    expect(watermark).toEqual({
      watermarkMs: t('2026-03-01T11:28:59Z'),
      evidence: 'freshness',
      datapoints: 2,
    });
  });

  it('rounds a fractional age up and ignores datapoints outside the window', () => {
    // Prepare
    const points = [
      { timestampMs: t('2026-03-01T11:10:00Z'), maximumSeconds: 0.2 },
      { timestampMs: t('2026-03-01T12:00:00Z'), maximumSeconds: 0 },
      { timestampMs: t('2026-03-01T10:59:00Z'), maximumSeconds: 0 },
    ];

    // Act
    const watermark = computeWatermark(points, window, undefined);

    // Assess
    expect(watermark.watermarkMs).toBe(t('2026-03-01T11:10:00Z') - 1200);
    expect(watermark.datapoints).toBe(1);
  });

  it('has no watermark without datapoints when idle streams hold', () => {
    // Act
    const watermark = computeWatermark([], window, undefined);

    // Assess
    expect(watermark).toEqual({
      watermarkMs: undefined,
      evidence: 'none',
      datapoints: 0,
    });
  });

  it('advances to the last period of an empty run as long as idleAfter', () => {
    // Prepare: busy until 11:44, then 15 empty periods 11:45 … 11:59.
    const points = Array.from({ length: 45 }, (_, i) => ({
      timestampMs: window.fromMs + i * MIN,
      maximumSeconds: 300,
    }));

    // Act
    const fifteen = computeWatermark(points, window, 15 * MIN);
    const sixteen = computeWatermark(points, window, 16 * MIN);

    // Assess
    expect(fifteen).toMatchObject({
      watermarkMs: t('2026-03-01T11:59:00Z'),
      evidence: 'idle',
    });
    expect(sixteen).toMatchObject({
      watermarkMs: t('2026-03-01T11:44:00Z') - 301_000,
      evidence: 'freshness',
    });
  });
});
