/**
 * The input-format dispatcher: a record's text (log lines or CSV rows) to
 * JSON lines, one JSON object per input line (per row for CSV), before the
 * JSON stages (schema, partitioning) run.
 */
import { DropReason, FailureReason } from '../firehose/reasons.js';
import type { Rejection } from '../firehose/types.js';
import { dropped, failed } from '../firehose/verdicts.js';
import type { JsonLine, JsonLines } from '../records/jsonLines.js';
import { parseAccessLine } from './accessLog.js';
import { readCsvRows } from './csv.js';
import { createCsvLineBuilder } from './csvValues.js';
import {
  type CsvConfig,
  InputFormat,
  type InputFormatConfig,
} from './formatConfig.js';
import {
  isLineFailure,
  type LineFailure,
  type LogFields,
} from './lineSyntax.js';
import type { Rfc3164Clock } from './rfc3164.js';
import { parseSyslogLine } from './syslog.js';

/** A record's text and arrival time (epoch ms) to its JSON lines. */
export type LogLinesReader = (
  text: string,
  arrivalMs: number | undefined,
) => JsonLines | Rejection;

type LineParser = (
  line: string,
  arrivalMs: number | undefined,
) => LogFields | LineFailure;

const BOM = 0xfeff;
const CR = 0x0d;

/**
 * Create the reader for a non-JSON `INPUT_FORMAT` (once, at init). A line
 * that does not parse fails the record with `invalid-log-line` and a detail
 * naming the format, line and column (never the content), or with
 * `ON_INVALID=drop` is left out (a record left with no line is `Dropped`,
 * `invalid-log-line`). Blank lines and one leading BOM are skipped; CRLF is
 * accepted. Each line's JSON text has the format's fixed key order.
 *
 * @example
 * ```ts
 * const read = createLogLinesReader(readInputFormatConfig({ INPUT_FORMAT: 'apache_common' }));
 * const out = read(text, record.approximateArrivalTimestamp);
 * ```
 */
export function createLogLinesReader(
  config: InputFormatConfig,
): LogLinesReader {
  const drop = config.onInvalid === 'drop';
  if (config.csv !== undefined) return createCsvReader(config.csv, drop);
  const parse = lineParser(config.format, config.syslog);
  const format = config.format;
  return function readLogLines(text, arrivalMs) {
    const lines: JsonLine[] = [];
    let lastDrop: Rejection | undefined;
    let start = text.charCodeAt(0) === BOM ? 1 : 0;
    let lineNumber = 0;
    const length = text.length;
    while (start < length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = length;
      lineNumber++;
      const lineEnd =
        end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
      if (!isBlank(text, start, lineEnd)) {
        const fields = parse(text.slice(start, lineEnd), arrivalMs);
        if (isLineFailure(fields)) {
          const detail = `${format} line ${lineNumber}, column ${fields.index + 1}: expected ${fields.expected}`;
          if (!drop) return failed(FailureReason.invalidLogLine, detail);
          lastDrop = dropped(DropReason.invalidLogLine, detail);
        } else {
          lines.push({ text: JSON.stringify(fields), value: fields });
        }
      }
      start = end + 1;
    }
    return finish(lines, lastDrop);
  };
}

function lineParser(format: InputFormat, clock: Rfc3164Clock): LineParser {
  switch (format) {
    case InputFormat.apacheCommon:
      return (line) => parseAccessLine(line, false);
    case InputFormat.apacheCombined:
    case InputFormat.nginxCombined:
      return (line) => parseAccessLine(line, true);
    case InputFormat.syslog:
      return (line, arrivalMs) => parseSyslogLine(line, arrivalMs, clock);
    default:
      throw new Error(`no line parser for INPUT_FORMAT=${format}`);
  }
}

function createCsvReader(csv: CsvConfig, drop: boolean): LogLinesReader {
  const build = createCsvLineBuilder(csv.columns, csv.types);
  const count = csv.columns.length;
  return function readCsv(text) {
    const body = text.charCodeAt(0) === BOM ? text.slice(1) : text;
    const lines: JsonLine[] = [];
    let lastDrop: Rejection | undefined;
    for (const row of readCsvRows(body, csv.delimiter)) {
      let detail: string | undefined;
      if ('expected' in row) {
        detail = `csv line ${row.line}, column ${row.column}: expected ${row.expected}`;
      } else if (row.fields.length !== count) {
        detail = `csv line ${row.line}: expected ${count} fields (CSV_COLUMNS), found ${row.fields.length}`;
      } else {
        lines.push(build(row.fields));
        continue;
      }
      if (!drop) return failed(FailureReason.invalidLogLine, detail);
      lastDrop = dropped(DropReason.invalidLogLine, detail);
    }
    return finish(lines, lastDrop);
  };
}

function finish(
  lines: JsonLine[],
  lastDrop: Rejection | undefined,
): JsonLines | Rejection {
  if (lines.length > 0) return { lines, canonical: false };
  return (
    lastDrop ??
    failed(
      FailureReason.emptyRecord,
      'the record holds no line (empty or only blank lines)',
    )
  );
}

/** True when `text[start, end)` holds only spaces and tabs (or nothing). */
function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}
