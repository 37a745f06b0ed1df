/**
 * RFC 5424 syslog lines after `<PRI>`: VERSION, TIMESTAMP, HOSTNAME,
 * APP-NAME, PROCID, MSGID, STRUCTURED-DATA and MSG, read in one pass.
 */
import { daysInMonth } from '../time/calendar.js';
import {
  digitsAt,
  type LineFailure,
  type LogFields,
  lineFailure,
} from './lineSyntax.js';

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const EQUALS = 0x3d;
const BOM = 0xfeff;
const SD_ESCAPE = /\\(["\\\]])/g;

/** Structured data: SD-ID → PARAM-NAME → value (an array when repeated). */
export type StructuredData = Record<string, Record<string, string | string[]>>;

/**
 * Parse the part of an RFC 5424 line after `<PRI>` (at `from`) into
 * `version`, `timestamp` (as written: RFC 3339), `hostname`, `appname`,
 * `procid`, `msgid` (each absent for the NILVALUE `-`), `structured_data`
 * (absent for `-`) and `message` (absent when there is no MSG; a leading
 * BOM, which only marks MSG as UTF-8, is removed). `fields` already holds
 * `facility` and `severity`.
 *
 * @example
 * ```ts
 * parseRfc5424('<165>1 2003-10-11T22:14:15.003Z host app - ID47 - hi', 5, fields);
 * ```
 */
export function parseRfc5424(
  line: string,
  from: number,
  fields: LogFields,
): LogFields | LineFailure {
  let i = from;
  const versionStart = i;
  while (i < line.length && i - versionStart < 3 && isDigit(line.charCodeAt(i)))
    i++;
  if (i === versionStart || line.charCodeAt(versionStart) === 0x30) {
    return lineFailure(versionStart, 'a version (1-999)');
  }
  fields.version = Number(line.slice(versionStart, i));
  if (line.charCodeAt(i) !== SPACE)
    return lineFailure(i, 'a space after the version');
  i++;
  const timestampEnd = rfc3339End(line, i);
  if (timestampEnd < 0) {
    return lineFailure(i, 'an RFC 3339 timestamp with offset, or -');
  }
  if (timestampEnd !== i + 1 || line.charCodeAt(i) !== 0x2d) {
    fields.timestamp = line.slice(i, timestampEnd);
  }
  i = timestampEnd;
  for (const [name, max] of HEADER_FIELDS) {
    if (line.charCodeAt(i) !== SPACE)
      return lineFailure(i, `a space before ${name}`);
    i++;
    const end = printableEnd(line, i, max);
    if (end === i || (end < line.length && line.charCodeAt(end) !== SPACE)) {
      return lineFailure(
        end,
        `${name}: 1 to ${max} printable ASCII characters, or -`,
      );
    }
    const value = line.slice(i, end);
    if (value !== '-') fields[name] = value;
    i = end;
  }
  if (line.charCodeAt(i) !== SPACE)
    return lineFailure(i, 'a space before the structured data');
  i++;
  if (line.charCodeAt(i) === 0x2d) {
    i++;
  } else {
    const data: StructuredData = Object.create(null);
    const end = readStructuredData(line, i, data);
    if (typeof end !== 'number') return end;
    fields.structured_data = data;
    i = end;
  }
  if (i === line.length) return fields;
  if (line.charCodeAt(i) !== SPACE)
    return lineFailure(i, 'a space before the message');
  i++;
  if (line.charCodeAt(i) === BOM) i++;
  fields.message = line.slice(i);
  return fields;
}

const HEADER_FIELDS = [
  ['hostname', 255],
  ['appname', 48],
  ['procid', 128],
  ['msgid', 32],
] as const;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The end of a run of 1 to `max` PRINTUSASCII characters (33-126). */
function printableEnd(line: string, from: number, max: number): number {
  let i = from;
  while (i < line.length && i - from < max) {
    const c = line.charCodeAt(i);
    if (c < 33 || c > 126) break;
    i++;
  }
  return i;
}

/**
 * The end of `-` or a full RFC 3339 date-time at `from`
 * (`YYYY-MM-DDTHH:MM:SS[.1-6 digits](Z|±HH:MM)`, values in range), or -1.
 */
function rfc3339End(line: string, from: number): number {
  if (line.charCodeAt(from) === 0x2d && line.charCodeAt(from + 1) === SPACE) {
    return from + 1;
  }
  const year = digitsAt(line, from, 4);
  const month = digitsAt(line, from + 5, 2);
  const day = digitsAt(line, from + 8, 2);
  const hour = digitsAt(line, from + 11, 2);
  const minute = digitsAt(line, from + 14, 2);
  const second = digitsAt(line, from + 17, 2);
  if (
    year < 0 ||
    line.charCodeAt(from + 4) !== 0x2d ||
    month < 1 ||
    month > 12 ||
    line.charCodeAt(from + 7) !== 0x2d ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    line.charCodeAt(from + 10) !== 0x54 ||
    hour < 0 ||
    hour > 23 ||
    line.charCodeAt(from + 13) !== 0x3a ||
    minute < 0 ||
    minute > 59 ||
    line.charCodeAt(from + 16) !== 0x3a ||
    second < 0 ||
    second > 59
  ) {
    return -1;
  }
  let i = from + 19;
  if (line.charCodeAt(i) === 0x2e) {
    const start = ++i;
    while (i < line.length && i - start < 6 && isDigit(line.charCodeAt(i))) i++;
    if (i === start) return -1;
  }
  const c = line.charCodeAt(i);
  if (c === 0x5a) return i + 1;
  if (c !== 0x2b && c !== 0x2d) return -1;
  const offsetHour = digitsAt(line, i + 1, 2);
  const offsetMinute = digitsAt(line, i + 4, 2);
  if (
    offsetHour < 0 ||
    offsetHour > 23 ||
    line.charCodeAt(i + 3) !== 0x3a ||
    offsetMinute < 0 ||
    offsetMinute > 59
  ) {
    return -1;
  }
  return i + 6;
}

/** One or more SD-ELEMENTs at `from` into `data`; the index after them. */
function readStructuredData(
  line: string,
  from: number,
  data: StructuredData,
): number | LineFailure {
  let i = from;
  if (line.charCodeAt(i) !== OPEN_BRACKET) {
    return lineFailure(i, "'[' or - for the structured data");
  }
  while (line.charCodeAt(i) === OPEN_BRACKET) {
    i++;
    const idEnd = sdNameEnd(line, i);
    if (idEnd === i) return lineFailure(i, 'an SD-ID');
    const id = line.slice(i, idEnd);
    if (Object.hasOwn(data, id))
      return lineFailure(i, 'an SD-ID not used before in the line');
    const params: Record<string, string | string[]> = Object.create(null);
    data[id] = params;
    i = idEnd;
    while (line.charCodeAt(i) === SPACE) {
      i++;
      const nameEnd = sdNameEnd(line, i);
      if (nameEnd === i) return lineFailure(i, 'a PARAM-NAME');
      if (
        line.charCodeAt(nameEnd) !== EQUALS ||
        line.charCodeAt(nameEnd + 1) !== QUOTE
      ) {
        return lineFailure(nameEnd, "'=\"' after the PARAM-NAME");
      }
      const name = line.slice(i, nameEnd);
      i = nameEnd + 2;
      const valueStart = i;
      let escaped = false;
      for (;;) {
        if (i >= line.length) {
          return lineFailure(line.length, "'\"' closing the PARAM-VALUE");
        }
        const c = line.charCodeAt(i);
        if (c === QUOTE) break;
        if (c === BACKSLASH) {
          escaped = true;
          i += 2;
          continue;
        }
        i++;
      }
      const raw = line.slice(valueStart, i);
      // Only \" \\ and \] are escapes; any other backslash is literal.
      const value = escaped ? raw.replace(SD_ESCAPE, '$1') : raw;
      i++;
      const previous = params[name];
      if (previous === undefined) params[name] = value;
      else if (typeof previous === 'string') params[name] = [previous, value];
      else previous.push(value);
    }
    if (line.charCodeAt(i) !== CLOSE_BRACKET)
      return lineFailure(i, "' ' or ']' in an SD-ELEMENT");
    i++;
  }
  return i;
}

/** SD-NAME: 1 to 32 PRINTUSASCII except '=', ' ', ']' and '"'. */
function sdNameEnd(line: string, from: number): number {
  let i = from;
  while (i < line.length && i - from < 32) {
    const c = line.charCodeAt(i);
    if (c < 33 || c > 126 || c === EQUALS || c === CLOSE_BRACKET || c === QUOTE)
      break;
    i++;
  }
  return i;
}
