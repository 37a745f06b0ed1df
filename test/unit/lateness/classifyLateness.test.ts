import { describe, expect, it } from 'vitest';
import { classifyLateness } from '#shared/lateness/classifyLateness.js';
import { readLatenessConfig } from '#shared/lateness/latenessConfig.js';

const HOUR = 3_600_000;
const windowEnd = Date.UTC(2026, 2, 1, 11); // hour 10 closes at 11:00Z
const rule = { allowedLatenessMs: HOUR, maxFutureSkewMs: 5 * 60_000 };

describe('classifyLateness', () => {
  it.each([
    ['arriving inside its hour', Date.UTC(2026, 2, 1, 10, 30), 'on-time'],
    ['arriving exactly at end + lateness', windowEnd + HOUR, 'on-time'],
    ['arriving 1 ms after end + lateness', windowEnd + HOUR + 1, 'late'],
    ['arriving a day later', windowEnd + 24 * HOUR, 'late'],
  ])('an event at 10:15 %s is %s', (_, arrivalMs, expected) => {
    // Act
    const result = classifyLateness(
      {
        eventTimeMs: Date.UTC(2026, 2, 1, 10, 15),
        windowEndMs: windowEnd,
        arrivalMs,
      },
      rule,
    );

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    ['5 minutes ahead', 5 * 60_000, 'on-time'],
    ['5 minutes and 1 ms ahead', 5 * 60_000 + 1, 'early'],
  ])('an event %s of its arrival is %s', (_, skew, expected) => {
    // Prepare
    const arrivalMs = Date.UTC(2026, 2, 1, 10, 0);

    // Act
    const result = classifyLateness(
      { eventTimeMs: arrivalMs + skew, windowEndMs: windowEnd, arrivalMs },
      rule,
    );

    // Assess
    expect(result).toBe(expected);
  });

  it('treats zero allowed lateness as closing the partition at its end', () => {
    // Act
    const atEnd = classifyLateness(
      {
        eventTimeMs: windowEnd - 1,
        windowEndMs: windowEnd,
        arrivalMs: windowEnd,
      },
      { ...rule, allowedLatenessMs: 0 },
    );
    const after = classifyLateness(
      {
        eventTimeMs: windowEnd - 1,
        windowEndMs: windowEnd,
        arrivalMs: windowEnd + 1,
      },
      { ...rule, allowedLatenessMs: 0 },
    );

    // Assess
    expect([atEnd, after]).toEqual(['on-time', 'late']);
  });

  it.each([undefined, null, Number.NaN, '1772330400000'])(
    'counts a record with arrival time %j as on time',
    (arrivalMs) => {
      // Act
      const result = classifyLateness(
        { eventTimeMs: 0, windowEndMs: 1, arrivalMs },
        rule,
      );

      // Assess
      expect(result).toBe('on-time');
    },
  );
});

describe('readLatenessConfig', () => {
  it('has documented defaults', () => {
    // Act
    const config = readLatenessConfig({});

    // Assess
    expect(config).toEqual({
      allowedLatenessMs: HOUR,
      maxFutureSkewMs: 300_000,
      fallbackStreamName: '',
      fallbackMaxAttempts: 6,
      fallbackSafetyMarginMs: 3_000,
    });
  });

  it.each([
    ['ALLOWED_LATENESS', 'an hour'],
    ['MAX_FUTURE_SKEW', '-5m'],
    ['FALLBACK_MAX_ATTEMPTS', '0'],
    ['FALLBACK_SAFETY_MARGIN', '3'],
  ])('rejects %s=%j naming the variable', (name, value) => {
    // Act
    const act = () => readLatenessConfig({ [name]: value });

    // Assess
    expect(act).toThrow(`${name}=${JSON.stringify(value)}`);
  });
});
