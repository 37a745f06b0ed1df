import {
  type FieldCapture,
  resetNonAscii,
  Scan,
  scanJson,
} from './jsonScan.js';

const NEWLINE = 0x0a;

/** One line of a canonical record, as {@link scanCanonicalLines} found it. */
export interface ScannedLine {
  /** Byte range of the line, without its `\n`. */
  readonly start: number;
  readonly end: number;
  /** True when the line is a JSON object. */
  readonly isObject: boolean;
  /** Byte range of the captured field's value; `fieldStart` -1 when absent. */
  readonly fieldStart: number;
  readonly fieldEnd: number;
}

const JSON_WHITESPACE = new Uint8Array(256);
JSON_WHITESPACE[0x20] =
  JSON_WHITESPACE[0x09] =
  JSON_WHITESPACE[0x0a] =
  JSON_WHITESPACE[0x0d] =
    1;

/**
 * Read a record that is already canonical JSON Lines straight from its
 * UTF-8 bytes: every line one JSON text with no surrounding whitespace,
 * each ended by exactly one `\n`, no blank line, no BOM. Returns the lines
 * (with the value range of `path` in each, see `scanJson`), or `undefined`
 * when the record is not canonical, not JSON, or the capture is uncertain:
 * the caller then takes the general path (`parseJsonLines`), which gives
 * the same output and the reasons. Valid UTF-8 is the caller's check.
 *
 * @example
 * ```ts
 * scanCanonicalLines(Buffer.from('{"t":1}\n'), [Buffer.from('t')]);
 * // [{ start: 0, end: 7, isObject: true, fieldStart: 5, fieldEnd: 6 }]
 * ```
 */
export function scanCanonicalLines(
  bytes: Uint8Array,
  path?: readonly Uint8Array[],
): ScannedLine[] | undefined {
  const length = bytes.length;
  if (length < 2 || bytes[length - 1] !== NEWLINE) return undefined;
  return scanJsonLinesBytes(bytes, path);
}

/**
 * Like {@link scanCanonicalLines}, but also accepts a record whose only
 * difference from canonical is a missing final `\n` (the most common
 * record: one JSON object as sent by `PutRecord`); the last byte tells which.
 *
 * @example
 * ```ts
 * scanJsonLinesBytes(Buffer.from('{"a":1}'))?.length; // 1
 * ```
 */
export function scanJsonLinesBytes(
  bytes: Uint8Array,
  path?: readonly Uint8Array[],
): ScannedLine[] | undefined {
  const lines: ScannedLine[] = [];
  return forEachJsonLine(bytes, path, lines) ? lines : undefined;
}

/**
 * True when {@link scanJsonLinesBytes} would read the record; builds
 * nothing (the transform's hot path only needs the answer).
 *
 * @example
 * ```ts
 * isJsonLinesBytes(Buffer.from('{"a":1}')); // true
 * ```
 */
export function isJsonLinesBytes(bytes: Uint8Array): boolean {
  return forEachJsonLine(bytes, undefined, undefined);
}

// Shared by every call (synchronous): scanJson resets it, and its values
// are copied out before the next line.
const CAPTURE: FieldCapture = { start: -1, end: -1, topIsObject: false };

function forEachJsonLine(
  bytes: Uint8Array,
  path: readonly Uint8Array[] | undefined,
  lines: ScannedLine[] | undefined,
): boolean {
  const length = bytes.length;
  if (length === 0) return false;
  const capture = CAPTURE;
  // The record's strings tell the caller whether it needs isUtf8.
  resetNonAscii();
  let start = 0;
  while (start < length) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end === -1) end = length;
    if (
      end <= start ||
      JSON_WHITESPACE[bytes[start] as number] === 1 ||
      JSON_WHITESPACE[bytes[end - 1] as number] === 1 ||
      scanJson(bytes, start, end, path, capture) !== Scan.valid
    ) {
      return false;
    }
    lines?.push({
      start,
      end,
      isObject: capture.topIsObject,
      fieldStart: capture.start,
      fieldEnd: capture.end,
    });
    start = end + 1;
  }
  return true;
}

/**
 * True when the record is already canonical JSON Lines (see
 * {@link scanCanonicalLines}): it can be answered with its own data.
 *
 * @example
 * ```ts
 * isCanonicalJsonLines(Buffer.from('{"a":1}\n[2]\n')); // true
 * isCanonicalJsonLines(Buffer.from('{"a":1}')); // false: no final newline
 * ```
 */
export function isCanonicalJsonLines(bytes: Uint8Array): boolean {
  return scanCanonicalLines(bytes) !== undefined;
}
