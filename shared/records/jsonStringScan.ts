/**
 * The string part of the JSON scanner (`jsonScan.ts`): where a JSON string
 * ends, and whether it is valid. A string ends at the first unescaped `"`;
 * inside it, a byte below 0x20 is invalid, and `\` must be followed by one
 * of `"\/bfnrt` or by `u` and four hex digits. Bytes of 0x80 and above are
 * accepted and noted (`sawNonAscii`); their UTF-8 validity is checked apart,
 * by `isUtf8`, for the records that hold such a byte.
 *
 * Long strings (a review, a log message, a user agent) are read four bytes
 * at a time: an `Int32Array` over the bytes' `ArrayBuffer` gives aligned
 * words, and a word with no quote, backslash or control byte is skipped
 * with a few integer operations (see `isPlainWord`). Only the words that
 * hold such a byte, and the unaligned bytes at either end, are read byte by
 * byte. The word test does not say *which* byte matched, so the result
 * does not depend on the platform's byte order.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESCAPE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

// Keys and most values end within this many bytes, in the first loop,
// before the word scan's setup (`bytes.buffer`, the alignment) would cost
// more than it saves.
const BYTEWISE_PREFIX = 40;

// Word indexes are int32 arithmetic: larger buffers are read byte by byte.
const MAX_WORD_BUFFER = 0x7fff_fff0;
// A buffer at least this large is not kept alive by the cached view after
// its scan (see dropLargeWordView).
const MAX_KEPT_BUFFER = 64 * 1024;

/**
 * `bytes[from]` is a quote: the index after the closing quote of the JSON
 * string that starts there, or -1 when no valid string ends before `end`.
 * Reads nothing at or past `end`.
 *
 * @example
 * ```ts
 * scanString(Buffer.from('"a\\"b",1'), 0, 8); // 6
 * scanString(Buffer.from('"tab\there"'), 0, 10); // -1
 * ```
 */
export function scanString(
  bytes: Uint8Array,
  from: number,
  end: number,
): number {
  // This loop is inlined into the scanner's main loop twice (keys and
  // values): it keeps few values live and leaves escapes to the general
  // path, which measured faster on records of short strings than a loop
  // that also decodes escapes.
  let i = from + 1;
  const stop = i + BYTEWISE_PREFIX < end ? i + BYTEWISE_PREFIX : end;
  let seen = 0;
  while (i < stop) {
    const c = bytes[i] as number;
    seen |= c;
    // XOR 2 maps the quote to 0x20 and the controls onto themselves.
    if ((c ^ 2) <= 0x20) {
      nonAscii |= seen;
      return c === QUOTE ? i + 1 : -1;
    }
    if (c === BACKSLASH) break;
    i++;
  }
  nonAscii |= seen;
  if (i >= end) return -1;
  // `| 0` keeps the result an int32 for the caller's optimiser.
  return scanStringByWords(bytes, i, end) | 0;
}

/**
 * The same as {@link scanString}, one byte at a time: the reference the
 * word scan is tested against.
 *
 * @example
 * ```ts
 * scanStringBytewise(Buffer.from('"\\u00e9"'), 0, 8); // 8
 * ```
 */
export function scanStringBytewise(
  bytes: Uint8Array,
  from: number,
  end: number,
): number {
  let i = from + 1;
  while (i < end) {
    const c = bytes[i] as number;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      i = escapeEnd(bytes, i, end);
      if (i < 0) return -1;
    } else if (c < 0x20) {
      return -1;
    } else {
      i++;
    }
  }
  return -1;
}

/** `bytes[i]` is a backslash: the index after its escape, or -1. */
function escapeEnd(bytes: Uint8Array, i: number, end: number): number {
  const e = bytes[i + 1] as number;
  if (e === 0x75) {
    if (
      i + 5 >= end ||
      HEX[bytes[i + 2] as number] !== 1 ||
      HEX[bytes[i + 3] as number] !== 1 ||
      HEX[bytes[i + 4] as number] !== 1 ||
      HEX[bytes[i + 5] as number] !== 1
    ) {
      return -1;
    }
    return i + 6;
  }
  return i + 1 < end && ESCAPE[e] === 1 ? i + 2 : -1;
}

