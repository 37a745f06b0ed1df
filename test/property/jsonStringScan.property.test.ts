import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FieldCapture, Scan, scanJson } from '#shared/records/jsonScan.js';
import {
  scanString,
  scanStringBytewise,
} from '#shared/records/jsonStringScan.js';

const QUOTE = 0x22;

// Runs of plain text (ASCII, multi-byte UTF-8) between the bytes that
// matter to a string scan: quotes, backslashes, escapes good and bad,
// control bytes, DEL and bytes at 0x80 and above.
const plain = fc.string({
  unit: fc.constantFrom(...'abcxyz ABC019,.:;!#$%&*+-/<=>?@[]^_`{|}~é€😀'),
  minLength: 1,
  maxLength: 60,
});
const special = fc.constantFrom(
  '"',
  '\\',
  '\\"',
  '\\\\',
  '\\/',
  '\\b',
  '\\n',
  '\\t',
  '\\u00e9',
  '\\uD83D',
  '\\u12',
  '\\u12g4',
  '\\x',
  '\\ ',
  '\\é',
  '\u0000',
  '\u0001',
  '\t',
  '\n',
  '\u001f',
  ' ',
  '!',
  '#',
  '\u007f',
  'é',
);
const body = fc
  .array(fc.oneof({ weight: 4, arbitrary: plain }, special), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));
// What follows the body: a closing quote or not, then more text.
const tail = fc.constantFrom('"', '"}', '",', '"abc"', '', '}', '\\');

interface Placed {
  bytes: Uint8Array;
  from: number;
  end: number;
}

/**
 * `text` in a Uint8Array at `shift` bytes into an ArrayBuffer, after
 * `lead` bytes, its range cut after `cut` bytes of `text`; everything of
 * the buffer outside the text (before it, after the cut, past the view's
 * end) is a quote, so a scan that reads outside its range is caught.
 */
function place(
  text: Uint8Array,
  shift: number,
  lead: number,
  cut: number,
  after: number,
  slack: number,
): Placed {
  const length = lead + cut + after;
  const buffer = new ArrayBuffer(shift + length + slack);
  new Uint8Array(buffer).fill(QUOTE);
  const bytes = new Uint8Array(buffer, shift, length);
  bytes.set(text.subarray(0, cut), lead);
  return { bytes, from: lead, end: lead + cut };
}

/** The reference: the byte loop on a copy that holds only the range. */
function reference(text: Uint8Array, cut: number): number {
  return scanStringBytewise(Uint8Array.from(text.subarray(0, cut)), 0, cut);
}

function parses(text: string): boolean {
  try {
    return typeof JSON.parse(text) === 'string';
  } catch {
    return false;
  }
}

const placement = fc.record({
  shift: fc.nat(7),
  lead: fc.nat(9),
  after: fc.nat(9),
  slack: fc.nat(9),
  cut: fc.option(fc.nat(), { nil: undefined }),
});

describe('scanString (property)', () => {
  it('ends where the byte loop ends, at any alignment and range end', () => {
    fc.assert(
      fc.property(body, tail, placement, (inside, after, where) => {
        // Prepare
        const text = Buffer.from(`"${inside}${after}`, 'utf8');
        const cut =
          where.cut === undefined ? text.length : 1 + (where.cut % text.length);
        const { bytes, from, end } = place(
          text,
          where.shift,
          where.lead,
          cut,
          where.after,
          where.slack,
        );

        // Act
        const result = scanString(bytes, from, end);

        // Assess
        const expected = reference(text, cut);
        expect(result).toBe(expected === -1 ? -1 : from + expected);
      }),
      { numRuns: 20_000 },
    );
  });

  it('accepts a string exactly when JSON.parse reads one there', () => {
    fc.assert(
      fc.property(body, tail, fc.nat(7), (inside, after, shift) => {
        // Prepare
        const source = `"${inside}${after}`;
        const text = Buffer.from(source, 'utf8');
        const { bytes, from, end } = place(text, shift, 0, text.length, 0, 0);

        // Act
        const result = scanString(bytes, from, end);

        // Assess: the string ends at the first quote that JSON.parse
        // accepts as its end, and at none when it accepts none.
        let first = -1;
        for (let q = 1; q < text.length && first === -1; q++) {
          if (text[q] !== QUOTE) continue;
          if (parses(text.toString('utf8', 0, q + 1))) first = q + 1;
        }
        expect(result).toBe(first);
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads Node Buffers decoded from base64 like the byte loop', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(body, tail), { minLength: 1, maxLength: 6 }),
        (strings) => {
          // Prepare: several strings in one pooled Buffer, as a record.
          const sources = strings.map(
            ([inside, after]) => `"${inside}${after}`,
          );
          const joined = Buffer.from(sources.join(''), 'utf8');
          const bytes = Buffer.from(joined.toString('base64'), 'base64');

          // Act / Assess
          let from = 0;
          for (const source of sources) {
            const length = Buffer.byteLength(source, 'utf8');
            expect(scanString(bytes, from, bytes.length)).toBe(
              scanStringBytewise(bytes, from, bytes.length),
            );
            expect(scanString(bytes, from, from + length)).toBe(
              scanStringBytewise(bytes, from, from + length),
            );
            from += length;
          }
        },
      ),
      { numRuns: 3_000 },
    );
  });
});

describe('scanJson with long strings (property)', () => {
  it('accepts exactly what JSON.parse accepts, wherever the record sits', () => {
    const value = fc.oneof(
      fc.tuple(body, tail).map(([inside, after]) => `"${inside}${after}`),
      fc.integer().map(String),
      fc.constant('null'),
    );
    const record = fc
      .array(fc.tuple(fc.constantFrom('"t"', '"body"', '"a\\u0062"'), value), {
        minLength: 1,
        maxLength: 4,
      })
      .map((fields) => `{${fields.map(([k, v]) => `${k}:${v}`).join(',')}}`);
    fc.assert(
      fc.property(record, placement, (source, where) => {
        // Prepare
        const text = Buffer.from(source, 'utf8');
        const { bytes, from, end } = place(
          text,
          where.shift,
          where.lead,
          text.length,
          where.after,
          where.slack,
        );
        const capture: FieldCapture = {
          start: -1,
          end: -1,
          topIsObject: false,
        };

        // Act
        const result = scanJson(bytes, from, end, undefined, capture);

        // Assess
        let valid = true;
        try {
          JSON.parse(source);
        } catch {
          valid = false;
        }
        expect(result !== Scan.invalid).toBe(valid);
      }),
      { numRuns: 10_000 },
    );
  });
});
