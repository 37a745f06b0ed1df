/**
 * Time zone helpers on top of `Intl.DateTimeFormat`: one formatter per zone,
 * created once and cached; UTC (and its aliases) is pure arithmetic.
 * `Intl` works to the second: milliseconds are carried separately.
 */
import {
  DAY_MS,
  floorMod,
  HOUR_MS,
  utcWallTime,
  type WallTime,
  wallTimeToUtcMs,
} from './calendar.js';

/**
 * How to map a wall time that occurs twice (overlap) or never (gap), as in
 * Temporal: `compatible` takes the earlier instant of an overlap and, in a
 * gap, moves forward by the gap's length (02:30 in a 02:00→03:00 gap is
 * 03:30 after the change).
 *
 * @example
 * ```ts
 * wallTimeToInstant(wall, 'Europe/Paris', Disambiguation.compatible);
 * ```
 */
export const Disambiguation = {
  compatible: 'compatible',
  earlier: 'earlier',
  later: 'later',
} as const;

export type Disambiguation =
  (typeof Disambiguation)[keyof typeof Disambiguation];

const formatters = new Map<string, Intl.DateTimeFormat>();
const canonicalNames = new Map<string, string | undefined>();

/**
 * The canonical name of a time zone `Intl` knows (e.g. `Etc/UTC` → `UTC`,
 * `europe/paris` → `Europe/Paris`), or `undefined` when it knows none.
 *
 * @example
 * ```ts
 * canonicalTimeZone('etc/utc'); // 'UTC'
 * ```
 */
export function canonicalTimeZone(zone: string): string | undefined {
  // The default zone must not cost an Intl formatter (and ICU's zone data)
  // at cold start.
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  if (canonicalNames.has(zone)) return canonicalNames.get(zone);
  let name: string | undefined;
  try {
    name = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
    }).resolvedOptions().timeZone;
  } catch {
    name = undefined;
  }
  canonicalNames.set(zone, name);
  return name;
}

/**
 * True when `Intl` knows the zone (IANA names, case-insensitive).
 *
 * @example
 * ```ts
 * isValidTimeZone('America/New_York'); // true
 * isValidTimeZone('Mars/Olympus'); // false
 * ```
 */
export function isValidTimeZone(zone: string): boolean {
  return zone.length > 0 && canonicalTimeZone(zone) !== undefined;
}

/**
 * True for UTC and its aliases (`Etc/UTC`, `GMT`, `Zulu`, …).
 *
 * @example
 * ```ts
 * isUtcZone('Etc/UTC'); // true
 * ```
 */
export function isUtcZone(zone: string): boolean {
  return zone === 'UTC' || canonicalTimeZone(zone) === 'UTC';
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    // en-US with numeric parts formats as "M/D/Y AD, HH:MM:SS"; h23 avoids "24".
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * The wall time of an instant in a zone (milliseconds included).
 *
 * @throws RangeError for a zone `Intl` does not know.
 * @example
 * ```ts
 * localFields(Date.UTC(2026, 0, 1), 'Asia/Kolkata').hour; // 5
 * ```
 */
export function localFields(epochMs: number, zone: string): WallTime {
  if (isUtcZone(zone)) return utcWallTime(epochMs);
  const text = formatterFor(zone).format(epochMs);
  // Faster than formatToParts: read the six numbers in order.
  const numbers = [0, 0, 0, 0, 0, 0];
  let index = -1;
  let inNumber = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code >= 0 && code <= 9) {
      if (!inNumber) index++;
      inNumber = true;
      numbers[index] = (numbers[index] as number) * 10 + code;
    } else {
      inNumber = false;
    }
  }
  const year = numbers[2] as number;
  return {
    year: text.includes('BC') ? 1 - year : year,
    month: numbers[0] as number,
    day: numbers[1] as number,
    hour: numbers[3] as number,
    minute: numbers[4] as number,
    second: numbers[5] as number,
    millisecond: floorMod(epochMs, 1000),
  };
}

/**
 * The zone's offset from UTC at an instant, in milliseconds (east positive).
 *
 * @example
 * ```ts
 * offsetMs(Date.UTC(2026, 6, 1), 'Europe/Paris'); // 7200000
 * ```
 */
export function offsetMs(epochMs: number, zone: string): number {
  if (isUtcZone(zone)) return 0;
  return wallTimeToUtcMs(localFields(epochMs, zone)) - epochMs;
}

/**
 * The instant at which a zone's clocks show a wall time. In a DST overlap
 * the wall time has two instants, in a gap none: `disambiguation` decides
 * (default `compatible`: earlier instant of an overlap, shifted forward by
 * the gap's length in a gap).
 *
 * @example
 * ```ts
 * const wall = { year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 };
 * wallTimeToInstant(wall, 'America/New_York'); // 2026-03-08T07:30:00Z (03:30 EDT)
 * ```
 */
export function wallTimeToInstant(
  wall: WallTime,
  zone: string,
  disambiguation: Disambiguation = Disambiguation.compatible,
): number {
  const local = wallTimeToUtcMs(wall);
  if (isUtcZone(zone)) return local;
  const hour = Math.floor(local / HOUR_MS);
  let offsets = unambiguousHours.get(zone);
  const known = offsets?.get(hour);
  if (known !== undefined) return local - known;
  const found = resolve(local, zone);
  if (offsets === undefined || offsets.size >= 4096) {
    offsets = new Map();
    unambiguousHours.set(zone, offsets);
  }
  // Remember a local hour whose first and last ms have one instant each,
  // with the same offset: no change happens within it.
  const first = resolve(hour * HOUR_MS, zone);
  const last = resolve(hour * HOUR_MS + HOUR_MS - 1, zone);
  if (first.unique && last.unique && first.before === last.before) {
    offsets.set(hour, first.before);
  }
  if (found.unique) return local - found.before;
  if (found.gap) {
    return disambiguation === Disambiguation.earlier
      ? local - found.after
      : local - found.before;
  }
  return disambiguation === Disambiguation.later
    ? local - Math.min(found.before, found.after)
    : local - Math.max(found.before, found.after);
}

/** Per zone, local hour (wall ms / 1 h) to its single offset. */
const unambiguousHours = new Map<string, Map<number, number>>();

interface Resolution {
  /** One instant: `local - before`. */
  readonly unique: boolean;
  /** No instant: the offsets before and after the gap. */
  readonly gap: boolean;
  readonly before: number;
  readonly after: number;
}

function resolve(local: number, zone: string): Resolution {
  const before = offsetMs(local - DAY_MS, zone);
  const after = offsetMs(local + DAY_MS, zone);
  const withBefore = offsetMs(local - before, zone) === before;
  const withAfter = offsetMs(local - after, zone) === after;
  if (before === after || withBefore !== withAfter) {
    const offset = withBefore || before === after ? before : after;
    return { unique: true, gap: false, before: offset, after: offset };
  }
  return { unique: false, gap: !withBefore, before, after };
}
