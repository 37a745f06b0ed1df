/**
 * Cut output into pieces of at most `maxBytes`, at line ends (`\n`), so
 * that every piece is whole JSON Lines. Pieces are views of `data` (no
 * copy), in order; together they are exactly `data`. Returns `undefined`
 * when one line alone (with its `\n`) is longer than `maxBytes`.
 *
 * @example
 * ```ts
 * splitLines(Buffer.from('{"a":1}\n{"b":2}\n'), 10); // ['{"a":1}\n', '{"b":2}\n']
 * ```
 */
export function splitLines(
  data: Uint8Array,
  maxBytes: number,
): Buffer[] | undefined {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const pieces: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    if (bytes.length - start <= maxBytes) {
      pieces.push(bytes.subarray(start));
      break;
    }
    // The last line end within the window [start, start + maxBytes).
    const end = bytes.lastIndexOf(0x0a, start + maxBytes - 1);
    if (end < start) return undefined;
    pieces.push(bytes.subarray(start, end + 1));
    start = end + 1;
  }
  return pieces;
}
