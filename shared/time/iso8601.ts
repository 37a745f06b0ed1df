/**
 * A strict ISO-8601 / RFC 3339 parser (not `Date.parse`, which is lenient
 * and reads offsetless strings in the host's zone).
 */
import { RecordError } from '../errors.js';
import { FailureReason } from '../firehose/reasons.js';
import {
  DAY_MS,
  daysFromCivil,
  daysInMonth,
  type WallTime,
} from './calendar.js';

/** A parsed ISO-8601 string: its wall time and offset, if written. */
export interface IsoDateTime {
  /** The wall time (a leap second 60 reads as 59.999). */
  readonly wall: WallTime;
  /** The written offset in ms (east positive); `undefined` when none. */
  readonly offsetMs: number | undefined;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Parse `YYYY-MM-DD`, optionally followed by `T`, `t` or a space and
 * `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff…` (any number of fraction digits,
 * `.` or `,`; truncated to milliseconds), optionally followed by `Z`, `z`,
 * `±HH:MM`, `±HHMM` or `±HH`. Ranges are checked (leap years included);
 * second 60 (a leap second) becomes 59.999.
 *
 * @throws RecordError `invalid-timestamp`, describing the problem without
 *   quoting the text.
 * @example
 * ```ts
 * parseIso8601('2026-03-01T04:05:06.789+05:30').offsetMs; // 19800000
 * parseIso8601('2026-03-01').offsetMs; // undefined
 * ```
 */
export function parseIso8601(text: string): IsoDateTime {
  const fast = parseUtcFast(text);
  if (fast !== undefined) return fast;
  const match = ISO.exec(text);
  if (match === null) throw invalid('string is not ISO-8601');
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4] ?? 0);
  const minute = Number(match[5] ?? 0);
  let second = Number(match[6] ?? 0);
  let millisecond = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12) throw invalid('month is not 01-12');
  if (day < 1 || day > daysInMonth(year, month)) {
    throw invalid('day is not in the month');
  }
  if (hour > 23) throw invalid('hour is not 00-23');
  if (minute > 59) throw invalid('minute is not 00-59');
  if (second > 60) throw invalid('second is not 00-60');
  if (second === 60) {
    second = 59;
    millisecond = 999;
  }
  const wall = { year, month, day, hour, minute, second, millisecond };
  return { wall, offsetMs: parseOffset(match[8]) };
}

const ZERO = 0x30;

/** The value of `count` ASCII digits at `at`, or -1. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

// `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ` (what
// `Date.prototype.toISOString` writes, so most producers) are read without
// the regular expression and its substrings; anything else, or any value
// out of range, takes the general path (which reports the problem).
function parseUtcFast(text: string): IsoDateTime | undefined {
  if (!readUtcFast(text)) return undefined;
  const wall = {
    year: FIELDS[0] as number,
    month: FIELDS[1] as number,
    day: FIELDS[2] as number,
    hour: FIELDS[3] as number,
    minute: FIELDS[4] as number,
    second: FIELDS[5] as number,
    millisecond: FIELDS[6] as number,
  };
  return { wall, offsetMs: 0 };
}

/**
 * The instant (epoch ms) of a `YYYY-MM-DDTHH:MM:SSZ` or
 * `YYYY-MM-DDTHH:MM:SS.sssZ` string (years 0100-9999), without building
 * any object: what {@link parseIso8601} and `wallTimeToUtcMs` give for it.
 * `NaN` for any other text, which then takes the general path.
 *
 * @example
 * ```ts
 * isoUtcFastMs('2026-03-01T04:05:06.789Z'); // 1772337906789
 * isoUtcFastMs('2026-03-01T04:05:06+01:00'); // NaN
 * ```
 */
export function isoUtcFastMs(text: string): number {
  return readUtcFast(text) ? fieldsUtcMs() : Number.NaN;
}

