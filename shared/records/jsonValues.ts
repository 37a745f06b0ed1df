/**
 * Producer framings that are not one value per line: one pretty-printed
 * document, values concatenated with nothing or only whitespace between
 * them (what Firehose's `RecordDeAggregation` with `SubRecordType` JSON
 * accepts), several pretty-printed documents one after another.
 */

/** One JSON value found in a record, written on one line. */
export interface FramedValue {
  /** The value's text with the whitespace outside strings removed. */
  readonly text: string;
  readonly value: unknown;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * True when a JSON text may start with this UTF-16 code unit (`{ [ " -`,
 * a digit, or `t f n`). Any other first character makes `JSON.parse` throw
 * "Unexpected token" (never with a position), and building that error
 * costs ~25-50 µs: plain-text records are turned away without it.
 *
 * @example
 * ```ts
 * canStartJsonValue('H'.charCodeAt(0)); // false
 * ```
 */
export function canStartJsonValue(code: number): boolean {
  return (
    code === OPEN_OBJECT ||
    code === OPEN_ARRAY ||
    code === QUOTE ||
    code === 0x2d ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x74 ||
    code === 0x66 ||
    code === 0x6e
  );
}

/** Ends a bare token (number, `true`, `false`, `null`). */
function isDelimiter(code: number): boolean {
  return (
    isWhitespace(code) ||
    code === QUOTE ||
    code === OPEN_OBJECT ||
    code === CLOSE_OBJECT ||
    code === OPEN_ARRAY ||
    code === CLOSE_ARRAY ||
    code === COMMA ||
    code === COLON
  );
}

/**
 * Read a record's text as a sequence of JSON values, or `undefined` when it
 * is not one. A value ends where its JSON text ends (the bracket that closes
 * the outermost object or array, the closing quote of a string, the end of a
 * bare number or literal); between two values there may be JSON whitespace
 * (space, tab, CR, LF) or nothing, except that two bare tokens (numbers,
 * `true`, `false`, `null`) need whitespace between them (`12` is one
 * number). Each value must be valid JSON as it was sent (`JSON.parse` of its
 * original text, so removing whitespace can never make an invalid value
 * valid); its output text is that text without the whitespace outside
 * strings: strings, escapes, digits and key order are kept.
 *
 * Runs in one pass without recursion, so nesting depth costs no stack.
 *
 * @example
 * ```ts
 * readJsonValues('{\n  "a": 1\n}{"b": [2, 3]}')?.map((v) => v.text);
 * // ['{"a":1}', '{"b":[2,3]}']
 * readJsonValues('{"a":1}}'); // undefined
 * ```
 */
export function readJsonValues(text: string): FramedValue[] | undefined {
  const values: FramedValue[] = [];
  const length = text.length;
  let i = 0;
  for (;;) {
    while (i < length && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= length) break;
    const start = i;
    const first = text.charCodeAt(i);
    let compact: string;
    if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
      const end = containerEnd(text, i);
      if (end === -1) return undefined;
      compact = withoutWhitespace(text, start, end);
      i = end;
    } else if (first === QUOTE) {
      const end = stringEnd(text, i);
      if (end === -1) return undefined;
      compact = text.slice(start, end);
      i = end;
    } else {
      if (!canStartJsonValue(first)) return undefined;
      while (i < length && !isDelimiter(text.charCodeAt(i))) i++;
      if (i === start) return undefined;
      // Two bare tokens with nothing between them would read as one.
      compact = text.slice(start, i);
    }
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, i));
    } catch {
      return undefined;
    }
    values.push({ text: compact, value });
  }
  return values.length === 0 ? undefined : values;
}

/** `text[from]` opens an object or array; the index after its close, or -1. */
function containerEnd(text: string, from: number): number {
  const length = text.length;
  let depth = 0;
  let i = from;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (i === -1) return -1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/** `text[from]` is a quote; the index after the closing quote, or -1. */
function stringEnd(text: string, from: number): number {
  const length = text.length;
  let i = from + 1;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    i += c === BACKSLASH ? 2 : 1;
  }
  return -1;
}

/** `text[start, end)` without the whitespace outside its strings. */
function withoutWhitespace(text: string, start: number, end: number): string {
  let out = '';
  let run = start;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      continue;
    }
    if (isWhitespace(c)) {
      out += text.slice(run, i);
      while (i < end && isWhitespace(text.charCodeAt(i))) i++;
      run = i;
      continue;
    }
    i++;
  }
  return run === start ? text.slice(start, end) : out + text.slice(run, end);
}
