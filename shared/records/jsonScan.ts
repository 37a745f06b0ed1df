/**
 * A JSON syntax scanner over UTF-8 bytes: checks that a range is exactly
 * one JSON text (RFC 8259, the grammar `JSON.parse` accepts) without
 * building any value, and can note where one field's value sits. Checking
 * a 1 KiB record this way is several times cheaper than `JSON.parse`, which
 * materialises every object and string. Bytes of 0x80 and above are only
 * accepted inside strings, where the string scan notes them (`sawNonAscii`);
 * whether they are valid UTF-8 is checked apart (`isUtf8`), only then. Strings are read by `jsonStringScan.ts`, long ones a word at
 * a time.
 */

import { dropLargeWordView, scanString } from './jsonStringScan.js';

export { resetNonAscii, sawNonAscii } from './jsonStringScan.js';

/** The outcome of {@link scanJson}. */
export const Scan = {
  /** Not a JSON text. */
  invalid: 0,
  /** A JSON text; the capture (if asked) is exact. */
  valid: 1,
  /**
   * A JSON text, but the capture cannot be trusted (an escaped or repeated
   * key on the path, or a container where the field's value should be):
   * parse it with `JSON.parse` instead.
   */
  uncertain: 2,
} as const;
export type Scan = (typeof Scan)[keyof typeof Scan];

/** Where the captured field's value is; `start` is -1 when it is absent. */
export interface FieldCapture {
  start: number;
  end: number;
  /** True when the JSON text is an object. */
  topIsObject: boolean;
}

const WS = new Uint8Array(256);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const EXPECT_VALUE = 0;
const AFTER_VALUE = 1;
const EXPECT_KEY = 2;

// Role of the value that follows a key on the captured path.
const ROLE_NONE = 0;
const ROLE_TARGET = 1;
const ROLE_CHAIN = 2;

/**
 * Check that `bytes[start, end)` is one JSON text; when `path` is given
 * (object keys as UTF-8 bytes), note in `capture` where the value at that
 * path is, with `JSON.parse` semantics (the last duplicate key wins).
 *
 * @example
 * ```ts
 * const capture = { start: -1, end: -1, topIsObject: false };
 * scanJson(Buffer.from('{"t":1}'), 0, 7, [Buffer.from('t')], capture); // Scan.valid, capture 5..6
 * ```
 */
export function scanJson(
  bytes: Uint8Array,
  start: number,
  end: number,
  path: readonly Uint8Array[] | undefined,
  capture: FieldCapture,
): Scan {
  capture.start = -1;
  capture.end = -1;
  capture.topIsObject = false;
  const result = scanWithStacks(bytes, start, end, path, capture);
  dropLargeWordView();
  // A deeply nested record must not keep its stacks alive.
  if (KINDS.length > MAX_KEPT_DEPTH) {
    KINDS.length = 0;
    DEPTHS.length = 0;
    CHAIN_SEEN.length = 0;
  }
  return result;
}

