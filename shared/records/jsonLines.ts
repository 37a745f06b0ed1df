import { RecordError } from '../errors.js';
import { FailureReason } from '../firehose/reasons.js';
import { canStartJsonValue, readJsonValues } from './jsonValues.js';
import { trimJsonWhitespace } from './jsonWhitespace.js';

/** One JSON value of a record, with its text exactly as sent. */
export interface JsonLine {
  /** The line's text, without line ending or surrounding whitespace. */
  readonly text: string;
  /** The parsed value (used for validation and reading fields). */
  readonly value: unknown;
  /**
   * Set by the byte scanner, which parses only the event-time field: that
   * field's value (`undefined` when absent). `value` is then an empty
   * object (or `null` for a line that is not an object), not the line.
   */
  readonly field?: { readonly value: unknown };
}

/** A record's text parsed as JSON Lines. */
export interface JsonLines {
  readonly lines: readonly JsonLine[];
  /**
   * True when the text is already canonical JSON Lines (every line a JSON
   * value with no surrounding whitespace, each ended by exactly one `\n`, no
   * blank lines, no CR, no BOM): the record can be passed through unchanged.
   */
  readonly canonical: boolean;
}

const BOM = 0xfeff;
const NEWLINE = 0x0a;

/**
 * Parse a record's text as JSON Lines: one or more JSON values separated by
 * `\n` (CRLF accepted, blank lines ignored, a leading BOM stripped; only
 * JSON whitespace — space, tab, CR — is trimmed around a line). Each line's
 * text is kept as sent, so output never goes through a lossy
 * parse-and-restringify round trip (big integers, key order, escapes).
 *
 * A record that is not one value per line (a pretty-printed document,
 * values concatenated with nothing or only whitespace between them) is read
 * as a sequence of values instead (see `readJsonValues`): one line per
 * value, each without the whitespace outside its strings.
 *
 * @throws RecordError `empty-record` (no JSON value) or `invalid-json`
 *   (with the line number and position, never the content) when the record
 *   is neither JSON Lines nor a sequence of JSON values.
 * @example
 * ```ts
 * parseJsonLines('{"a":1}\r\n\n{"b":2}').lines.map((l) => l.text);
 * // ['{"a":1}', '{"b":2}']
 * parseJsonLines('{\n  "a": 1\n}{"b": 2}').lines.map((l) => l.text);
 * // ['{"a":1}', '{"b":2}']
 * ```
 */
export function parseJsonLines(text: string): JsonLines {
  try {
    return parseLines(text);
  } catch (error) {
    if (
      !(error instanceof RecordError) ||
      error.reason !== FailureReason.invalidJson
    ) {
      throw error;
    }
    const body = text.charCodeAt(0) === BOM ? text.slice(1) : text;
    const values = readJsonValues(body);
    // Neither framing: the JSON Lines error says where the first line broke.
    if (values === undefined) throw error;
    return { lines: values, canonical: false };
  }
}

function parseLines(text: string): JsonLines {
  let body = text;
  let canonical = true;
  if (body.charCodeAt(0) === BOM) {
    body = body.slice(1);
    canonical = false;
  }
  if (body.charCodeAt(body.length - 1) !== NEWLINE) canonical = false;

  // The common case: one JSON value, no newline inside.
  if (body.indexOf('\n') === -1 || body.indexOf('\n') === body.length - 1) {
    const raw =
      body.charCodeAt(body.length - 1) === NEWLINE ? body.slice(0, -1) : body;
    const line = trimJsonWhitespace(raw);
    if (line.length === 0) throw emptyRecord();
    if (line.length !== raw.length) canonical = false;
    return { lines: [parseLine(line, 1)], canonical };
  }

  const rawLines = body.split('\n');
  const lines: JsonLine[] = [];
  const last = rawLines.length - 1;
  for (let i = 0; i <= last; i++) {
    const raw = rawLines[i] as string;
    const line = trimJsonWhitespace(raw);
    if (line.length === 0) {
      // The empty string after the final '\n' is not a blank line.
      if (i !== last) canonical = false;
      continue;
    }
    if (line.length !== raw.length) canonical = false;
    lines.push(parseLine(line, i + 1));
  }
  if (lines.length === 0) throw emptyRecord();
  return { lines, canonical };
}

/**
 * Join lines into newline-terminated JSON Lines: every line, including the
 * last, ends with exactly one `\n`, so records never run together in S3.
 *
 * @example
 * ```ts
 * joinJsonLines([{ text: '{"a":1}', value: { a: 1 } }]); // '{"a":1}\n'
 * ```
 */
export function joinJsonLines(lines: readonly JsonLine[]): string {
  if (lines.length === 1) return `${(lines[0] as JsonLine).text}\n`;
  let out = '';
  for (const line of lines) out += `${line.text}\n`;
  return out;
}

function parseLine(text: string, lineNumber: number): JsonLine {
  // Plain text (a log line, "Hello World"): the same failure JSON.parse
  // would give, without the cost of its error.
  if (!canStartJsonValue(text.charCodeAt(0))) {
    throw new RecordError(
      FailureReason.invalidJson,
      `line ${lineNumber}: not valid JSON`,
    );
  }
  try {
    return { text, value: JSON.parse(text) };
  } catch (error) {
    // V8's message quotes the input: keep only the position.
    const message = error instanceof Error ? error.message : '';
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position === undefined ? '' : ` at position ${position}`;
    throw new RecordError(
      FailureReason.invalidJson,
      `line ${lineNumber}: not valid JSON${where}`,
    );
  }
}

function emptyRecord(): RecordError {
  return new RecordError(
    FailureReason.emptyRecord,
    'the record holds no JSON value (empty or only whitespace)',
  );
}
