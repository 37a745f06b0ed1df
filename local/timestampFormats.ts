// Writes an event time the way producers do: ISO-8601 (UTC or with an
// offset) or epoch numbers in s, ms, µs or ns. The result is JSON text, so
// that an epoch in ns keeps all its digits (beyond 2^53).
import type { Random } from './prng.ts';

/** The formats `--format` accepts; `mixed` draws one per record. */
export const TIMESTAMP_FORMATS = [
  'iso8601',
  'epoch_s',
  'epoch_ms',
  'epoch_us',
  'epoch_ns',
  'mixed',
] as const;

/** A `--format` value. */
export type TimestampFormat = (typeof TIMESTAMP_FORMATS)[number];

/** Is `value` one of TIMESTAMP_FORMATS? */
export function isTimestampFormat(value: string): value is TimestampFormat {
  return (TIMESTAMP_FORMATS as readonly string[]).includes(value);
}

const MIXED = ['iso8601', 'iso8601_offset', 'epoch_s', 'epoch_ms'] as const;

/**
 * The JSON text of `epochMs` in `format` (`mixed` picks with `random`).
 *
 * @example
 *   timestampJson(Date.UTC(2026, 2, 1), 'epoch_s'); // '1772323200'
 */
export function timestampJson(
  epochMs: number,
  format: TimestampFormat,
  random: Random,
): string {
  const chosen: string = format === 'mixed' ? random.pick(MIXED) : format;
  switch (chosen) {
    case 'iso8601':
      return JSON.stringify(new Date(epochMs).toISOString());
    case 'iso8601_offset':
      return JSON.stringify(withOffset(epochMs, random.pick([60, 120, -300])));
    case 'epoch_s':
      return String(Math.floor(epochMs / 1000));
    case 'epoch_ms':
      return String(epochMs);
    case 'epoch_us':
      return `${epochMs}${String(Math.floor(random.next() * 1000)).padStart(3, '0')}`;
    case 'epoch_ns':
      return `${epochMs}${String(Math.floor(random.next() * 1e6)).padStart(6, '0')}`;
    default:
      throw new Error(
        `unknown timestamp format ${format}; one of ${TIMESTAMP_FORMATS.join(', ')}`,
      );
  }
}

function withOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000)
    .toISOString()
    .slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}
