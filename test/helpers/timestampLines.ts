import fc from 'fast-check';

/**
 * JSON object lines for the partition readers' property tests: some of
 * `filler`'s fields, and (mostly) the event time `time` as `t` or
 * `meta.t`, placed anywhere among them; sometimes repeated after them
 * (JSON.parse keeps the last), or followed by a key that is the path's
 * own but escaped (`\u0074`), which the byte scanner must not follow.
 *
 * @example
 * ```ts
 * fc.sample(timestampLine(fc.constant('1'), fc.constant('"a":1')), 1); // e.g. ['{"a":1,"t":1}']
 * ```
 */
export function timestampLine(
  time: fc.Arbitrary<string>,
  filler: fc.Arbitrary<string>,
): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(filler, { maxLength: 3 }),
      fc.option(time, { freq: 8 }),
      fc.boolean(),
      fc.nat(4),
    )
    .map(([fields, value, nested, dup]) => {
      const parts: string[] = [...fields];
      if (value !== null) {
        const field = nested ? `"meta":{"t":${value}}` : `"t":${value}`;
        parts.splice(dup % (parts.length + 1), 0, field);
        if (dup === 3) parts.push(nested ? '"meta":{"u":1}' : `"t":${value}`);
        if (dup === 4) parts.push(nested ? '"me\\u0074a":{}' : '"\\u0074":1');
      }
      return `{${parts.join(',')}}`;
    });
}
