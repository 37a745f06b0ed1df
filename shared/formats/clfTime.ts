/**
 * The Common Log Format time, `07/Mar/2004:16:10:02 -0800` (Apache `%t`,
 * nginx `$time_local`), to ISO 8601 keeping its offset.
 */
import { daysInMonth } from '../time/calendar.js';
import {
  digitsAt,
  type LineFailure,
  lineFailure,
  monthAt,
} from './lineSyntax.js';

/** Length of `dd/Mon/yyyy:HH:MM:SS +hhmm`. */
export const CLF_TIME_LENGTH = 26;

/**
 * Read a CLF time at `from` and return it as ISO 8601 with the same wall
 * time and offset (`2004-03-07T16:10:02-08:00`), or a failure with the
 * index of the first wrong character.
 *
 * @example
 * ```ts
 * readClfTime('07/Mar/2004:16:10:02 -0800', 0); // '2004-03-07T16:10:02-08:00'
 * ```
 */
export function readClfTime(line: string, from: number): string | LineFailure {
  const day = digitsAt(line, from, 2);
  if (day < 1 || line.charCodeAt(from + 2) !== 0x2f) {
    return lineFailure(from, 'a day of the month as dd/');
  }
  const month = monthAt(line, from + 3);
  if (month === 0 || line.charCodeAt(from + 6) !== 0x2f) {
    return lineFailure(from + 3, 'a month name (Jan-Dec) and /');
  }
  const year = digitsAt(line, from + 7, 4);
  if (year < 0 || line.charCodeAt(from + 11) !== 0x3a) {
    return lineFailure(from + 7, 'a four-digit year and :');
  }
  if (day > daysInMonth(year, month)) {
    return lineFailure(from, 'a day that exists in that month');
  }
  const hour = digitsAt(line, from + 12, 2);
  const minute = digitsAt(line, from + 15, 2);
  const second = digitsAt(line, from + 18, 2);
  if (
    hour < 0 ||
    hour > 23 ||
    line.charCodeAt(from + 14) !== 0x3a ||
    minute < 0 ||
    minute > 59 ||
    line.charCodeAt(from + 17) !== 0x3a ||
    second < 0 ||
    second > 59
  ) {
    return lineFailure(from + 12, 'a time as HH:MM:SS');
  }
  const sign = line.charCodeAt(from + 21);
  const offsetHour = digitsAt(line, from + 22, 2);
  const offsetMinute = digitsAt(line, from + 24, 2);
  if (
    line.charCodeAt(from + 20) !== 0x20 ||
    (sign !== 0x2b && sign !== 0x2d) ||
    offsetHour < 0 ||
    offsetHour > 23 ||
    offsetMinute < 0 ||
    offsetMinute > 59
  ) {
    return lineFailure(from + 20, 'a space and an offset as +hhmm or -hhmm');
  }
  // The characters were all checked: the ISO form is a re-arrangement.
  return `${line.slice(from + 7, from + 11)}-${month < 10 ? '0' : ''}${month}-${line.slice(from, from + 2)}T${line.slice(from + 12, from + 20)}${line.slice(from + 21, from + 24)}:${line.slice(from + 24, from + 26)}`;
}
