/**
 * Event-time partition windows: the keys for Firehose dynamic partitioning
 * and the exact [start, end) interval of instants sharing those keys in the
 * configured zone, DST included.
 */
import { RecordError } from '../errors.js';
import { FailureReason } from '../firehose/reasons.js';
import type { PartitionKeys } from '../firehose/types.js';
import {
  DAY_MS,
  HOUR_MS,
  pad,
  type WallTime,
  wallTimeToUtcMs,
} from './calendar.js';
import { windowBounds } from './windowBounds.js';
import { createWindowCache } from './windowCache.js';
import { canonicalTimeZone, isUtcZone, localFields } from './zonedTime.js';

/**
 * How fine partitions are. Keys go down to the granularity: `year`;
 * `month` adds `month`; `day` adds `day` and `dt` (`YYYY-MM-DD`); `hour`
 * adds `hour`; `minute` adds `minute`.
 *
 * @example
 * ```ts
 * createPartitioner({ granularity: Granularity.hour, timeZone: 'UTC' });
 * ```
 */
export const Granularity = {
  year: 'year',
  month: 'month',
  day: 'day',
  hour: 'hour',
  minute: 'minute',
} as const;

export type Granularity = (typeof Granularity)[keyof typeof Granularity];

/** A partition: its keys and the half-open interval [start, end) of instants. */
export interface PartitionWindow {
  /** Zero-padded keys; frozen, one instance per window (while cached). */
  readonly keys: PartitionKeys;
  /** First instant of the window (epoch ms). */
  readonly start: number;
  /** First instant after the window (epoch ms). */
  readonly end: number;
  /** Stable text of the keys, e.g. `year=2026/month=03/day=01/hour=04`. */
  readonly id: string;
}

/** Options of {@link createPartitioner}. */
export interface PartitionerOptions {
  readonly granularity: Granularity;
  /** An IANA zone; wall-clock keys are computed in it. */
  readonly timeZone: string;
}

/** Map an instant (epoch ms) to its partition window. */
export type Partitioner = (epochMs: number) => PartitionWindow;

const RANK: Readonly<Record<Granularity, number>> = {
  year: 0,
  month: 1,
  day: 2,
  hour: 3,
  minute: 4,
};

/**
 * Create a partitioner for one granularity and zone. Windows are cached
 * (bounded), so a batch in a few windows calls `Intl` a few times only; in
 * UTC no `Intl` call is made at all.
 *
 * @throws RangeError for an unknown zone; the partitioner throws
 *   RecordError `timestamp-out-of-range` for an instant whose local year
 *   is not four digits.
 * @example
 * ```ts
 * const partition = createPartitioner({ granularity: 'hour', timeZone: 'America/New_York' });
 * partition(Date.UTC(2026, 10, 1, 6, 30)).id; // 'year=2026/month=11/day=01/hour=01'
 * ```
 */
export function createPartitioner(options: PartitionerOptions): Partitioner {
  const zone = canonicalTimeZone(options.timeZone);
  if (zone === undefined) {
    throw new RangeError('createPartitioner: unknown time zone');
  }
  const rank = RANK[options.granularity];
  const utc = isUtcZone(zone);
  const cache = createWindowCache<PartitionWindow>(
    rank === RANK.minute ? 60_000 : HOUR_MS,
  );
  const keysById = new Map<string, PartitionKeys>();

  function compute(epochMs: number): PartitionWindow {
    const wall = localFields(epochMs, zone as string);
    // Keys are four-digit years: 9999-12-31T23:59Z is already year 10000
    // in UTC+14 (Pacific/Kiritimati).
    if (wall.year > 9999 || wall.year < 0) {
      throw new RecordError(
        FailureReason.timestampOutOfRange,
        `the local year in ${zone} would be ${wall.year}; partition keys have four-digit years`,
      );
    }
    const wallStart = wallTimeToUtcMs(truncate(wall, rank));
    const wallEnd = nextStart(wall, rank, wallStart);
    const bounds = utc
      ? { start: wallStart, end: wallEnd }
      : windowBounds(
          zone as string,
          epochMs,
          wallStart,
          wallEnd,
          wallTimeToUtcMs(wall) - epochMs,
        );
    const id = windowId(wall, rank);
    let keys = keysById.get(id);
    if (keys === undefined) {
      if (keysById.size >= 2048) keysById.clear();
      keys = windowKeys(wall, rank);
      keysById.set(id, keys);
    }
    return Object.freeze({ keys, start: bounds.start, end: bounds.end, id });
  }

  return function partition(epochMs: number): PartitionWindow {
    if (!Number.isFinite(epochMs)) {
      throw new RangeError('partition: the instant is not a finite number');
    }
    const t = Math.floor(epochMs);
    return cache.find(t) ?? cache.add(t, compute(t));
  };
}

function truncate(wall: WallTime, rank: number): WallTime {
  return {
    year: wall.year,
    month: rank >= RANK.month ? wall.month : 1,
    day: rank >= RANK.day ? wall.day : 1,
    hour: rank >= RANK.hour ? wall.hour : 0,
    minute: rank >= RANK.minute ? wall.minute : 0,
    second: 0,
  };
}

function nextStart(wall: WallTime, rank: number, wallStart: number): number {
  if (rank === RANK.year) {
    return wallTimeToUtcMs({ ...truncate(wall, rank), year: wall.year + 1 });
  }
  if (rank === RANK.month) {
    const december = wall.month === 12;
    return wallTimeToUtcMs({
      ...truncate(wall, rank),
      year: december ? wall.year + 1 : wall.year,
      month: december ? 1 : wall.month + 1,
    });
  }
  if (rank === RANK.day) return wallStart + DAY_MS;
  return wallStart + (rank === RANK.hour ? HOUR_MS : 60_000);
}

function windowKeys(wall: WallTime, rank: number): PartitionKeys {
  const keys: Record<string, string> = { year: pad(wall.year, 4) };
  if (rank >= RANK.month) keys.month = pad(wall.month, 2);
  if (rank >= RANK.day) keys.day = pad(wall.day, 2);
  if (rank >= RANK.hour) keys.hour = pad(wall.hour, 2);
  if (rank >= RANK.minute) keys.minute = pad(wall.minute, 2);
  if (rank >= RANK.day) keys.dt = `${keys.year}-${keys.month}-${keys.day}`;
  return Object.freeze(keys);
}

function windowId(wall: WallTime, rank: number): string {
  let id = `year=${pad(wall.year, 4)}`;
  if (rank >= RANK.month) id += `/month=${pad(wall.month, 2)}`;
  if (rank >= RANK.day) id += `/day=${pad(wall.day, 2)}`;
  if (rank >= RANK.hour) id += `/hour=${pad(wall.hour, 2)}`;
  if (rank >= RANK.minute) id += `/minute=${pad(wall.minute, 2)}`;
  return id;
}