/** From `from` inside a string (not inside an escape), as scanString. */
function scanStringByWords(
  bytes: Uint8Array,
  from: number,
  end: number,
): number {
  if (bytes !== viewedBytes) viewWords(bytes);
  // The words would reach past the bytes into their buffer (Node's pool).
  const stop = end < bytes.length ? end : bytes.length;
  const words = view;
  const offset = viewedOffset;
  // Words below wordEnd lie wholly before `stop`.
  let wordEnd = (offset + stop) >> 2;
  if (wordEnd > words.length) wordEnd = words.length;
  let i = from;
  let seen = 0;
  for (;;) {
    if (((offset + i) & 3) === 0) {
      let w = (offset + i) >> 2;
      while (w < wordEnd) {
        const word = words[w] as number;
        if (!isPlainWord(word)) break;
        seen |= word;
        w++;
      }
      i = (w << 2) - offset;
    }
    if (i >= stop) {
      nonAscii |= seen;
      return -1;
    }
    // A word with a quote, backslash or control byte, an unaligned head
    // (or the bytes after an escape), or the tail before `stop`.
    do {
      const c = bytes[i] as number;
      seen |= c;
      if ((c ^ 2) <= 0x20) {
        nonAscii |= seen;
        return c === QUOTE ? i + 1 : -1;
      }
      if (c === BACKSLASH) {
        i = escapeEnd(bytes, i, stop);
        if (i < 0) return -1; // invalid: what was seen no longer matters
      } else {
        i++;
      }
    } while (i < stop && ((offset + i) & 3) !== 0);
  }
}

// The bitwise OR of the string bytes read since resetNonAscii (words
// included): its 0x80 bits say whether any was 0x80 or above.
let nonAscii = 0;

/**
 * Start a new record for {@link sawNonAscii}: the scans after it (any
 * number of `scanJson` calls, e.g. one per line) are what it tells of.
 *
 * @example
 * ```ts
 * resetNonAscii();
 * ```
 */
export function resetNonAscii(): void {
  nonAscii = 0;
}

/**
 * Whether a string read since {@link resetNonAscii} held a byte of 0x80
 * or above. Outside strings JSON is ASCII (the scanner refuses any other
 * byte there), so after a valid scan `false` means the whole range is
 * ASCII, hence valid UTF-8: `isUtf8` is needed only when this is `true`.
 * Exact only for scans that ended valid (an invalid one may stop early).
 *
 * @example
 * ```ts
 * resetNonAscii();
 * if (scanJson(bytes, 0, n, undefined, capture) === Scan.valid && (!sawNonAscii() || isUtf8(bytes))) accept();
 * ```
 */
export function sawNonAscii(): boolean {
  return (nonAscii & 0x80808080) !== 0;
}

/**
 * True when none of the word's four bytes is a quote, a backslash or below
 * 0x20. `(v - n * 0x01010101) & ~v & 0x80808080` is non-zero exactly when
 * some byte of `v` is below `n` (for `n` ≤ 0x80): below the lowest such
 * byte nothing borrows, so that byte wraps to 0x80 or more while its own
 * top bit is clear; with no such byte nothing borrows at all, and a byte
 * whose difference has its top bit set was 0x80 or more, masked by `~v`.
 * XOR with 0x02 maps the controls onto themselves and the quote onto 0x20,
 * so one test (`n` = 0x21) finds both; XOR with 0x5c turns a backslash
 * into 0 (`n` = 1). The test says whether, not where, so it holds in
 * either byte order.
 */
function isPlainWord(v: number): boolean {
  const q = v ^ 0x02020202;
  const b = v ^ 0x5c5c5c5c;
  return (
    ((((q - 0x21212121) & ~q) | ((b - 0x01010101) & ~b)) & 0x80808080) === 0
  );
}

// The word view of the last buffer read by words, and the bytes it was
// last used for: records decoded from base64 mostly share Node's 8 KiB
// pool, so one view serves many records, and `bytes.buffer` (slower than
// the scan of a short string) is read once per record, not per string.
let viewedBuffer: ArrayBufferLike | undefined;
let viewedBytes: Uint8Array | undefined;
let viewedOffset = 0;
const NO_WORDS: Int32Array = new Int32Array(0);
let view: Int32Array = NO_WORDS;

function viewWords(bytes: Uint8Array): void {
  const buffer = bytes.buffer;
  viewedBytes = bytes;
  viewedOffset = bytes.byteOffset;
  // A resizable buffer may have changed length since its view was made;
  // a stale view is only shorter than the bytes (see wordEnd), never wrong.
  if (buffer === viewedBuffer && view.length === buffer.byteLength >> 2) {
    return;
  }
  if (buffer.byteLength > MAX_WORD_BUFFER) {
    viewedBuffer = undefined;
    viewedBytes = undefined;
    view = NO_WORDS;
  } else {
    viewedBuffer = buffer;
    view = new Int32Array(buffer, 0, buffer.byteLength >> 2);
  }
}

/**
 * Forget the cached word view when its buffer is large, so that a large
 * record is not kept alive by it; `scanJson` calls this after each scan.
 *
 * @example
 * ```ts
 * scanString(bytes, 0, bytes.length);
 * dropLargeWordView();
 * ```
 */
export function dropLargeWordView(): void {
  if (
    viewedBuffer !== undefined &&
    viewedBuffer.byteLength >= MAX_KEPT_BUFFER
  ) {
    viewedBuffer = undefined;
    viewedBytes = undefined;
    view = NO_WORDS;
  }
}
