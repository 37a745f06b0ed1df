/**
 * Syslog lines, RFC 5424 or RFC 3164, recognised per line: after `<PRI>`,
 * a digit starts an RFC 5424 VERSION, a month name an RFC 3164 timestamp.
 */
import { type LineFailure, type LogFields, lineFailure } from './lineSyntax.js';
import { parseRfc3164, type Rfc3164Clock } from './rfc3164.js';
import { parseRfc5424 } from './rfc5424.js';
import { priNames, readPri } from './syslogNames.js';

/**
 * Parse one syslog line. Fields in this order: `facility`, `severity`
 * (names, e.g. `auth`, `crit`), then for RFC 5424 `version`, `timestamp`,
 * `hostname`, `appname`, `procid`, `msgid`, `structured_data`, `message`,
 * and for RFC 3164 `timestamp`, `hostname`, `appname`, `procid`, `message`.
 * Fields whose value is the NILVALUE `-` (RFC 5424) are absent.
 *
 * @example
 * ```ts
 * parseSyslogLine('<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - hi', arrivalMs, clock);
 * // { facility: 'auth', severity: 'crit', version: 1, timestamp: '2003-10-11T22:14:15.003Z', … }
 * ```
 */
export function parseSyslogLine(
  line: string,
  arrivalMs: number | undefined,
  clock: Rfc3164Clock,
): LogFields | LineFailure {
  const { end, pri } = readPri(line);
  if (end < 0) return lineFailure(0, '<PRI> with a priority from 0 to 191');
  const names = priNames(pri);
  const fields: LogFields = {
    facility: names.facility,
    severity: names.severity,
  };
  const next = line.charCodeAt(end);
  if (next >= 0x30 && next <= 0x39) return parseRfc5424(line, end, fields);
  return parseRfc3164(line, end, fields, arrivalMs, clock);
}