function scanWithStacks(
  bytes: Uint8Array,
  start: number,
  end: number,
  path: readonly Uint8Array[] | undefined,
  capture: FieldCapture,
): Scan {
  // The stacks are shared by every call (the scan is synchronous and not
  // reentrant): a record is often one small line, and three arrays per
  // line were most of the scanner's garbage. `open` is their height.
  const kinds = KINDS;
  const depths = DEPTHS;
  const chainSeen = CHAIN_SEEN;
  let open = 0;
  let uncertain = false;
  let role = ROLE_NONE;
  let i = start;
  let mode = EXPECT_VALUE;
  let top = true;
  for (;;) {
    while (i < end && WS[bytes[i] as number] === 1) i++;
    if (mode === EXPECT_VALUE) {
      if (i >= end) return Scan.invalid;
      const c = bytes[i] as number;
      if (top) capture.topIsObject = c === OPEN_OBJECT;
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        const depth =
          path === undefined
            ? -1
            : top
              ? c === OPEN_OBJECT
                ? 0
                : -1
              : role === ROLE_CHAIN && c === OPEN_OBJECT
                ? (depths[open - 1] as number) + 1
                : -1;
        if (role === ROLE_TARGET) uncertain = true;
        top = false;
        role = ROLE_NONE;
        i++;
        while (i < end && WS[bytes[i] as number] === 1) i++;
        const close = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
        if (i < end && bytes[i] === close) {
          i++;
          mode = AFTER_VALUE;
        } else {
          kinds[open] = c === OPEN_OBJECT ? 1 : 2;
          depths[open] = depth;
          chainSeen[open] = false;
          open++;
          mode = c === OPEN_OBJECT ? EXPECT_KEY : EXPECT_VALUE;
        }
        continue;
      }
      const valueStart = i;
      if (c === QUOTE) i = scanString(bytes, i, end);
      else if (c === 0x2d || (c >= 0x30 && c <= 0x39))
        i = scanNumber(bytes, i, end);
      else if (c === 0x74) i = scanWord(bytes, i, end, TRUE);
      else if (c === 0x66) i = scanWord(bytes, i, end, FALSE);
      else if (c === 0x6e) i = scanWord(bytes, i, end, NULL);
      else return Scan.invalid;
      if (i < 0) return Scan.invalid;
      if (role === ROLE_TARGET) {
        capture.start = valueStart;
        capture.end = i;
      }
      top = false;
      role = ROLE_NONE;
      mode = AFTER_VALUE;
    } else if (mode === AFTER_VALUE) {
      if (open === 0) {
        if (i !== end) return Scan.invalid;
        return uncertain ? Scan.uncertain : Scan.valid;
      }
      if (i >= end) return Scan.invalid;
      const c = bytes[i] as number;
      const kind = kinds[open - 1];
      if (c === COMMA) {
        i++;
        mode = kind === 1 ? EXPECT_KEY : EXPECT_VALUE;
      } else if (
        (c === CLOSE_OBJECT && kind === 1) ||
        (c === CLOSE_ARRAY && kind === 2)
      ) {
        open--;
        i++;
      } else {
        return Scan.invalid;
      }
    } else {
      if (i >= end || bytes[i] !== QUOTE) return Scan.invalid;
      const keyStart = i + 1;
      i = scanString(bytes, i, end);
      if (i < 0) return Scan.invalid;
      const depth = depths[open - 1] as number;
      if (path !== undefined && depth >= 0) {
        const match = matchKey(
          bytes,
          keyStart,
          i - 1,
          path[depth] as Uint8Array,
        );
        if (match === KEY_UNKNOWN) uncertain = true;
        else if (match === KEY_MATCH) {
          if (depth === path.length - 1) role = ROLE_TARGET;
          else {
            // JSON.parse keeps the last of duplicate keys: a repeated key on
            // the way to the field cannot be followed by one pass.
            if (chainSeen[open - 1]) uncertain = true;
            chainSeen[open - 1] = true;
            role = ROLE_CHAIN;
          }
        }
      }
      while (i < end && WS[bytes[i] as number] === 1) i++;
      if (i >= end || bytes[i] !== COLON) return Scan.invalid;
      i++;
      mode = EXPECT_VALUE;
    }
  }
}

// Per open container: 1 = object, 2 = array; for objects on the captured
// path, the index of the path segment their keys are matched against (-1
// off the path); and whether that segment's key was seen in it already.
const KINDS: number[] = [];
const DEPTHS: number[] = [];
const CHAIN_SEEN: boolean[] = [];
const MAX_KEPT_DEPTH = 1024;

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

const KEY_DIFFERENT = 0;
const KEY_MATCH = 1;
const KEY_UNKNOWN = 2;

/** Compare a raw key (between its quotes) with a path segment. */
function matchKey(
  bytes: Uint8Array,
  start: number,
  end: number,
  segment: Uint8Array,
): number {
  for (let i = start; i < end; i++) {
    if (bytes[i] === BACKSLASH) return KEY_UNKNOWN;
  }
  if (end - start !== segment.length) return KEY_DIFFERENT;
  for (let i = 0; i < segment.length; i++) {
    if (bytes[start + i] !== segment[i]) return KEY_DIFFERENT;
  }
  return KEY_MATCH;
}

/** A JSON number from `from`; the index after it, or -1. */
function scanNumber(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  if (bytes[i] === 0x2d) i++;
  if (i >= end) return -1;
  const c = bytes[i] as number;
  if (c === 0x30) i++;
  else if (c >= 0x31 && c <= 0x39) i = skipDigits(bytes, i + 1, end);
  else return -1;
  if (i < end && bytes[i] === 0x2e) {
    const digits = i + 1;
    i = skipDigits(bytes, digits, end);
    if (i === digits) return -1;
  }
  if (i < end && ((bytes[i] as number) | 0x20) === 0x65) {
    i++;
    if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) i++;
    const digits = i;
    i = skipDigits(bytes, digits, end);
    if (i === digits) return -1;
  }
  return i;
}

function skipDigits(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const c = bytes[i] as number;
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  return i;
}

function scanWord(
  bytes: Uint8Array,
  from: number,
  end: number,
  word: readonly number[],
): number {
  if (from + word.length > end) return -1;
  for (let k = 0; k < word.length; k++) {
    if (bytes[from + k] !== word[k]) return -1;
  }
  return from + word.length;
}
