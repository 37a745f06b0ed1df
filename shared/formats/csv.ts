/**
 * CSV rows (RFC 4180, with a configurable delimiter): quoted fields,
 * doubled quotes, delimiters and line breaks inside quotes. A record's text
 * is read in one pass; a row is one CSV record, which may span lines.
 */

/** One row: its fields, and the (1-based) line it starts on. */
export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/** A row that does not parse: where, and what was expected. */
export interface CsvRowError {
  readonly line: number;
  /** 1-based column (UTF-16 code units) on that line. */
  readonly column: number;
  readonly expected: string;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Split a record's text into rows. Rows end with LF or CRLF (the last one
 * may end without); empty lines are skipped. After a row that does not
 * parse, reading resumes on the next line.
 *
 * @example
 * ```ts
 * readCsvRows('a,"b ""c"""\r\n1,2', ',');
 * // [{ line: 1, fields: ['a', 'b "c"'] }, { line: 2, fields: ['1', '2'] }]
 * ```
 */
export function readCsvRows(
  text: string,
  delimiter: string,
): (CsvRow | CsvRowError)[] {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  const out: (CsvRow | CsvRowError)[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < n) {
    const first = text.charCodeAt(i);
    if (first === LF || (first === CR && text.charCodeAt(i + 1) === LF)) {
      i += first === LF ? 1 : 2;
      line++;
      lineStart = i;
      continue;
    }
    const rowLine = line;
    const fields: string[] = [];
    let error: CsvRowError | undefined;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        const openColumn = i - lineStart + 1;
        const start = i + 1;
        let doubled = false;
        let close = text.indexOf('"', start);
        while (close >= 0 && text.charCodeAt(close + 1) === QUOTE) {
          doubled = true;
          close = text.indexOf('"', close + 2);
        }
        if (close < 0) {
          error = {
            line: openLine,
            column: openColumn,
            expected: 'a closing quote for this field',
          };
          i = n;
          break;
        }
        // Line breaks inside the quotes still count as lines.
        for (
          let lf = text.indexOf('\n', start);
          lf >= 0 && lf < close;
          lf = text.indexOf('\n', lf + 1)
        ) {
          line++;
          lineStart = lf + 1;
        }
        const raw = text.slice(start, close);
        fields.push(doubled ? raw.replaceAll('""', '"') : raw);
        i = close + 1;
      } else {
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === delim || c === LF || c === CR) break;
          if (c === QUOTE) {
            error = {
              line,
              column: i - lineStart + 1,
              expected: 'no quote inside an unquoted field',
            };
            break;
          }
          i++;
        }
        if (error !== undefined) break;
        fields.push(text.slice(start, i));
      }
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        continue;
      }
      if (c === LF || (c === CR && text.charCodeAt(i + 1) === LF)) {
        i += c === LF ? 1 : 2;
        line++;
        lineStart = i;
        break;
      }
      error = {
        line,
        column: i - lineStart + 1,
        expected:
          c === CR
            ? 'LF after CR'
            : 'a delimiter or a line end after the closing quote',
      };
      break;
    }
    if (error === undefined) {
      out.push({ line: rowLine, fields });
      continue;
    }
    out.push(error);
    const next = text.indexOf('\n', i);
    i = next < 0 ? n : next + 1;
    line++;
    lineStart = i;
  }
  return out;
}

/**
 * Write fields as one CSV row (no line end), quoting a field only when it
 * holds the delimiter, a quote, CR or LF, or is empty and alone on its row
 * (an empty line would be skipped). The inverse of {@link readCsvRows}.
 *
 * @example
 * ```ts
 * formatCsvRow(['a', 'b "c"'], ','); // 'a,"b ""c"""'
 * ```
 */
export function formatCsvRow(
  fields: readonly string[],
  delimiter: string,
): string {
  const quoted = fields.map((field) => {
    const needs =
      field.includes(delimiter) ||
      field.includes('"') ||
      field.includes('\n') ||
      field.includes('\r') ||
      (field === '' && fields.length === 1);
    return needs ? `"${field.replaceAll('"', '""')}"` : field;
  });
  return quoted.join(delimiter);
}
