/**
 * Proleptic Gregorian calendar arithmetic on "wall time as if it were UTC"
 * numbers. No time zone and no `Intl` here: pure, allocation-light helpers
 * shared by the parser and the partitioner.
 */

/** A calendar date and clock time, without zone (months and days from 1). */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0-999; 0 when absent. */
  readonly millisecond?: number;
}

/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;
/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/**
 * The wall time read as UTC, in milliseconds (years 0-99 are not shifted to
 * 1900-1999 as `Date.UTC` would).
 *
 * @example
 * ```ts
 * wallTimeToUtcMs({ year: 1970, month: 1, day: 2, hour: 0, minute: 0, second: 0 }); // 86400000
 * ```
 */
export function wallTimeToUtcMs(wall: WallTime): number {
  const ms = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    wall.millisecond ?? 0,
  );
  if (wall.year >= 0 && wall.year < 100) {
    const date = new Date(ms);
    date.setUTCFullYear(wall.year);
    return date.getTime();
  }
  return ms;
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar
 * (Howard Hinnant's `days_from_civil`): integer arithmetic, what
 * `Date.UTC(year, month - 1, day) / DAY_MS` gives for years 100-9999
 * without a builtin call. The date must be valid.
 *
 * @example
 * ```ts
 * daysFromCivil(1970, 1, 2); // 1
 * ```
 */
export function daysFromCivil(
  year: number,
  month: number,
  day: number,
): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear =
    Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 +
    Math.floor(yearOfEra / 4) -
    Math.floor(yearOfEra / 100) +
    dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * The UTC wall time of an instant (milliseconds included).
 *
 * @example
 * ```ts
 * utcWallTime(0).year; // 1970
 * ```
 */
export function utcWallTime(epochMs: number): WallTime {
  const date = new Date(epochMs);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
  };
}

/**
 * Number of days in a month of the proleptic Gregorian calendar.
 *
 * @example
 * ```ts
 * daysInMonth(2024, 2); // 29
 * ```
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Floor modulo: the result has the sign of the divisor.
 *
 * @example
 * ```ts
 * floorMod(-1, 1000); // 999
 * ```
 */
export function floorMod(value: number, divisor: number): number {
  const rest = value % divisor;
  return rest < 0 ? rest + divisor : rest;
}

/**
 * Zero-pad a non-negative whole number to a width.
 *
 * @example
 * ```ts
 * pad(3, 2); // '03'
 * ```
 */
export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
