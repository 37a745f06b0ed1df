/**
 * What a log-line parser returns: the line's fields as a JSON object, or
 * where and why the line does not parse. Parsers return failures instead
 * of throwing: a batch of garbage costs no exception per line.
 */

/** Why a line does not parse; never the line's content. */
export interface LineFailure {
  readonly failure: true;
  /** 0-based index into the line where the parser stopped. */
  readonly index: number;
  /** What the parser expected there, from a fixed vocabulary. */
  readonly expected: string;
}

/** A parsed line: the fields, in the format's fixed key order. */
export type LogFields = Record<string, unknown>;

/**
 * A line failure at `index`.
 *
 * @example
 * ```ts
 * return lineFailure(i, "'[' before the time");
 * ```
 */
export function lineFailure(index: number, expected: string): LineFailure {
  return { failure: true, index, expected };
}

/**
 * Tell a failure apart from parsed fields.
 *
 * @example
 * ```ts
 * const out = parseAccessLine(line); if (isLineFailure(out)) …
 * ```
 */
export function isLineFailure(value: unknown): value is LineFailure {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { failure?: unknown }).failure === true
  );
}

const SPACE = 0x20;

/**
 * The index after a run of characters other than space (and other than
 * control characters), from `from`; `from` itself when there is none.
 *
 * @example
 * ```ts
 * tokenEnd('ab cd', 0); // 2
 * ```
 */
export function tokenEnd(line: string, from: number): number {
  let i = from;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c <= SPACE || c === 0x7f) break;
    i++;
  }
  return i;
}

/**
 * Read `count` ASCII digits at `from` as a number; -1 when any is not a
 * digit.
 *
 * @example
 * ```ts
 * digitsAt('x2004', 1, 4); // 2004
 * ```
 */
export function digitsAt(line: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = line.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Month abbreviations as Apache, nginx and RFC 3164 write them. */
const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/**
 * The month (1-12) of an English three-letter abbreviation at `from`
 * (`Jan` … `Dec`, case as written by Apache and syslog); 0 when none.
 *
 * @example
 * ```ts
 * monthAt('07/Mar/2004', 3); // 3
 * ```
 */
export function monthAt(line: string, from: number): number {
  const name = line.slice(from, from + 3);
  return MONTHS.indexOf(name as (typeof MONTHS)[number]) + 1;
}

/**
 * The English abbreviation of a month (1-12).
 *
 * @example
 * ```ts
 * monthName(3); // 'Mar'
 * ```
 */
export function monthName(month: number): string {
  return MONTHS[month - 1] ?? '';
}
