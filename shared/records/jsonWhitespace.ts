/**
 * JSON's own whitespace (RFC 8259 `ws`): space, tab, line feed and carriage
 * return, and nothing else. `String.prototype.trim` also strips U+000B,
 * U+000C, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000 and U+FEFF, which would silently remove content around a line.
 */

const SPACE = 0x20;
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * True for a UTF-16 code unit that JSON counts as whitespace.
 *
 * @example
 * ```ts
 * isJsonWhitespace(0x20); // true
 * isJsonWhitespace(0xa0); // false: a no-break space is content
 * ```
 */
export function isJsonWhitespace(code: number): boolean {
  return (
    code === SPACE ||
    code === TAB ||
    code === LINE_FEED ||
    code === CARRIAGE_RETURN
  );
}

/**
 * `text` without the JSON whitespace at its start and end; any other
 * character (a BOM, a no-break space, a form feed) is kept.
 *
 * @example
 * ```ts
 * trimJsonWhitespace(' \t{"a":1}\r'); // '{"a":1}'
 * trimJsonWhitespace('\f'); // '\f'
 * ```
 */
export function trimJsonWhitespace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isJsonWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isJsonWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
