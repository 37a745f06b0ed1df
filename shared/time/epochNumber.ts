/**
 * Exact conversion of epoch numbers (JSON numbers or numeric strings) in
 * seconds, milliseconds, microseconds or nanoseconds to epoch milliseconds,
 * floored toward -infinity. Numeric strings are converted by decimal string
 * arithmetic, so `"1700000000123456789"` nanoseconds is exact to the
 * millisecond; numbers use their shortest decimal form (what `JSON.parse`
 * read), so `1700000000.123` seconds is 1700000000123 ms.
 */

/** A decimal number split into its parts (digits only, no leading zeros). */
export interface Decimal {
  readonly negative: boolean;
  /** Integer digits without leading zeros ('' for zero). */
  readonly whole: string;
  /** Fraction digits ('' when none). */
  readonly fraction: string;
}

const NUMERIC = /^(-?)(\d+)(?:\.(\d+))?$/;
const DECIMAL_EXPONENT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/**
 * Split a numeric string (`-?digits(.digits)?`; no exponent, sign `+` or
 * spaces) into a {@link Decimal}, or `undefined` when it is not one.
 *
 * @example
 * ```ts
 * parseDecimal('-0012.50'); // { negative: true, whole: '12', fraction: '50' }
 * ```
 */
export function parseDecimal(text: string): Decimal | undefined {
  const match = NUMERIC.exec(text);
  if (match === null) return undefined;
  return split(match[1] === '-', match[2] as string, match[3] ?? '');
}

/**
 * The exact decimal value of a finite number, as a {@link Decimal}.
 *
 * @example
 * ```ts
 * decimalOfNumber(1e-7); // { negative: false, whole: '', fraction: '0000001' }
 * ```
 */
export function decimalOfNumber(value: number): Decimal {
  const match = DECIMAL_EXPONENT.exec(String(value)) as RegExpExecArray;
  const exponent = Number(match[4] ?? 0);
  const digits = (match[2] as string) + (match[3] ?? '');
  const point = (match[2] as string).length + exponent;
  if (point <= 0) {
    return split(value < 0, '', '0'.repeat(-point) + digits);
  }
  if (point >= digits.length) {
    return split(value < 0, digits + '0'.repeat(point - digits.length), '');
  }
  return split(value < 0, digits.slice(0, point), digits.slice(point));
}

function split(negative: boolean, whole: string, fraction: string): Decimal {
  let start = 0;
  while (start < whole.length && whole.charCodeAt(start) === 48) start++;
  return { negative, whole: whole.slice(start), fraction };
}

/**
 * Convert a decimal in a unit to whole epoch milliseconds, floored toward
 * -infinity. `shift` is the power of ten from the unit to milliseconds:
 * 3 for seconds, 0 for ms, -3 for µs, -6 for ns. Values too large for any
 * date give ±Infinity.
 *
 * @example
 * ```ts
 * decimalToEpochMs(parseDecimal('1700000000123456789')!, -6); // 1700000000123
 * decimalToEpochMs(parseDecimal('-0.5')!, 3); // -500
 * ```
 */
export function decimalToEpochMs(decimal: Decimal, shift: number): number {
  const { negative, whole, fraction } = decimal;
  // 17 digits of milliseconds is far past year 9999 (about 2.5e14 ms).
  if (whole.length + shift > 17) return negative ? -Infinity : Infinity;
  const digits = whole + fraction;
  const point = whole.length + shift;
  let integer = 0;
  let rest = '';
  if (point <= 0) {
    rest = digits;
  } else if (point >= digits.length) {
    integer = Number(digits + '0'.repeat(point - digits.length));
  } else {
    integer = Number(digits.slice(0, point));
    rest = digits.slice(point);
  }
  if (!negative) return integer;
  const inexact = /[1-9]/.test(rest);
  return integer === 0 && !inexact ? 0 : -integer - (inexact ? 1 : 0);
}
