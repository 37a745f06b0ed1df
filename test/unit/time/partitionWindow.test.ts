import { describe, expect, it } from 'vitest';
import {
  createPartitioner,
  type Granularity,
} from '../../../shared/time/partitionWindow.js';
import { reasonOf } from '../../helpers/errors.js';

const utc = Date.UTC;
const MINUTE = 60_000;
const HOUR = 3_600_000;

interface Case {
  readonly zone: string;
  readonly granularity: Granularity;
  readonly at: number;
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

function window(zone: string, granularity: Granularity, at: number) {
  return createPartitioner({ granularity, timeZone: zone })(at);
}

function check(name: string, cases: readonly (readonly [string, Case])[]) {
  describe(name, () => {
    it.each(cases)('%s', (_title, expected) => {
      // Prepare
      const { zone, granularity, at } = expected;

      // Act
      const found = window(zone, granularity, at);

      // Assess
      expect(found.id).toBe(expected.id);
      expect(new Date(found.start).toISOString()).toBe(
        new Date(expected.start).toISOString(),
      );
      expect(new Date(found.end).toISOString()).toBe(
        new Date(expected.end).toISOString(),
      );
    });
  });
}

describe('partitionWindow', () => {
  it('puts 23:59:59.999 in the same day', () => {
    // Prepare
    const partition = createPartitioner({
      granularity: 'day',
      timeZone: 'UTC',
    });

    // Act
    const found = partition(utc(2026, 2, 1, 23, 59, 59, 999));

    // Assess
    expect(found.keys).toEqual({
      year: '2026',
      month: '03',
      day: '01',
      dt: '2026-03-01',
    });
    expect(found.start).toBe(utc(2026, 2, 1));
    expect(found.end).toBe(utc(2026, 2, 2));
  });

  it('puts 00:00:00.000 in the next day', () => {
    // Prepare
    const partition = createPartitioner({
      granularity: 'day',
      timeZone: 'UTC',
    });

    // Act
    const found = partition(utc(2026, 2, 2));

    // Assess
    expect(found.id).toBe('year=2026/month=03/day=02');
    expect(found.start).toBe(utc(2026, 2, 2));
  });

  it.each([
    ['year', { year: '2026' }, 'year=2026'],
    ['month', { year: '2026', month: '03' }, 'year=2026/month=03'],
    [
      'day',
      { year: '2026', month: '03', day: '01', dt: '2026-03-01' },
      'year=2026/month=03/day=01',
    ],
    [
      'hour',
      { year: '2026', month: '03', day: '01', hour: '04', dt: '2026-03-01' },
      'year=2026/month=03/day=01/hour=04',
    ],
    [
      'minute',
      {
        year: '2026',
        month: '03',
        day: '01',
        hour: '04',
        minute: '05',
        dt: '2026-03-01',
      },
      'year=2026/month=03/day=01/hour=04/minute=05',
    ],
  ] as const)('sets the keys of a %s window', (granularity, keys, id) => {
    // Prepare
    const at = utc(2026, 2, 1, 4, 5, 6, 7);

    // Act
    const found = window('UTC', granularity, at);

    // Assess
    expect(found.keys).toEqual(keys);
    expect(found.id).toBe(id);
    expect(Object.isFrozen(found.keys)).toBe(true);
    expect(Object.isFrozen(found)).toBe(true);
  });

  it('returns the same keys and window instances within a window', () => {
    // Prepare
    const partition = createPartitioner({
      granularity: 'hour',
      timeZone: 'Europe/Paris',
    });

    // Act
    const first = partition(utc(2026, 2, 1, 4, 0, 0, 0));
    const other = partition(utc(2026, 2, 1, 5, 0, 0, 0));
    const again = partition(utc(2026, 2, 1, 4, 59, 59, 999));

    // Assess
    expect(again).toBe(first);
    expect(again.keys).toBe(first.keys);
    expect(other.keys).not.toBe(first.keys);
  });

  it('stays correct after its cache fills up', () => {
    // Prepare
    const partition = createPartitioner({
      granularity: 'minute',
      timeZone: 'Asia/Kathmandu',
    });
    const base = utc(2026, 2, 1);

    // Act
    for (let i = 0; i < 5000; i++) partition(base + i * MINUTE + 30_000);
    const found = partition(base + 30_000);

    // Assess
    expect(found.id).toBe('year=2026/month=03/day=01/hour=05/minute=45');
    expect(found.start).toBe(base);
    expect(found.end).toBe(base + MINUTE);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('rejects %d', (at) => {
    // Prepare
    const partition = createPartitioner({
      granularity: 'hour',
      timeZone: 'UTC',
    });

    // Act
    const act = () => partition(at);

    // Assess
    expect(act).toThrow(RangeError);
  });

  it('rejects an unknown zone', () => {
    // Prepare
    const options = { granularity: 'hour', timeZone: 'Mars/Olympus' } as const;

    // Act
    const act = () => createPartitioner(options);

    // Assess
    expect(act).toThrow(RangeError);
  });
});

check('partitionWindow in UTC', [
  [
    'hour edge: 04:59:59.999',
    {
      zone: 'UTC',
      granularity: 'hour',
      at: utc(2026, 2, 1, 4, 59, 59, 999),
      id: 'year=2026/month=03/day=01/hour=04',
      start: utc(2026, 2, 1, 4),
      end: utc(2026, 2, 1, 5),
    },
  ],
  [
    'hour edge: 05:00:00.000',
    {
      zone: 'UTC',
      granularity: 'hour',
      at: utc(2026, 2, 1, 5),
      id: 'year=2026/month=03/day=01/hour=05',
      start: utc(2026, 2, 1, 5),
      end: utc(2026, 2, 1, 6),
    },
  ],
  [
    'minute edge',
    {
      zone: 'UTC',
      granularity: 'minute',
      at: utc(2026, 2, 1, 4, 5, 59, 999),
      id: 'year=2026/month=03/day=01/hour=04/minute=05',
      start: utc(2026, 2, 1, 4, 5),
      end: utc(2026, 2, 1, 4, 6),
    },
  ],
  [
    'leap day',
    {
      zone: 'UTC',
      granularity: 'day',
      at: utc(2024, 1, 29, 12),
      id: 'year=2024/month=02/day=29',
      start: utc(2024, 1, 29),
      end: utc(2024, 2, 1),
    },
  ],
  [
    'month edge: end of February',
    {
      zone: 'UTC',
      granularity: 'month',
      at: utc(2026, 1, 28, 23, 59, 59, 999),
      id: 'year=2026/month=02',
      start: utc(2026, 1, 1),
      end: utc(2026, 2, 1),
    },
  ],
  [
    'month of a leap February',
    {
      zone: 'UTC',
      granularity: 'month',
      at: utc(2024, 1, 29),
      id: 'year=2024/month=02',
      start: utc(2024, 1, 1),
      end: utc(2024, 2, 1),
    },
  ],
  [
    'December',
    {
      zone: 'Etc/UTC',
      granularity: 'month',
      at: utc(2026, 11, 31, 23, 59, 59, 999),
      id: 'year=2026/month=12',
      start: utc(2026, 11, 1),
      end: utc(2027, 0, 1),
    },
  ],
  [
    'year edge: last instant',
    {
      zone: 'UTC',
      granularity: 'year',
      at: utc(2026, 11, 31, 23, 59, 59, 999),
      id: 'year=2026',
      start: utc(2026, 0, 1),
      end: utc(2027, 0, 1),
    },
  ],
  [
    'year edge: first instant',
    {
      zone: 'UTC',
      granularity: 'year',
      at: utc(2027, 0, 1),
      id: 'year=2027',
      start: utc(2027, 0, 1),
      end: utc(2028, 0, 1),
    },
  ],
  [
    'before 1970',
    {
      zone: 'UTC',
      granularity: 'hour',
      at: -1,
      id: 'year=1969/month=12/day=31/hour=23',
      start: -HOUR,
      end: 0,
    },
  ],
]);

check('partitionWindow in fixed-offset zones', [
  [
    'Kolkata hour (+05:30)',
    {
      zone: 'Asia/Kolkata',
      granularity: 'hour',
      at: utc(2026, 2, 1, 4),
      id: 'year=2026/month=03/day=01/hour=09',
      start: utc(2026, 2, 1, 3, 30),
      end: utc(2026, 2, 1, 4, 30),
    },
  ],
  [
    'Kolkata day',
    {
      zone: 'Asia/Kolkata',
      granularity: 'day',
      at: utc(2026, 1, 28, 18, 30),
      id: 'year=2026/month=03/day=01',
      start: utc(2026, 1, 28, 18, 30),
      end: utc(2026, 2, 1, 18, 30),
    },
  ],
  [
    'Kolkata year',
    {
      zone: 'Asia/Kolkata',
      granularity: 'year',
      at: utc(2025, 11, 31, 18, 29, 59, 999),
      id: 'year=2025',
      start: utc(2024, 11, 31, 18, 30),
      end: utc(2025, 11, 31, 18, 30),
    },
  ],
  [
    'Kathmandu hour (+05:45)',
    {
      zone: 'Asia/Kathmandu',
      granularity: 'hour',
      at: utc(2026, 2, 1, 4),
      id: 'year=2026/month=03/day=01/hour=09',
      start: utc(2026, 2, 1, 3, 15),
      end: utc(2026, 2, 1, 4, 15),
    },
  ],
  [
    'Kathmandu minute',
    {
      zone: 'Asia/Kathmandu',
      granularity: 'minute',
      at: utc(2026, 2, 1, 4, 0, 30),
      id: 'year=2026/month=03/day=01/hour=09/minute=45',
      start: utc(2026, 2, 1, 4),
      end: utc(2026, 2, 1, 4, 1),
    },
  ],
]);

check('partitionWindow in America/New_York', [
  [
    'spring forward: hour 01',
    {
      zone: 'America/New_York',
      granularity: 'hour',
      at: utc(2026, 2, 8, 6, 59, 59, 999),
      id: 'year=2026/month=03/day=08/hour=01',
      start: utc(2026, 2, 8, 6),
      end: utc(2026, 2, 8, 7),
    },
  ],
  [
    'spring forward: hour 03 follows hour 01',
    {
      zone: 'America/New_York',
      granularity: 'hour',
      at: utc(2026, 2, 8, 7),
      id: 'year=2026/month=03/day=08/hour=03',
      start: utc(2026, 2, 8, 7),
      end: utc(2026, 2, 8, 8),
    },
  ],
  [
    'spring forward: a 23-hour day',
    {
      zone: 'America/New_York',
      granularity: 'day',
      at: utc(2026, 2, 8, 12),
      id: 'year=2026/month=03/day=08',
      start: utc(2026, 2, 8, 5),
      end: utc(2026, 2, 9, 4),
    },
  ],
  [
    'fall back: hour 00',
    {
      zone: 'America/New_York',
      granularity: 'hour',
      at: utc(2026, 10, 1, 4, 59, 59, 999),
      id: 'year=2026/month=11/day=01/hour=00',
      start: utc(2026, 10, 1, 4),
      end: utc(2026, 10, 1, 5),
    },
  ],
  [
    'fall back: hour 01 (EDT half) lasts 2 hours',
    {
      zone: 'America/New_York',
      granularity: 'hour',
      at: utc(2026, 10, 1, 5),
      id: 'year=2026/month=11/day=01/hour=01',
      start: utc(2026, 10, 1, 5),
      end: utc(2026, 10, 1, 7),
    },
  ],
  [
    'fall back: hour 01 (EST half) lasts 2 hours',
    {
      zone: 'America/New_York',
      granularity: 'hour',
      at: utc(2026, 10, 1, 6, 59, 59, 999),
      id: 'year=2026/month=11/day=01/hour=01',
      start: utc(2026, 10, 1, 5),
      end: utc(2026, 10, 1, 7),
    },
  ],
  [
    'fall back: hour 02',
    {
      zone: 'America/New_York',
      granularity: 'hour',
      at: utc(2026, 10, 1, 7),
      id: 'year=2026/month=11/day=01/hour=02',
      start: utc(2026, 10, 1, 7),
      end: utc(2026, 10, 1, 8),
    },
  ],
  [
    'fall back: a 25-hour day',
    {
      zone: 'America/New_York',
      granularity: 'day',
      at: utc(2026, 10, 1, 12),
      id: 'year=2026/month=11/day=01',
      start: utc(2026, 10, 1, 4),
      end: utc(2026, 10, 2, 5),
    },
  ],
  [
    'fall back: minute 01:30 lasts 1 minute each time (EDT)',
    {
      zone: 'America/New_York',
      granularity: 'minute',
      at: utc(2026, 10, 1, 5, 30, 30),
      id: 'year=2026/month=11/day=01/hour=01/minute=30',
      start: utc(2026, 10, 1, 5, 30),
      end: utc(2026, 10, 1, 5, 31),
    },
  ],
  [
    'fall back: minute 01:59 EDT runs into 01:00 EST',
    {
      zone: 'America/New_York',
      granularity: 'minute',
      at: utc(2026, 10, 1, 5, 59, 30),
      id: 'year=2026/month=11/day=01/hour=01/minute=59',
      start: utc(2026, 10, 1, 5, 59),
      end: utc(2026, 10, 1, 6),
    },
  ],
  [
    'month of November (EDT start, EST end)',
    {
      zone: 'America/New_York',
      granularity: 'month',
      at: utc(2026, 10, 15),
      id: 'year=2026/month=11',
      start: utc(2026, 10, 1, 4),
      end: utc(2026, 11, 1, 5),
    },
  ],
  [
    'year',
    {
      zone: 'America/New_York',
      granularity: 'year',
      at: utc(2026, 6, 1),
      id: 'year=2026',
      start: utc(2026, 0, 1, 5),
      end: utc(2027, 0, 1, 5),
    },
  ],
]);

check('partitionWindow in Australia/Lord_Howe (30-minute DST)', [
  [
    'April: hour 00',
    {
      zone: 'Australia/Lord_Howe',
      granularity: 'hour',
      at: utc(2026, 3, 4, 13, 30),
      id: 'year=2026/month=04/day=05/hour=00',
      start: utc(2026, 3, 4, 13),
      end: utc(2026, 3, 4, 14),
    },
  ],
  [
    'April: hour 01 lasts 90 minutes',
    {
      zone: 'Australia/Lord_Howe',
      granularity: 'hour',
      at: utc(2026, 3, 4, 15, 10),
      id: 'year=2026/month=04/day=05/hour=01',
      start: utc(2026, 3, 4, 14),
      end: utc(2026, 3, 4, 15, 30),
    },
  ],
  [
    'April: hour 02',
    {
      zone: 'Australia/Lord_Howe',
      granularity: 'hour',
      at: utc(2026, 3, 4, 15, 30),
      id: 'year=2026/month=04/day=05/hour=02',
      start: utc(2026, 3, 4, 15, 30),
      end: utc(2026, 3, 4, 16, 30),
    },
  ],
  [
    'October: hour 01',
    {
      zone: 'Australia/Lord_Howe',
      granularity: 'hour',
      at: utc(2026, 9, 3, 15, 29, 59, 999),
      id: 'year=2026/month=10/day=04/hour=01',
      start: utc(2026, 9, 3, 14, 30),
      end: utc(2026, 9, 3, 15, 30),
    },
  ],
  [
    'October: hour 02 lasts 30 minutes',
    {
      zone: 'Australia/Lord_Howe',
      granularity: 'hour',
      at: utc(2026, 9, 3, 15, 40),
      id: 'year=2026/month=10/day=04/hour=02',
      start: utc(2026, 9, 3, 15, 30),
      end: utc(2026, 9, 3, 16),
    },
  ],
  [
    'October: hour 03',
    {
      zone: 'Australia/Lord_Howe',
      granularity: 'hour',
      at: utc(2026, 9, 3, 16),
      id: 'year=2026/month=10/day=04/hour=03',
      start: utc(2026, 9, 3, 16),
      end: utc(2026, 9, 3, 17),
    },
  ],
  [
    'April: a 24.5-hour day',
    {
      zone: 'Australia/Lord_Howe',
      granularity: 'day',
      at: utc(2026, 3, 5),
      id: 'year=2026/month=04/day=05',
      start: utc(2026, 3, 4, 13),
      end: utc(2026, 3, 5, 13, 30),
    },
  ],
]);

check('partitionWindow where midnight is skipped', [
  [
    'Havana: the day before',
    {
      zone: 'America/Havana',
      granularity: 'day',
      at: utc(2026, 2, 8, 4, 59, 59, 999),
      id: 'year=2026/month=03/day=07',
      start: utc(2026, 2, 7, 5),
      end: utc(2026, 2, 8, 5),
    },
  ],
  [
    'Havana: 2026-03-08 starts at 01:00',
    {
      zone: 'America/Havana',
      granularity: 'day',
      at: utc(2026, 2, 8, 5),
      id: 'year=2026/month=03/day=08',
      start: utc(2026, 2, 8, 5),
      end: utc(2026, 2, 9, 4),
    },
  ],
  [
    'Havana: hour 00 twice on 2026-11-01',
    {
      zone: 'America/Havana',
      granularity: 'hour',
      at: utc(2026, 10, 1, 5, 30),
      id: 'year=2026/month=11/day=01/hour=00',
      start: utc(2026, 10, 1, 4),
      end: utc(2026, 10, 1, 6),
    },
  ],
  [
    'Santiago: 2026-09-06 starts at 01:00',
    {
      zone: 'America/Santiago',
      granularity: 'day',
      at: utc(2026, 8, 6, 12),
      id: 'year=2026/month=09/day=06',
      start: utc(2026, 8, 6, 4),
      end: utc(2026, 8, 7, 3),
    },
  ],
  [
    'Santiago: 2026-04-04 lasts 25 hours',
    {
      zone: 'America/Santiago',
      granularity: 'day',
      at: utc(2026, 3, 4, 12),
      id: 'year=2026/month=04/day=04',
      start: utc(2026, 3, 4, 3),
      end: utc(2026, 3, 5, 4),
    },
  ],
  [
    'Sao Paulo: 2018-11-04 starts at 01:00',
    {
      zone: 'America/Sao_Paulo',
      granularity: 'day',
      at: utc(2018, 10, 4, 12),
      id: 'year=2018/month=11/day=04',
      start: utc(2018, 10, 4, 3),
      end: utc(2018, 10, 5, 2),
    },
  ],
  [
    'Sao Paulo: November 2018 (DST from the 4th)',
    {
      zone: 'America/Sao_Paulo',
      granularity: 'month',
      at: utc(2018, 10, 20),
      id: 'year=2018/month=11',
      start: utc(2018, 10, 1, 3),
      end: utc(2018, 11, 1, 2),
    },
  ],
]);

check('partitionWindow in Antarctica/Troll (2-hour DST)', [
  [
    'hour 01 before the change',
    {
      zone: 'Antarctica/Troll',
      granularity: 'hour',
      at: utc(2026, 9, 24, 23, 30),
      id: 'year=2026/month=10/day=25/hour=01',
      start: utc(2026, 9, 24, 23),
      end: utc(2026, 9, 25, 0),
    },
  ],
  [
    'hour 02 before the change',
    {
      zone: 'Antarctica/Troll',
      granularity: 'hour',
      at: utc(2026, 9, 25, 0, 30),
      id: 'year=2026/month=10/day=25/hour=02',
      start: utc(2026, 9, 25, 0),
      end: utc(2026, 9, 25, 1),
    },
  ],
  [
    'hour 01 again after the change',
    {
      zone: 'Antarctica/Troll',
      granularity: 'hour',
      at: utc(2026, 9, 25, 1, 30),
      id: 'year=2026/month=10/day=25/hour=01',
      start: utc(2026, 9, 25, 1),
      end: utc(2026, 9, 25, 2),
    },
  ],
  [
    'hour 02 again after the change',
    {
      zone: 'Antarctica/Troll',
      granularity: 'hour',
      at: utc(2026, 9, 25, 2, 30),
      id: 'year=2026/month=10/day=25/hour=02',
      start: utc(2026, 9, 25, 2),
      end: utc(2026, 9, 25, 3),
    },
  ],
  [
    'spring: hour 00 then hour 03',
    {
      zone: 'Antarctica/Troll',
      granularity: 'hour',
      at: utc(2026, 2, 29, 0, 59),
      id: 'year=2026/month=03/day=29/hour=00',
      start: utc(2026, 2, 29, 0),
      end: utc(2026, 2, 29, 1),
    },
  ],
  [
    'spring: hour 03',
    {
      zone: 'Antarctica/Troll',
      granularity: 'hour',
      at: utc(2026, 2, 29, 1),
      id: 'year=2026/month=03/day=29/hour=03',
      start: utc(2026, 2, 29, 1),
      end: utc(2026, 2, 29, 2),
    },
  ],
]);

check('partitionWindow in Europe/Paris', [
  [
    'a 23-hour day',
    {
      zone: 'Europe/Paris',
      granularity: 'day',
      at: utc(2026, 2, 29, 12),
      id: 'year=2026/month=03/day=29',
      start: utc(2026, 2, 28, 23),
      end: utc(2026, 2, 29, 22),
    },
  ],
  [
    'year',
    {
      zone: 'Europe/Paris',
      granularity: 'year',
      at: utc(2025, 11, 31, 23),
      id: 'year=2026',
      start: utc(2025, 11, 31, 23),
      end: utc(2026, 11, 31, 23),
    },
  ],
  [
    'month of March (CET start, CEST end)',
    {
      zone: 'Europe/Paris',
      granularity: 'month',
      at: utc(2026, 2, 31, 21, 59, 59, 999),
      id: 'year=2026/month=03',
      start: utc(2026, 1, 28, 23),
      end: utc(2026, 2, 31, 22),
    },
  ],
]);

describe('four-digit years (issue 10 §4)', () => {
  it('fails an instant whose local year would be 10000', () => {
    // Prepare: the latest accepted instant, in UTC+14.
    const partition = createPartitioner({
      granularity: 'hour',
      timeZone: 'Pacific/Kiritimati',
    });

    // Act
    const reason = reasonOf(() => partition(253_402_300_799_999));

    // Assess
    expect(reason).toBe('timestamp-out-of-range');
  });
});
