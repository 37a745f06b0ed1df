/** The fields of a re-ingestion marker line, and what may follow it. */
import { isUtf8 } from 'node:buffer';
import type { EventTiming, PartitionKeys } from '../firehose/types.js';
import { isJsonLinesBytes } from '../records/canonicalLines.js';
import { parseJsonLines } from '../records/jsonLines.js';

const NEWLINE = 0x0a;
const KEY_NAME = /^[A-Za-z0-9_]{1,64}$/;
const KEY_VALUE = /^[A-Za-z0-9_.:-]{1,128}$/;
// Any instant of a JavaScript Date (readEvent keeps arrival times there).
const MAX_EPOCH_MS = 8.64e15;

/**
 * Valid UTF-8, canonical JSON Lines, each line ended by one `\n`: what may
 * follow a marker.
 *
 * @example
 * ```ts
 * isJsonLinesOutput(Buffer.from('{"a":1}\n')); // true
 * ```
 */
export function isJsonLinesOutput(payload: Buffer): boolean {
  if (payload.length === 0 || payload[payload.length - 1] !== NEWLINE) {
    return false;
  }
  if (!isUtf8(payload)) return false;
  if (isJsonLinesBytes(payload)) return true;
  try {
    return parseJsonLines(payload.toString('utf8')).canonical;
  } catch {
    return false;
  }
}

/**
 * A marker's `partitionKeys`: 1-16 names `[A-Za-z0-9_]{1,64}` to values
 * `[A-Za-z0-9_.:-]{1,128}` (they become S3 prefixes, so never `..`);
 * `undefined` when they are not.
 *
 * @example
 * ```ts
 * readKeys({ year: '2026' }); // { year: '2026' }
 * ```
 */
export function readKeys(value: unknown): PartitionKeys | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.length > 16) return undefined;
  for (const [name, key] of entries) {
    if (!KEY_NAME.test(name)) return undefined;
    if (typeof key !== 'string' || !KEY_VALUE.test(key) || /^\.+$/.test(key)) {
      return undefined;
    }
  }
  return Object.freeze({ ...(value as Record<string, string>) });
}

/**
 * A marker's `windowEnd` and `eventTime`: both or neither, only with keys,
 * integer epoch ms in the Date range; a string says what is wrong.
 *
 * @example
 * ```ts
 * readTiming({ windowEnd: 1, eventTime: 0 }, { year: '1970' }); // { windowEndMs: 1, eventTimeMs: 0 }
 * ```
 */
export function readTiming(
  fields: Record<string, unknown>,
  keys: PartitionKeys | undefined,
): EventTiming | undefined | string {
  const { windowEnd, eventTime } = fields;
  if (windowEnd === undefined && eventTime === undefined) return undefined;
  if (keys === undefined) return 'windowEnd and eventTime need partitionKeys';
  if (!isEpochMs(windowEnd) || !isEpochMs(eventTime)) {
    return 'windowEnd and eventTime must both be integer epoch milliseconds';
  }
  return Object.freeze({ windowEndMs: windowEnd, eventTimeMs: eventTime });
}

/**
 * An integer number of epoch ms within a JavaScript Date's range.
 *
 * @example
 * ```ts
 * isEpochMs(1.5); // false
 * ```
 */
export function isEpochMs(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    Math.abs(value) <= MAX_EPOCH_MS
  );
}