/** The instant of FIELDS; NaN for years before 100. */
function fieldsUtcMs(): number {
  // Years before 100 are read by the general path (Date.UTC's two-digit
  // years; kept as it was).
  if ((FIELDS[0] as number) < 100) return Number.NaN;
  // Integer arithmetic: the same instant as Date.UTC, without the call.
  const days = daysFromCivil(
    FIELDS[0] as number,
    FIELDS[1] as number,
    FIELDS[2] as number,
  );
  return (
    days * DAY_MS +
    (FIELDS[3] as number) * 3_600_000 +
    (FIELDS[4] as number) * 60_000 +
    (FIELDS[5] as number) * 1000 +
    (FIELDS[6] as number)
  );
}

// Year, month, day, hour, minute, second, millisecond of the last
// readUtcFast that succeeded (synchronous: read right after).
const FIELDS = new Int32Array(7);

function readUtcFast(text: string): boolean {
  const length = text.length;
  if (
    (length !== 20 && length !== 24) ||
    text.charCodeAt(length - 1) !== 0x5a || // Z
    text.charCodeAt(4) !== 0x2d || // -
    text.charCodeAt(7) !== 0x2d ||
    text.charCodeAt(10) !== 0x54 || // T
    text.charCodeAt(13) !== 0x3a || // :
    text.charCodeAt(16) !== 0x3a ||
    (length === 24 && text.charCodeAt(19) !== 0x2e) // .
  ) {
    return false;
  }
  return storeFields(
    digitsAt(text, 0, 4),
    digitsAt(text, 5, 2),
    digitsAt(text, 8, 2),
    digitsAt(text, 11, 2),
    digitsAt(text, 14, 2),
    digitsAt(text, 17, 2),
    length === 24 ? digitsAt(text, 20, 3) : 0,
  );
}

/**
 * {@link isoUtcFastMs} of the text `bytes[start, end)` (ASCII), read from
 * the bytes without making a string: the partition function's fused path
 * reads the event time where the scanner found it.
 *
 * @example
 * ```ts
 * const bytes = Buffer.from('2026-03-01T04:05:06.789Z');
 * isoUtcFastMsOfBytes(bytes, 0, bytes.length); // 1772337906789
 * ```
 */
export function isoUtcFastMsOfBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
): number {
  const length = end - start;
  if (
    (length !== 20 && length !== 24) ||
    bytes[end - 1] !== 0x5a || // Z
    bytes[start + 4] !== 0x2d || // -
    bytes[start + 7] !== 0x2d ||
    bytes[start + 10] !== 0x54 || // T
    bytes[start + 13] !== 0x3a || // :
    bytes[start + 16] !== 0x3a ||
    (length === 24 && bytes[start + 19] !== 0x2e) // .
  ) {
    return Number.NaN;
  }
  const ok = storeFields(
    byteDigitsAt(bytes, start, 4),
    byteDigitsAt(bytes, start + 5, 2),
    byteDigitsAt(bytes, start + 8, 2),
    byteDigitsAt(bytes, start + 11, 2),
    byteDigitsAt(bytes, start + 14, 2),
    byteDigitsAt(bytes, start + 17, 2),
    length === 24 ? byteDigitsAt(bytes, start + 20, 3) : 0,
  );
  return ok ? fieldsUtcMs() : Number.NaN;
}

function byteDigitsAt(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = (bytes[i] as number) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Check the fields (-1: not digits) and keep them in FIELDS. */
function storeFields(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): boolean {
  if (
    (year | month | day | hour | minute | second | millisecond) < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return false;
  }
  FIELDS[0] = year;
  FIELDS[1] = month;
  FIELDS[2] = day;
  FIELDS[3] = hour;
  FIELDS[4] = minute;
  FIELDS[5] = second;
  FIELDS[6] = millisecond;
  return true;
}

function parseOffset(zone: string | undefined): number | undefined {
  if (zone === undefined) return undefined;
  if (zone === 'Z' || zone === 'z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(zone.length - 2));
  const hasMinutes = zone.length > 3;
  if (hours > 23) throw invalid('offset hours are not 00-23');
  if (hasMinutes && minutes > 59) throw invalid('offset minutes are not 00-59');
  const ms = (hours * 60 + (hasMinutes ? minutes : 0)) * 60_000;
  return zone[0] === '-' && ms !== 0 ? -ms : ms;
}

function invalid(detail: string): RecordError {
  return new RecordError(FailureReason.invalidTimestamp, detail);
}
