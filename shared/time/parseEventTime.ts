/**
 * Read a record's event time: ISO-8601 strings or epoch numbers, to whole
 * epoch milliseconds.
 */
import { RecordError } from '../errors.js';
import { FailureReason } from '../firehose/reasons.js';
import { wallTimeToUtcMs } from './calendar.js';
import {
  type Decimal,
  decimalOfNumber,
  decimalToEpochMs,
  parseDecimal,
} from './epochNumber.js';
import { isoUtcFastMs, isoUtcFastMsOfBytes, parseIso8601 } from './iso8601.js';
import { wallTimeToInstant } from './zonedTime.js';

/**
 * Accepted timestamp formats.
 *
 * `auto`: a string that is not a numeric string is ISO-8601; a number or a
 * numeric string (`-?digits(.digits)?`) is an epoch value whose unit
 * follows from the magnitude of its absolute value: below 1e11 seconds,
 * below 1e14 milliseconds, below 1e17 microseconds, below 1e20 nanoseconds,
 * otherwise out of range. So milliseconds before 1973-03-03T09:46:40Z
 * (1e11 ms) read as seconds: set an explicit `epoch_ms` for such data.
 *
 * @example
 * ```ts
 * parseEventTime('1700000000', { format: TimestampFormat.epoch_s });
 * ```
 */
export const TimestampFormat = {
  auto: 'auto',
  iso8601: 'iso8601',
  epoch_s: 'epoch_s',
  epoch_ms: 'epoch_ms',
  epoch_us: 'epoch_us',
  epoch_ns: 'epoch_ns',
} as const;

export type TimestampFormat =
  (typeof TimestampFormat)[keyof typeof TimestampFormat];

/** Options of {@link parseEventTime}. */
export interface EventTimeOptions {
  /** Default `auto`. */
  readonly format?: TimestampFormat;
  /** IANA zone of ISO strings without offset (default `UTC`). */
  readonly timeZone?: string;
  /** Earliest accepted instant, epoch ms (default 0: 1970-01-01T00:00:00Z). */
  readonly earliestMs?: number;
}

/** The latest accepted instant: 9999-12-31T23:59:59.999Z. */
export const LATEST_EVENT_MS = 253_402_300_799_999;

const SHIFT: Readonly<Record<string, number>> = {
  epoch_s: 3,
  epoch_ms: 0,
  epoch_us: -3,
  epoch_ns: -6,
};

/**
 * Parse an event time to whole epoch milliseconds (sub-millisecond values
 * floored toward -infinity). ISO strings without an offset (date-only
 * included) are wall time in `timeZone`: in a DST gap they move forward by
 * the gap, in an overlap they take the earlier instant. Numeric strings are
 * converted exactly; JSON numbers past 2^53 were already rounded by
 * `JSON.parse`.
 *
 * @throws RecordError `missing-timestamp` (undefined or null),
 *   `invalid-timestamp` (wrong type or syntax) or `timestamp-out-of-range`
 *   (before `earliestMs`, after 9999-12-31T23:59:59.999Z, or too large for
 *   any unit). Details never quote the value.
 * @example
 * ```ts
 * parseEventTime('2026-03-01T04:05:06.789Z'); // 1772337906789
 * parseEventTime(1772337906); // 1772337906000 (seconds by magnitude)
 * parseEventTime('2026-03-01', { timeZone: 'Asia/Kolkata' }); // 1772303400000
 * ```
 */
export function parseEventTime(
  value: unknown,
  options: EventTimeOptions = {},
): number {
  const format = options.format ?? TimestampFormat.auto;
  const ms = toEpochMs(value, format, options.timeZone ?? 'UTC');
  const earliest = options.earliestMs ?? 0;
  if (ms < earliest) {
    throw outOfRange(
      `instant is before the earliest accepted event time ${new Date(earliest).toISOString()}`,
    );
  }
  if (ms > LATEST_EVENT_MS) {
    throw outOfRange('instant is after 9999-12-31T23:59:59.999Z');
  }
  return ms;
}

/**
 * The event time of a JSON value given as its text `bytes[start, end)`
 * (checked JSON, as the byte scanner captured it), for the two forms most
 * producers write: a `…Z` string as `toISOString` writes it, and an
 * integer epoch of at most 15 digits. It is exactly what
 * `parseEventTime(JSON.parse(text), options)` returns, read without making
 * a string or a value; `NaN` for every other form, for an instant out of
 * range, and wherever `parseEventTime` would throw: the caller then takes
 * the general path, which gives the reason.
 *
 * @example
 * ```ts
 * const bytes = Buffer.from('"2026-03-01T04:05:06Z"');
 * eventTimeOfJsonBytes(bytes, 0, bytes.length, { format: 'auto', earliestMs: 0 }); // 1772337906000
 * ```
 */
