/**
 * RFC 3164 (BSD) syslog lines after `<PRI>`: `Mmm dd hh:mm:ss HOSTNAME
 * TAG[PID]: MSG`. The timestamp has neither year nor zone: the zone is
 * `SYSLOG_TIMEZONE`; the year is the latest one that puts the time no later
 * than the record's arrival plus `MAX_FUTURE_SKEW` (so the answer depends on
 * the record only, never on the clock).
 */
import {
  daysInMonth,
  pad,
  type WallTime,
  wallTimeToUtcMs,
} from '../time/calendar.js';
import {
  isUtcZone,
  localFields,
  wallTimeToInstant,
} from '../time/zonedTime.js';
import {
  digitsAt,
  type LineFailure,
  type LogFields,
  lineFailure,
  monthAt,
  tokenEnd,
} from './lineSyntax.js';

const SPACE = 0x20;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** Longest tag read as `appname` (RFC 3164 says 32; real ones run longer). */
const MAX_TAG = 48;
const MAX_PROCID = 128;
/** Feb 29 recurs at most 8 years apart (2096 → 2104). */
const YEARS_BACK = 8;

/** What the RFC 3164 reader needs besides the line. */
export interface Rfc3164Clock {
  /** Canonical IANA zone of the timestamps (`SYSLOG_TIMEZONE`). */
  readonly timeZone: string;
  /** `MAX_FUTURE_SKEW` in ms. */
  readonly maxFutureSkewMs: number;
}

/**
 * Parse the part of an RFC 3164 line after `<PRI>` (at `from`) into
 * `timestamp` (ISO 8601 with the zone's offset), `hostname`, `appname` and
 * `procid` (when the message starts with `TAG:` or `TAG[PID]:`) and
 * `message`. `fields` already holds `facility` and `severity`.
 *
 * @example
 * ```ts
 * parseRfc3164('<34>Oct 11 22:14:15 mymachine su: hi', 4, fields, arrivalMs, { timeZone: 'UTC', maxFutureSkewMs: 300000 });
 * ```
 */
