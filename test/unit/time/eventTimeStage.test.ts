import { describe, expect, it } from 'vitest';
import type { JsonLine } from '../../../shared/records/jsonLines.js';
import { createEventTimeStage } from '../../../shared/time/eventTimeStage.js';
import { readPartitionConfig } from '../../../shared/time/partitionConfig.js';

const utc = Date.UTC;

function lines(...values: unknown[]): JsonLine[] {
  return values.map((value) => ({ text: JSON.stringify(value), value }));
}

describe('eventTimeStage', () => {
  const stage = createEventTimeStage(
    readPartitionConfig({ TIMESTAMP_FIELD: 'detail.time' }),
  );
  const lenient = createEventTimeStage(
    readPartitionConfig({
      TIMESTAMP_FIELD: 'detail.time',
      ON_MISSING_TIMESTAMP: 'arrival',
      PARTITION_TIMEZONE: 'Asia/Kolkata',
    }),
  );

  it('returns the window and the latest event time of the lines', () => {
    // Prepare
    const record = lines(
      { detail: { time: '2026-03-01T04:10:00Z' } },
      { detail: { time: 1_772_338_500 } },
      { detail: { time: '2026-03-01T04:05:00Z' } },
    );

    // Act
    const out = stage(record, utc(2026, 2, 1, 5));

    // Assess
    expect(out).toEqual({
      window: {
        keys: {
          year: '2026',
          month: '03',
          day: '01',
          hour: '04',
          dt: '2026-03-01',
        },
        start: utc(2026, 2, 1, 4),
        end: utc(2026, 2, 1, 5),
        id: 'year=2026/month=03/day=01/hour=04',
      },
      eventTimeMs: utc(2026, 2, 1, 4, 15),
      usedArrival: false,
    });
  });

  it('fails lines in different windows at the first line in another window', () => {
    // Prepare
    const record = lines(
      { detail: { time: '2026-03-01T04:00:00Z' } },
      { detail: { time: '2026-03-01T04:59:59.999Z' } },
      { detail: { time: '2026-03-01T05:00:00Z' } },
      { detail: { time: '2026-03-01T06:00:00Z' } },
    );

    // Act
    const out = stage(record, undefined);

    // Assess
    expect(out).toEqual({
      result: 'ProcessingFailed',
      reason: 'mixed-partitions',
      detail: 'line 3 falls into another partition than line 1',
    });
  });

  it.each([[8.64e15], [1e300], [-1]])(
    'fails an arrival time of %d standing in for an event time outside the range (issue 10 §4)',
    (arrival) => {
      // Prepare: keys would be year 275760 or "0NaN".
      const record = lines({ other: 1 });

      // Act
      const out = lenient(record, arrival);

      // Assess
      expect(out).toMatchObject({
        result: 'ProcessingFailed',
        reason: 'timestamp-out-of-range',
        detail: expect.stringContaining('ON_MISSING_TIMESTAMP=arrival'),
      });
    },
  );

  it('stops at the line that settles mixed-partitions (slow failures, issue 10 §4)', () => {
    // Prepare: 55k lines in distinct hours; line 3 is not even an object,
    // and lines after 2 are never looked at (a getter would throw).
    const record = lines(
      { detail: { time: '2026-03-01T04:00:00Z' } },
      { detail: { time: '2026-03-01T05:00:00Z' } },
    );
    const untouchable = {
      text: '{}',
      get value(): unknown {
        throw new Error('line read after the verdict was settled');
      },
    };
    const many = [
      ...record,
      ...Array.from({ length: 55_000 }, () => untouchable),
    ];

    // Act
    const out = stage(many, undefined);

    // Assess
    expect(out).toMatchObject({ reason: 'mixed-partitions' });
  });

  it.each([[[1, 2]], ['text'], [42], [null]])(
    'fails a line that is %j',
    (value) => {
      // Prepare
      const record = lines({ detail: { time: '2026-03-01T04:00:00Z' } }, value);

      // Act
      const out = stage(record, undefined);

      // Assess
      expect(out).toMatchObject({
        result: 'ProcessingFailed',
        reason: 'not-an-object',
      });
      expect(out).toHaveProperty('detail', 'line 2: not a JSON object');
    },
  );

  it.each([
    [{ detail: {} }],
    [{ detail: { time: null } }],
    [{ other: { time: 1 } }],
  ])('fails a missing timestamp %j by default', (value) => {
    // Prepare
    const record = lines(value);

    // Act
    const out = stage(record, utc(2026, 2, 1, 5));

    // Assess
    expect(out).toEqual({
      result: 'ProcessingFailed',
      reason: 'missing-timestamp',
      detail: 'field detail.time is missing or null',
    });
  });

  it('uses the arrival time when configured', () => {
    // Prepare
    const record = lines({ detail: {} });

    // Act
    const out = lenient(record, utc(2026, 2, 1, 4, 29, 59, 999));

    // Assess
    expect(out).toMatchObject({
      eventTimeMs: utc(2026, 2, 1, 4, 29, 59, 999),
      usedArrival: true,
      window: {
        id: 'year=2026/month=03/day=01/hour=09',
        start: utc(2026, 2, 1, 3, 30),
        end: utc(2026, 2, 1, 4, 30),
      },
    });
  });

  it('fails a missing timestamp without an arrival time even when configured', () => {
    // Prepare
    const record = lines({ detail: {} });

    // Act
    const out = lenient(record, undefined);

    // Assess
    expect(out).toMatchObject({ reason: 'missing-timestamp' });
  });

  it.each([
    ['jane.doe@example.com', 'invalid-timestamp'],
    [true, 'invalid-timestamp'],
    ['1969-12-31T23:59:59Z', 'timestamp-out-of-range'],
  ])('fails the timestamp %j with %s, without quoting it', (time, reason) => {
    // Prepare
    const record = lines({ detail: { time } });

    // Act
    const out = stage(record, undefined);

    // Assess
    expect(out).toMatchObject({ result: 'ProcessingFailed', reason });
    expect(JSON.stringify(out)).not.toContain(String(time));
  });
});

describe('eventTimeStage line numbers', () => {
  it('names the failing line of a multi-line record', () => {
    // Prepare
    const stage = createEventTimeStage(readPartitionConfig({}));
    const record = lines(
      { timestamp: '2026-03-01T04:00:00Z' },
      { timestamp: '2026-02-30T04:00:00Z' },
    );

    // Act
    const out = stage(record, undefined);

    // Assess
    expect(out).toEqual({
      result: 'ProcessingFailed',
      reason: 'invalid-timestamp',
      detail: 'line 2: day is not in the month',
    });
  });
});