export function eventTimeOfJsonBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  options: { readonly format: TimestampFormat; readonly earliestMs: number },
): number {
  const format = options.format;
  const first = bytes[start] as number;
  let ms: number;
  if (first === 0x22) {
    if (format !== TimestampFormat.auto && format !== TimestampFormat.iso8601) {
      return Number.NaN;
    }
    ms = isoUtcFastMsOfBytes(bytes, start + 1, end - 1);
  } else {
    if (
      end - start > 15 ||
      (format !== TimestampFormat.auto && format !== TimestampFormat.epoch_ms)
    ) {
      return Number.NaN;
    }
    let value = 0;
    for (let i = start; i < end; i++) {
      const digit = (bytes[i] as number) - 0x30;
      if (digit < 0 || digit > 9) return Number.NaN;
      value = value * 10 + digit;
    }
    // fromNumber's rule for a safe integer (auto: seconds below 1e11,
    // milliseconds below 1e14; anything larger takes the general path).
    if (format === TimestampFormat.epoch_ms) ms = value;
    else if (value < 1e11) ms = value * 1000;
    else if (value < 1e14) ms = value;
    else return Number.NaN;
  }
  return ms >= options.earliestMs && ms <= LATEST_EVENT_MS ? ms : Number.NaN;
}

function toEpochMs(value: unknown, format: string, zone: string): number {
  if (value === undefined || value === null) {
    throw new RecordError(FailureReason.missingTimestamp, `value is ${value}`);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid('number is not finite');
    if (format === TimestampFormat.iso8601) {
      throw invalid('number is not an ISO-8601 string');
    }
    return fromNumber(value, format);
  }
  if (typeof value !== 'string') {
    throw invalid(
      `${Array.isArray(value) ? 'array' : typeof value} is not a timestamp`,
    );
  }
  if (value.length === 0) throw invalid('string is empty');
  if (format === TimestampFormat.iso8601 || format === TimestampFormat.auto) {
    // What toISOString writes (most producers): read in one pass, no
    // regular expression; it is never a numeric string.
    const fast = isoUtcFastMs(value);
    if (!Number.isNaN(fast)) return fast;
  }
  if (format === TimestampFormat.iso8601) return fromIso(value, zone);
  const decimal = parseDecimal(value);
  if (decimal !== undefined) return fromDecimal(decimal, format, 'string');
  if (format !== TimestampFormat.auto) {
    throw invalid('string is not a numeric epoch value');
  }
  if (!/^\d{4}-\d{2}/.test(value)) {
    throw invalid('string is neither ISO-8601 nor a numeric epoch value');
  }
  return fromIso(value, zone);
}

function fromNumber(value: number, format: string): number {
  if (Number.isSafeInteger(value)) {
    const magnitude = Math.abs(value);
    if (format === TimestampFormat.epoch_ms) return value;
    if (format === TimestampFormat.auto && magnitude < 1e11) {
      return value * 1000;
    }
    if (format === TimestampFormat.auto && magnitude < 1e14) return value;
  }
  return fromDecimal(decimalOfNumber(value), format, 'number');
}

function fromDecimal(decimal: Decimal, format: string, kind: string): number {
  let shift = SHIFT[format];
  if (shift === undefined) {
    const digits = decimal.whole.length;
    if (digits > 20) {
      throw outOfRange(
        `${kind} with ${digits} digits is too large for any epoch unit`,
      );
    }
    // |value| < 1e11 s, < 1e14 ms, < 1e17 µs, < 1e20 ns.
    shift = digits <= 11 ? 3 : digits <= 14 ? 0 : digits <= 17 ? -3 : -6;
  }
  return decimalToEpochMs(decimal, shift);
}

function fromIso(text: string, zone: string): number {
  const { wall, offsetMs } = parseIso8601(text);
  if (offsetMs !== undefined) return wallTimeToUtcMs(wall) - offsetMs;
  return wallTimeToInstant(wall, zone);
}

function invalid(detail: string): RecordError {
  return new RecordError(FailureReason.invalidTimestamp, detail);
}

function outOfRange(detail: string): RecordError {
  return new RecordError(FailureReason.timestampOutOfRange, detail);
}