export function parseRfc3164(
  line: string,
  from: number,
  fields: LogFields,
  arrivalMs: number | undefined,
  clock: Rfc3164Clock,
): LogFields | LineFailure {
  let i = from;
  const month = monthAt(line, i);
  if (month === 0 || line.charCodeAt(i + 3) !== SPACE) {
    return lineFailure(i, 'a month name (Jan-Dec) and a space');
  }
  i += 4;
  if (line.charCodeAt(i) === SPACE) i++;
  const dayStart = i;
  while (i < dayStart + 2 && isDigit(line.charCodeAt(i))) i++;
  const day = digitsAt(line, dayStart, i - dayStart);
  if (i === dayStart || day < 1 || day > 31 || line.charCodeAt(i) !== SPACE) {
    return lineFailure(dayStart, 'a day of the month and a space');
  }
  i++;
  const hour = digitsAt(line, i, 2);
  const minute = digitsAt(line, i + 3, 2);
  const second = digitsAt(line, i + 6, 2);
  if (
    hour < 0 ||
    hour > 23 ||
    line.charCodeAt(i + 2) !== COLON ||
    minute < 0 ||
    minute > 59 ||
    line.charCodeAt(i + 5) !== COLON ||
    second < 0 ||
    second > 59
  ) {
    return lineFailure(i, 'a time as hh:mm:ss');
  }
  i += 8;
  let fraction = '';
  if (line.charCodeAt(i) === 0x2e) {
    const start = i + 1;
    let end = start;
    while (
      end < line.length &&
      end - start < 9 &&
      isDigit(line.charCodeAt(end))
    )
      end++;
    if (end === start)
      return lineFailure(start, 'digits after the decimal point');
    fraction = line.slice(start, end);
    i = end;
  }
  if (line.charCodeAt(i) !== SPACE)
    return lineFailure(i, 'a space after the time');
  if (arrivalMs === undefined || !Number.isFinite(arrivalMs)) {
    return lineFailure(from, 'a record arrival time to infer the year from');
  }
  const timestamp = resolveTimestamp(
    {
      year: 0,
      month,
      day,
      hour,
      minute,
      second,
      millisecond: Number(fraction.slice(0, 3).padEnd(3, '0')),
    },
    fraction,
    arrivalMs + clock.maxFutureSkewMs,
    clock.timeZone,
  );
  if (timestamp === undefined) {
    return lineFailure(from, 'a date that exists in a recent year');
  }
  fields.timestamp = timestamp;
  i++;
  const hostEnd = tokenEnd(line, i);
  if (hostEnd === i) return lineFailure(i, 'the host name');
  fields.hostname = line.slice(i, hostEnd);
  if (hostEnd === line.length) return fields;
  if (line.charCodeAt(hostEnd) !== SPACE) {
    return lineFailure(hostEnd, 'a space after the host name');
  }
  readContent(line, hostEnd + 1, fields);
  return fields;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `TAG[PID]: MSG` or `TAG: MSG` (a tag without spaces), else all MSG. */
function readContent(line: string, from: number, fields: LogFields): void {
  let i = from;
  while (i < line.length && i - from <= MAX_TAG) {
    const c = line.charCodeAt(i);
    if (c <= SPACE || c === COLON || c === OPEN_BRACKET || c === CLOSE_BRACKET)
      break;
    i++;
  }
  const tagEnd = i;
  let procid: string | undefined;
  if (tagEnd > from && line.charCodeAt(i) === OPEN_BRACKET) {
    const start = i + 1;
    let end = start;
    while (end < line.length && end - start < MAX_PROCID) {
      const c = line.charCodeAt(end);
      if (c <= SPACE || c === CLOSE_BRACKET || c === OPEN_BRACKET) break;
      end++;
    }
    if (end > start && line.charCodeAt(end) === CLOSE_BRACKET) {
      procid = line.slice(start, end);
      i = end + 1;
    }
  }
  if (
    tagEnd > from &&
    tagEnd - from <= MAX_TAG &&
    line.charCodeAt(i) === COLON &&
    (procid !== undefined || i === tagEnd)
  ) {
    fields.appname = line.slice(from, tagEnd);
    if (procid !== undefined) fields.procid = procid;
    i++;
    if (line.charCodeAt(i) === SPACE) i++;
    fields.message = line.slice(i);
    return;
  }
  fields.message = line.slice(from);
}

/**
 * The latest year whose instant of `wall` (in `zone`) is at most
 * `limitMs`, written as ISO 8601 with the zone's offset; `undefined` when
 * none of the last years has that date (Feb 29 too far back).
 */
function resolveTimestamp(
  wall: WallTime,
  fraction: string,
  limitMs: number,
  zone: string,
): string | undefined {
  const utc = isUtcZone(zone);
  const latest = latestYear(limitMs, zone, utc);
  for (let year = latest; year >= latest - YEARS_BACK; year--) {
    if (wall.day > daysInMonth(year, wall.month)) continue;
    const candidate = { ...wall, year };
    const instant = wallTimeToInstant(candidate, zone);
    if (instant > limitMs) continue;
    if (utc) return `${isoWall(candidate, fraction)}+00:00`;
    // In a DST gap the instant moved forward: write the wall time it shows.
    const shown = localFields(instant, zone);
    return (
      isoWall(shown, fraction) + isoOffset(wallTimeToUtcMs(shown) - instant)
    );
  }
  return undefined;
}

// The lines of one record share its arrival time: remember the last answer.
let lastLimit = Number.NaN;
let lastZone = '';
let lastYear = 0;

/** The year, in `zone`, of the instant `limitMs`. */
function latestYear(limitMs: number, zone: string, utc: boolean): number {
  if (limitMs === lastLimit && zone === lastZone) return lastYear;
  lastYear = utc
    ? new Date(limitMs).getUTCFullYear()
    : localFields(limitMs, zone).year;
  lastLimit = limitMs;
  lastZone = zone;
  return lastYear;
}

function isoWall(wall: WallTime, fraction: string): string {
  const date = `${pad(wall.year, 4)}-${pad(wall.month, 2)}-${pad(wall.day, 2)}`;
  const time = `${pad(wall.hour, 2)}:${pad(wall.minute, 2)}:${pad(wall.second, 2)}`;
  return fraction === '' ? `${date}T${time}` : `${date}T${time}.${fraction}`;
}

function isoOffset(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const sign = ms < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
}
