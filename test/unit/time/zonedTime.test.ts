import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  isUtcZone,
  isValidTimeZone,
  localFields,
  offsetMs,
  wallTimeToInstant,
} from '../../../shared/time/zonedTime.js';

const HOUR = 3_600_000;

describe('zonedTime', () => {
  it.each([
    ['UTC', Date.UTC(2026, 2, 1, 4, 5, 6, 7), [2026, 3, 1, 4, 5, 6, 7]],
    ['Asia/Kolkata', Date.UTC(2026, 1, 28, 18, 30), [2026, 3, 1, 0, 0, 0, 0]],
    [
      'Asia/Kathmandu',
      Date.UTC(2026, 2, 1, 4, 0, 0, 999),
      [2026, 3, 1, 9, 45, 0, 999],
    ],
    [
      'America/New_York',
      Date.UTC(2026, 0, 1, 4, 59, 59, 999),
      [2025, 12, 31, 23, 59, 59, 999],
    ],
    ['America/New_York', -1, [1969, 12, 31, 18, 59, 59, 999]],
    ['Europe/Paris', Date.UTC(2026, 6, 1, 22), [2026, 7, 2, 0, 0, 0, 0]],
  ])('reads the wall time in %s', (zone, instant, expected) => {
    // Prepare
    const [year, month, day, hour, minute, second, millisecond] = expected;

    // Act
    const wall = localFields(instant, zone);

    // Assess
    expect(wall).toEqual({
      year,
      month,
      day,
      hour,
      minute,
      second,
      millisecond,
    });
  });

  it.each([
    ['UTC', Date.UTC(2026, 6, 1), 0],
    ['Europe/Paris', Date.UTC(2026, 0, 15), HOUR],
    ['Europe/Paris', Date.UTC(2026, 6, 15), 2 * HOUR],
    ['Asia/Kolkata', Date.UTC(2026, 6, 15), 5.5 * HOUR],
    ['Asia/Kathmandu', Date.UTC(2026, 6, 15), 5.75 * HOUR],
    ['America/New_York', Date.UTC(2026, 10, 1, 5, 59, 59, 999), -4 * HOUR],
    ['America/New_York', Date.UTC(2026, 10, 1, 6), -5 * HOUR],
    ['Africa/Monrovia', Date.UTC(1971, 0, 1), -(44 * 60 + 30) * 1000],
  ])('gives the offset of %s at %d', (zone, instant, expected) => {
    // Prepare
    const at = instant;

    // Act
    const offset = offsetMs(at, zone);

    // Assess
    expect(offset).toBe(expected);
  });

  it.each([
    // A plain wall time.
    ['compatible', 2026, 7, 1, 12, 0, Date.UTC(2026, 6, 1, 16)],
    // Gap 02:00-03:00 on 2026-03-08: moves forward by the gap's length.
    ['compatible', 2026, 3, 8, 2, 30, Date.UTC(2026, 2, 8, 7, 30)],
    ['later', 2026, 3, 8, 2, 30, Date.UTC(2026, 2, 8, 7, 30)],
    ['earlier', 2026, 3, 8, 2, 30, Date.UTC(2026, 2, 8, 6, 30)],
    // Overlap 01:00-02:00 on 2026-11-01: EDT first, then EST.
    ['compatible', 2026, 11, 1, 1, 30, Date.UTC(2026, 10, 1, 5, 30)],
    ['earlier', 2026, 11, 1, 1, 30, Date.UTC(2026, 10, 1, 5, 30)],
    ['later', 2026, 11, 1, 1, 30, Date.UTC(2026, 10, 1, 6, 30)],
  ] as const)(
    'resolves a New York wall time (%s, %d-%d-%d %d:%d)',
    (how, year, month, day, hour, minute, expected) => {
      // Prepare
      const wall = { year, month, day, hour, minute, second: 0 };

      // Act
      const instant = wallTimeToInstant(wall, 'America/New_York', how);

      // Assess
      expect(instant).toBe(expected);
    },
  );

  it('resolves a skipped midnight in Havana to 01:00', () => {
    // Prepare
    const wall = {
      year: 2026,
      month: 3,
      day: 8,
      hour: 0,
      minute: 0,
      second: 0,
    };

    // Act
    const instant = wallTimeToInstant(wall, 'America/Havana');

    // Assess
    expect(instant).toBe(Date.UTC(2026, 2, 8, 5));
  });

  it('validates and canonicalizes zone names', () => {
    // Prepare
    const names = [
      'Europe/Paris',
      'etc/utc',
      'Mars/Olympus',
      '',
      'Europe/Pariss',
    ];

    // Act
    const valid = names.map(isValidTimeZone);
    const canonical = names.map(canonicalTimeZone);

    // Assess
    expect(valid).toEqual([true, true, false, false, false]);
    expect(canonical).toEqual([
      'Europe/Paris',
      'UTC',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([
    ['UTC', true],
    ['Etc/UTC', true],
    ['GMT', true],
    ['Etc/Zulu', true],
    ['Europe/London', false],
    ['Africa/Abidjan', false],
  ])('tells whether %s is UTC', (zone, expected) => {
    // Prepare
    const name = zone;

    // Act
    const utc = isUtcZone(name);

    // Assess
    expect(utc).toBe(expected);
  });
});
