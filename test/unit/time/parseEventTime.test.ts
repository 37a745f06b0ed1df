import { describe, expect, it } from 'vitest';
import { RecordError } from '../../../shared/errors.js';
import {
  LATEST_EVENT_MS,
  parseEventTime,
  type TimestampFormat,
} from '../../../shared/time/parseEventTime.js';

const utc = Date.UTC;
const YEAR_1900 = utc(1900, 0, 1);

function reasonOf(act: () => unknown): string {
  try {
    act();
  } catch (error) {
    if (error instanceof RecordError) return error.reason;
    throw error;
  }
  return 'no error';
}

describe('parseEventTime', () => {
  describe('epoch numbers in auto mode', () => {
    it.each([
      [0, 0],
      [1_700_000_000, 1_700_000_000_000],
      [99_999_999_999, 99_999_999_999_000],
      [100_000_000_000, 100_000_000_000],
      [1_700_000_000_123, 1_700_000_000_123],
      [99_999_999_999_999, 99_999_999_999_999],
      [100_000_000_000_000, 100_000_000_000],
      [1_700_000_000_123_456, 1_700_000_000_123],
      [1_700_000_000.123, 1_700_000_000_123],
      [1_700_000_000.5, 1_700_000_000_500],
      [1_700_000_000_123.9, 1_700_000_000_123],
      [1e17, 100_000_000_000],
      [JSON.parse('1700000000123456789') as number, 1_700_000_000_123],
      ['1700000000', 1_700_000_000_000],
      ['99999999999', 99_999_999_999_000],
      ['100000000000', 100_000_000_000],
      ['00001700000000', 1_700_000_000_000],
      ['1700000000.123', 1_700_000_000_123],
      ['1700000000.1239', 1_700_000_000_123],
      ['1700000000999.9', 1_700_000_000_999],
      ['99999999999999', 99_999_999_999_999],
      ['100000000000000', 100_000_000_000],
      ['99999999999999999', 99_999_999_999_999],
      ['100000000000000000', 100_000_000_000],
      ['1700000000123456789', 1_700_000_000_123],
      ['99999999999999999999', 99_999_999_999_999],
    ])('reads %j', (value, expected) => {
      // Prepare
      const options = { format: 'auto' as const };

      // Act
      const ms = parseEventTime(value, options);

      // Assess
      expect(ms).toBe(expected);
    });

    it.each([
      [-1.5, -1500],
      [-0.0005, -1],
      ['-0.0005', -1],
      ['-1', -1000],
      [-1e-7, -1],
      [1e-7, 0],
      ['-2208988800', YEAR_1900],
      [-2_208_988_800_000, YEAR_1900],
    ])(
      'floors %j toward -infinity when older events are allowed',
      (value, expected) => {
        // Prepare
        const options = { earliestMs: YEAR_1900 };

        // Act
        const ms = parseEventTime(value, options);

        // Assess
        expect(ms).toBe(expected);
      },
    );
  });

  describe('explicit epoch units', () => {
    it.each([
      ['epoch_s', 1_700_000_000, 1_700_000_000_000],
      ['epoch_s', '1700000000.9999', 1_700_000_000_999],
      ['epoch_s', 100_000_000_000, 100_000_000_000_000],
      ['epoch_ms', 1_700_000_000, 1_700_000_000],
      ['epoch_ms', '1700000000123', 1_700_000_000_123],
      ['epoch_ms', 12.9, 12],
      ['epoch_us', 1_700_000_000_123_456, 1_700_000_000_123],
      ['epoch_us', '1700000000123999', 1_700_000_000_123],
      ['epoch_us', 999, 0],
      ['epoch_ns', '1700000000123456789', 1_700_000_000_123],
      ['epoch_ns', '1700000000123999999', 1_700_000_000_123],
      [
        'epoch_ns',
        JSON.parse('1700000000123456789') as number,
        1_700_000_000_123,
      ],
    ] as const)('reads %s %j', (format, value, expected) => {
      // Prepare
      const options = { format: format as TimestampFormat };

      // Act
      const ms = parseEventTime(value, options);

      // Assess
      expect(ms).toBe(expected);
    });

    it.each([
      ['epoch_s', 'yesterday'],
      ['epoch_ms', '2026-03-01T00:00:00Z'],
      ['epoch_ms', '1e5'],
      ['epoch_us', ' 1700000000'],
      ['epoch_ns', '+1700000000'],
      ['iso8601', 1_700_000_000],
      ['iso8601', '1700000000'],
    ] as const)('rejects %s %j as invalid', (format, value) => {
      // Prepare
      const options = { format: format as TimestampFormat };

      // Act
      const reason = reasonOf(() => parseEventTime(value, options));

      // Assess
      expect(reason).toBe('invalid-timestamp');
    });
  });

  describe('ISO-8601', () => {
    it.each([
      ['2026-03-01T04:05:06Z', utc(2026, 2, 1, 4, 5, 6)],
      ['2026-03-01t04:05:06z', utc(2026, 2, 1, 4, 5, 6)],
      ['2026-03-01 04:05:06Z', utc(2026, 2, 1, 4, 5, 6)],
      ['2026-03-01T04:05Z', utc(2026, 2, 1, 4, 5)],
      ['2026-03-01T04:05:06+05:30', utc(2026, 1, 28, 22, 35, 6)],
      ['2026-03-01T04:05:06+0530', utc(2026, 1, 28, 22, 35, 6)],
      ['2026-03-01T04:05:06+05', utc(2026, 1, 28, 23, 5, 6)],
      ['2026-02-28T20:00:00-08:00', utc(2026, 2, 1, 4)],
      ['2026-03-01T04:05:06-00:00', utc(2026, 2, 1, 4, 5, 6)],
      ['2026-03-01T04:05:06+23:59', utc(2026, 1, 28, 4, 6, 6)],
      ['2026-03-01T04:05:06.7Z', utc(2026, 2, 1, 4, 5, 6, 700)],
      ['2026-03-01T04:05:06.78Z', utc(2026, 2, 1, 4, 5, 6, 780)],
      ['2026-03-01T04:05:06.789Z', utc(2026, 2, 1, 4, 5, 6, 789)],
      ['2026-03-01T04:05:06.7899Z', utc(2026, 2, 1, 4, 5, 6, 789)],
      ['2026-03-01T04:05:06.123456789Z', utc(2026, 2, 1, 4, 5, 6, 123)],
      ['2026-03-01T04:05:06,5Z', utc(2026, 2, 1, 4, 5, 6, 500)],
      ['2026-03-01', utc(2026, 2, 1)],
      ['2026-03-01T04:05:06', utc(2026, 2, 1, 4, 5, 6)],
      ['2024-02-29T00:00:00Z', utc(2024, 1, 29)],
      ['2000-02-29', utc(2000, 1, 29)],
      ['2016-12-31T23:59:60Z', utc(2016, 11, 31, 23, 59, 59, 999)],
      ['2016-12-31T23:59:60.5Z', utc(2016, 11, 31, 23, 59, 59, 999)],
      ['1970-01-01T00:00:00Z', 0],
      ['9999-12-31T23:59:59.999Z', LATEST_EVENT_MS],
    ])('reads %s', (text, expected) => {
      // Prepare
      const options = { format: 'auto' as const };

      // Act
      const ms = parseEventTime(text, options);

      // Assess
      expect(ms).toBe(expected);
    });

    it.each([
      ['2026-03-01', 'Asia/Kolkata', utc(2026, 1, 28, 18, 30)],
      ['2026-07-01T12:00:00', 'America/New_York', utc(2026, 6, 1, 16)],
      [
        '2026-01-15T12:00:00.250',
        'America/New_York',
        utc(2026, 0, 15, 17, 0, 0, 250),
      ],
      // DST gap: 02:30 does not exist, read as 03:30 EDT.
      ['2026-03-08T02:30:00', 'America/New_York', utc(2026, 2, 8, 7, 30)],
      // DST overlap: 01:30 happens twice, the earlier (EDT) wins.
      ['2026-11-01T01:30:00', 'America/New_York', utc(2026, 10, 1, 5, 30)],
      // Midnight skipped in Havana: the date reads as 01:00 CDT.
      ['2026-03-08', 'America/Havana', utc(2026, 2, 8, 5)],
      // An explicit offset ignores the zone.
      ['2026-03-01T00:00:00Z', 'Asia/Kolkata', utc(2026, 2, 1)],
    ])(
      'reads %s without offset as wall time in %s',
      (text, timeZone, expected) => {
        // Prepare
        const options = { format: 'iso8601' as const, timeZone };

        // Act
        const ms = parseEventTime(text, options);

        // Assess
        expect(ms).toBe(expected);
      },
    );
  });

  describe('errors', () => {
    it.each([
      [undefined, 'missing-timestamp'],
      [null, 'missing-timestamp'],
      ['', 'invalid-timestamp'],
      ['yesterday', 'invalid-timestamp'],
      ['2026-13-01', 'invalid-timestamp'],
      ['2026-00-10', 'invalid-timestamp'],
      ['2026-04-31', 'invalid-timestamp'],
      ['2023-02-29', 'invalid-timestamp'],
      ['1900-02-29', 'invalid-timestamp'],
      ['2026-3-1', 'invalid-timestamp'],
      ['2026-03-01T', 'invalid-timestamp'],
      ['2026-03-01Z', 'invalid-timestamp'],
      ['2026-03-01T24:00:00Z', 'invalid-timestamp'],
      ['2026-03-01T12:60Z', 'invalid-timestamp'],
      ['2026-03-01T12:00:61Z', 'invalid-timestamp'],
      ['2026-03-01T12:00:00+24:00', 'invalid-timestamp'],
      ['2026-03-01T12:00:00+05:60', 'invalid-timestamp'],
      ['2026-03-01T12:00:00+5:30', 'invalid-timestamp'],
      ['2026-03-01T12:00:00.Z', 'invalid-timestamp'],
      ['2026-03-01T12:00:00 Z', 'invalid-timestamp'],
      [' 2026-03-01T12:00:00Z', 'invalid-timestamp'],
      ['20260301T120000Z', 'invalid-timestamp'],
      [true, 'invalid-timestamp'],
      [false, 'invalid-timestamp'],
      [{}, 'invalid-timestamp'],
      [[], 'invalid-timestamp'],
      [Number.NaN, 'invalid-timestamp'],
      [Number.POSITIVE_INFINITY, 'invalid-timestamp'],
      [Number.NEGATIVE_INFINITY, 'invalid-timestamp'],
      ['NaN', 'invalid-timestamp'],
      ['Infinity', 'invalid-timestamp'],
      ['0x10', 'invalid-timestamp'],
      ['1e5', 'invalid-timestamp'],
      ['1_700_000_000', 'invalid-timestamp'],
      ['1700000000.', 'invalid-timestamp'],
      ['-1', 'timestamp-out-of-range'],
      [-1, 'timestamp-out-of-range'],
      ['1969-12-31T23:59:59.999Z', 'timestamp-out-of-range'],
      ['1970-01-01T00:59:59.999+01:00', 'timestamp-out-of-range'],
      ['9999-12-31T23:59:59.999-00:01', 'timestamp-out-of-range'],
      ['100000000000000000000', 'timestamp-out-of-range'],
      [1e20, 'timestamp-out-of-range'],
      [1e25, 'timestamp-out-of-range'],
      ['9'.repeat(400), 'timestamp-out-of-range'],
    ])('fails %j with %s', (value, expected) => {
      // Prepare
      const options = { format: 'auto' as const };

      // Act
      const reason = reasonOf(() => parseEventTime(value, options));

      // Assess
      expect(reason).toBe(expected);
    });

    it.each([
      ['epoch_ms', 253_402_300_800_000],
      ['epoch_s', 253_402_300_800],
      ['epoch_ns', '253402300800000000000'],
      ['epoch_ms', '-1'],
    ] as const)('fails %s %j as out of range', (format, value) => {
      // Prepare
      const options = { format: format as TimestampFormat };

      // Act
      const reason = reasonOf(() => parseEventTime(value, options));

      // Assess
      expect(reason).toBe('timestamp-out-of-range');
    });

    it('accepts instants from a configured earliest time', () => {
      // Prepare
      const options = { earliestMs: YEAR_1900 };

      // Act
      const accepted = parseEventTime('1900-01-01T00:00:00Z', options);
      const reason = reasonOf(() =>
        parseEventTime('1899-12-31T23:59:59.999Z', options),
      );

      // Assess
      expect(accepted).toBe(YEAR_1900);
      expect(reason).toBe('timestamp-out-of-range');
    });

    it.each([
      'jane.doe@example.com',
      '2026-02-30T10:11:12Z',
      '123456789012345678901234',
      '2026-03-01Tjane',
    ])('never quotes the value %j in the error', (value) => {
      // Prepare
      let message = '';

      // Act
      try {
        parseEventTime(value);
      } catch (error) {
        message = (error as Error).message;
      }

      // Assess
      expect(message).not.toBe('');
      expect(message).not.toContain(value);
      expect(message).not.toContain('jane');
    });

    it('describes an absurd magnitude by its number of digits', () => {
      // Prepare
      const value = 1e25;

      // Act
      const act = () => parseEventTime(value);

      // Assess
      expect(act).toThrow(
        'timestamp-out-of-range: number with 26 digits is too large for any epoch unit',
      );
    });
  });
});
