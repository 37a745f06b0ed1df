import { describe, expect, it } from 'vitest';
import { type FieldCapture, Scan, scanJson } from '#shared/records/jsonScan.js';
import {
  scanString,
  scanStringBytewise,
} from '#shared/records/jsonStringScan.js';

// What can sit in a string, one token at a time: what ends it, what makes
// it invalid, escapes (valid and not), and plain bytes on either side of
// the word test's thresholds.
const TOKENS = [
  '"',
  '\\',
  '\\"',
  '\\\\',
  '\\n',
  '\\u00e9',
  '\\u00g9',
  '\\x',
  '\u0000',
  '\u0001',
  '\n',
  '\u001f',
  ' ',
  '!',
  '#',
  '[',
  ']',
  '\u007f',
  'é',
  '😀',
];
const PLAIN = 'the parcel arrived two days late but support was quick, ';

/** `text` at `shift` bytes into a buffer whose other bytes are quotes. */
function placed(text: string, shift: number, slack = 4): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  const buffer = new ArrayBuffer(shift + bytes.length + slack);
  new Uint8Array(buffer).fill(0x22);
  const view = new Uint8Array(buffer, shift, bytes.length);
  view.set(bytes);
  return view;
}

describe('scanString', () => {
  it.each([
    ['"abc"', 5],
    ['"a\\"b",1', 6],
    ['"\\u00e9"', 8],
    ['"tab\there"', -1],
    ['"unclosed', -1],
    ['"ends in a backslash\\', -1],
    ['"\\u12"', -1],
    ['""', 2],
  ])('reads %j (ends at %d)', (text, expected) => {
    // Prepare
    const bytes = Buffer.from(text, 'utf8');

    // Act
    const result = scanString(bytes, 0, bytes.length);

    // Assess
    expect(result).toBe(expected);
  });

  it('agrees with the byte loop for every token at every position and alignment', () => {
    // Prepare
    const mismatches: string[] = [];

    // Act
    for (const token of TOKENS) {
      for (let at = 0; at <= 90; at++) {
        const text = `"${PLAIN.repeat(3).slice(0, at)}${token}${PLAIN}"`;
        for (let shift = 0; shift < 8; shift++) {
          const bytes = placed(text, shift);
          const got = scanString(bytes, 0, bytes.length);
          const want = scanStringBytewise(bytes, 0, bytes.length);
          if (got !== want) mismatches.push(`${token} at ${at} +${shift}`);
        }
      }
    }

    // Assess
    expect(mismatches).toEqual([]);
  });

  it('never reads at or past `end`, wherever the range is cut', () => {
    // Prepare: a long string whose closing quote lies past every cut; the
    // bytes after the cut are quotes, in the view and in its buffer.
    const text = `"${PLAIN.repeat(3)}\\"${PLAIN}`;
    const mismatches: string[] = [];

    // Act
    for (let shift = 0; shift < 8; shift++) {
      const bytes = placed(`${text}"""""""`, shift, 8);
      for (let end = 1; end <= Buffer.byteLength(text); end++) {
        const got = scanString(bytes, 0, end);
        if (got !== -1) mismatches.push(`end ${end} +${shift}: ${got}`);
      }
    }

    // Assess
    expect(mismatches).toEqual([]);
  });

  it('does not read past the bytes into their buffer', () => {
    // Prepare: an unclosed string at the end of a view over a larger
    // buffer that holds a quote right after the view.
    const bytes = placed(`"${PLAIN.repeat(2)}`, 3, 8);

    // Act
    const result = scanString(bytes, 0, bytes.length + 8);

    // Assess
    expect(result).toBe(-1);
  });

  it('reads two views of one buffer, and a buffer changed in between', () => {
    // Prepare
    const text = `"${PLAIN.repeat(2)}"`;
    const length = Buffer.byteLength(text);
    const buffer = new ArrayBuffer(2 * length + 8);
    const first = new Uint8Array(buffer, 1, length);
    const second = new Uint8Array(buffer, length + 6, length);
    first.set(Buffer.from(text));
    second.set(Buffer.from(text));

    // Act
    const a = scanString(first, 0, length);
    const b = scanString(second, 0, length);
    first[40] = 0x0a;
    const c = scanString(first, 0, length);
    first[40] = 0x22;
    const d = scanString(first, 0, length);

    // Assess
    expect([a, b, c, d]).toEqual([length, length, -1, 41]);
  });

  it('reads a resizable buffer after it grows and shrinks', () => {
    // Prepare
    const Resizable = ArrayBuffer as unknown as new (
      length: number,
      options: { maxByteLength: number },
    ) => ArrayBuffer & { resize(length: number): void };
    const buffer = new Resizable(8, { maxByteLength: 4096 });
    const bytes = new Uint8Array(buffer);
    const long = Buffer.from(`"${PLAIN.repeat(4)}"`);

    // Act
    bytes.set(Buffer.from('"short"'));
    const before = scanString(bytes, 0, bytes.length);
    buffer.resize(long.length);
    bytes.set(long);
    const grown = scanString(bytes, 0, bytes.length);
    buffer.resize(long.length - 10);
    const shrunk = scanString(bytes, 0, bytes.length);

    // Assess
    expect([before, grown, shrunk]).toEqual([7, long.length, -1]);
  });
});

describe('scanJson with long strings', () => {
  it('reads a record of a large buffer, then small ones', () => {
    // Prepare
    const big = Buffer.from(`{"body":"${PLAIN.repeat(2000)}"}`);
    const small = Buffer.from(
      Buffer.from(`{"body":"${PLAIN.repeat(2)}\\u00e9"}`).toString('base64'),
      'base64',
    );
    const capture: FieldCapture = { start: -1, end: -1, topIsObject: false };

    // Act
    const first = scanJson(big, 0, big.length, undefined, capture);
    const second = scanJson(small, 0, small.length, undefined, capture);
    const third = scanJson(big, 0, big.length - 2, undefined, capture);

    // Assess
    expect([first, second, third]).toEqual([
      Scan.valid,
      Scan.valid,
      Scan.invalid,
    ]);
  });
});
