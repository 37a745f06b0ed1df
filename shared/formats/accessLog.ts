/**
 * Apache and nginx access-log lines: the Common Log Format (Apache
 * `%h %l %u %t "%r" %>s %b`) and the combined format (the same plus
 * `"%{Referer}i" "%{User-agent}i"`, which is also nginx's predefined
 * `combined`). A hand-written scanner: one pass, no regular expression, so
 * any line costs time linear in its length.
 */
import { CLF_TIME_LENGTH, readClfTime } from './clfTime.js';
import {
  digitsAt,
  type LineFailure,
  type LogFields,
  lineFailure,
  tokenEnd,
} from './lineSyntax.js';

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const DASH = '-';
/** Sizes beyond 2^53 would be rounded by a JSON number reader. */
const MAX_SIZE_DIGITS = 15;

/**
 * Parse one access-log line. Fields, in this order: `host`, `identity`
 * (absent for `-`), `user` (absent for `-`), `timestamp` (ISO 8601 with the
 * line's offset), `method`, `path`, `protocol` (from the request line;
 * `request` instead holds the request line when it is not
 * `METHOD PATH [PROTOCOL]`; none of them for `-`), `status` (number),
 * `size` (number; absent for `-`), and with `combined`: `referrer`, `agent`
 * (absent for `-`). Quoted values are kept exactly as written between the
 * quotes, escapes included (`\"` stays `\"`).
 *
 * @example
 * ```ts
 * parseAccessLine('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326', false);
 * // { host: '127.0.0.1', user: 'frank', timestamp: '2000-10-10T13:55:36-07:00',
 * //   method: 'GET', path: '/a.gif', protocol: 'HTTP/1.0', status: 200, size: 2326 }
 * ```
 */
export function parseAccessLine(
  line: string,
  combined: boolean,
): LogFields | LineFailure {
  const hostEnd = tokenEnd(line, 0);
  if (hostEnd === 0) return lineFailure(0, 'the client host');
  if (line.charCodeAt(hostEnd) !== SPACE) {
    return lineFailure(hostEnd, 'a space after the host');
  }
  const identityEnd = tokenEnd(line, hostEnd + 1);
  if (identityEnd === hostEnd + 1 || line.charCodeAt(identityEnd) !== SPACE) {
    return lineFailure(identityEnd, 'the identity (or -) and a space');
  }
  const userEnd = tokenEnd(line, identityEnd + 1);
  if (userEnd === identityEnd + 1 || line.charCodeAt(userEnd) !== SPACE) {
    return lineFailure(userEnd, 'the user (or -) and a space');
  }
  let i = userEnd + 1;
  if (line.charCodeAt(i) !== OPEN_BRACKET) {
    return lineFailure(i, "'[' before the time");
  }
  const timestamp = readClfTime(line, i + 1);
  if (typeof timestamp !== 'string') return timestamp;
  i += 1 + CLF_TIME_LENGTH;
  if (
    line.charCodeAt(i) !== CLOSE_BRACKET ||
    line.charCodeAt(i + 1) !== SPACE
  ) {
    return lineFailure(i, "']' and a space after the time");
  }
  i += 2;
  const requestEnd = quotedEnd(line, i);
  if (requestEnd < 0) return lineFailure(i, 'the quoted request line');
  const request = line.slice(i + 1, requestEnd);
  i = requestEnd + 1;
  if (line.charCodeAt(i) !== SPACE) {
    return lineFailure(i, 'a space after the request line');
  }
  i++;
  const status = digitsAt(line, i, 3);
  if (status < 0 || line.charCodeAt(i + 3) !== SPACE) {
    return lineFailure(i, 'a three-digit status and a space');
  }
  i += 4;
  const sizeEnd = tokenEnd(line, i);
  const sizeText = line.slice(i, sizeEnd);
  let size: number | undefined;
  if (sizeText !== DASH) {
    size =
      sizeText.length <= MAX_SIZE_DIGITS
        ? digitsAt(line, i, sizeText.length)
        : -1;
    if (sizeText.length === 0 || size < 0) {
      return lineFailure(i, 'the size in bytes (digits, or -)');
    }
  }
  i = sizeEnd;

  const fields: LogFields = { host: line.slice(0, hostEnd) };
  const identity = line.slice(hostEnd + 1, identityEnd);
  if (identity !== DASH) fields.identity = identity;
  const user = line.slice(identityEnd + 1, userEnd);
  if (user !== DASH) fields.user = user;
  fields.timestamp = timestamp;
  addRequest(fields, request);
  fields.status = status;
  if (size !== undefined) fields.size = size;

  if (combined) {
    if (line.charCodeAt(i) !== SPACE) {
      return lineFailure(i, 'a space before the referrer');
    }
    const referrerEnd = quotedEnd(line, i + 1);
    if (referrerEnd < 0) return lineFailure(i + 1, 'the quoted referrer');
    if (line.charCodeAt(referrerEnd + 1) !== SPACE) {
      return lineFailure(referrerEnd + 1, 'a space before the user agent');
    }
    const agentEnd = quotedEnd(line, referrerEnd + 2);
    if (agentEnd < 0)
      return lineFailure(referrerEnd + 2, 'the quoted user agent');
    const referrer = line.slice(i + 2, referrerEnd);
    if (referrer !== DASH) fields.referrer = referrer;
    const agent = line.slice(referrerEnd + 3, agentEnd);
    if (agent !== DASH) fields.agent = agent;
    i = agentEnd + 1;
  }
  if (i !== line.length) return lineFailure(i, 'the end of the line');
  return fields;
}

/**
 * `"` at `from`: the index of the closing quote (a backslash escapes the
 * next character, as Apache and nginx write `\"`), or -1. `indexOf` finds
 * each candidate quote; only backslashes right before it are counted.
 */
function quotedEnd(line: string, from: number): number {
  if (line.charCodeAt(from) !== QUOTE) return -1;
  let quote = line.indexOf('"', from + 1);
  while (quote >= 0) {
    let backslashes = 0;
    while (line.charCodeAt(quote - 1 - backslashes) === BACKSLASH)
      backslashes++;
    if ((backslashes & 1) === 0) return quote;
    quote = line.indexOf('"', quote + 1);
  }
  return -1;
}

/** `METHOD PATH [PROTOCOL]` into three fields; else the line as `request`. */
function addRequest(fields: LogFields, request: string): void {
  if (request === DASH) return;
  const first = request.indexOf(' ');
  const second = first < 0 ? -1 : request.indexOf(' ', first + 1);
  const pathEnd = second < 0 ? request.length : second;
  const splits =
    first > 0 &&
    pathEnd > first + 1 &&
    (second < 0 ||
      (second < request.length - 1 && request.indexOf(' ', second + 1) < 0));
  if (!splits) {
    fields.request = request;
    return;
  }
  fields.method = request.slice(0, first);
  fields.path = request.slice(first + 1, pathEnd);
  if (second >= 0) fields.protocol = request.slice(second + 1);
}
