/**
 * Syslog facility and severity names, as Vector's `parse_syslog` writes
 * them (the Linux `syslog.h` names).
 */

/** Facility names by code (RFC 5424 table 1). */
export const FACILITY_NAMES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'audit',
  'alert',
  'clockd',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;

/** Severity names by code (RFC 5424 table 2). */
export const SEVERITY_NAMES = [
  'emerg',
  'alert',
  'crit',
  'err',
  'warning',
  'notice',
  'info',
  'debug',
] as const;

/**
 * Read `<PRI>` at the start of a line: 1 to 3 digits, 0 to 191. Returns
 * the index after `>` and the PRI value, or -1 as index when there is none.
 *
 * @example
 * ```ts
 * readPri('<34>Oct 11 …'); // { end: 4, pri: 34 }
 * ```
 */
export function readPri(line: string): { end: number; pri: number } {
  if (line.charCodeAt(0) !== 0x3c) return { end: -1, pri: 0 };
  let pri = 0;
  let i = 1;
  for (; i < line.length && i <= 4; i++) {
    const d = line.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) break;
    pri = pri * 10 + d;
  }
  if (i === 1 || i > 4 || line.charCodeAt(i) !== 0x3e || pri > 191) {
    return { end: -1, pri: 0 };
  }
  return { end: i + 1, pri };
}

/**
 * The facility and severity names of a PRI value.
 *
 * @example
 * ```ts
 * priNames(34); // { facility: 'auth', severity: 'crit' }
 * ```
 */
export function priNames(pri: number): { facility: string; severity: string } {
  return {
    facility: FACILITY_NAMES[pri >> 3] as string,
    severity: SEVERITY_NAMES[pri & 7] as string,
  };
}
