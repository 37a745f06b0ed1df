import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanOutput } from '#shared/pipeline/scanRecord.js';
import { isJsonLinesBytes } from '#shared/records/canonicalLines.js';
import {
  resetNonAscii,
  Scan,
  sawNonAscii,
  scanJson,
} from '#shared/records/jsonScan.js';

// isUtf8 runs only for records with a byte of 0x80 or above: the scanner
// notes them in the strings it reads. Records here have strings of every
// length (the word scan starts after 40 bytes) holding valid and invalid
// UTF-8 at any position, and lone high bytes outside strings.

const stringByte = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  fc.integer({ min: 0x80, max: 0xff }),
  fc.constantFrom(0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80),
);
const jsonString = fc
  .array(stringByte, { maxLength: 120 })
  .map((codes) =>
    Buffer.from([0x22, ...codes.filter((c) => c !== 0x22 && c !== 0x5c), 0x22]),
  );
const record = fc
  .tuple(
    fc.array(fc.tuple(jsonString, jsonString), { maxLength: 4 }),
    fc.boolean(),
    fc.option(fc.integer({ min: 0x80, max: 0xff }), { freq: 5 }),
    fc.nat(60),
  )
  .map(([fields, newline, stray, at]) => {
    const parts: Buffer[] = [Buffer.from('{')];
    fields.forEach(([key, value], i) => {
      if (i > 0) parts.push(Buffer.from(','));
      parts.push(key, Buffer.from(':'), value);
    });
    parts.push(Buffer.from(newline ? '}\n' : '}'));
    const bytes = Buffer.concat(parts);
    if (stray === null) return bytes;
    // A high byte anywhere, inside a string or not.
    const copy = Buffer.from(bytes);
    copy[at % copy.length] = stray;
    return copy;
  });

describe('the scanner’s non-ASCII note (property)', () => {
  it('is true after a valid scan exactly when the record has a byte of 0x80 or above', () => {
    fc.assert(
      fc.property(record, fc.nat(7), (bytes, offset) => {
        // Prepare: at any byteOffset, as decoded records are
        const inner = Buffer.concat([Buffer.alloc(offset), bytes]).subarray(
          offset,
        );
        const capture = { start: -1, end: -1, topIsObject: false };
        const end =
          inner[inner.length - 1] === 0x0a ? inner.length - 1 : inner.length;

        // Act
        resetNonAscii();
        const scan = scanJson(inner, 0, end, undefined, capture);

        // Assess
        if (scan === Scan.valid) {
          expect(sawNonAscii()).toBe(inner.some((b) => b >= 0x80));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('notes one high byte anywhere in a long ASCII string', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.nat(199),
        fc.integer({ min: 0x80, max: 0xff }),
        fc.nat(7),
        (length, at, high, offset) => {
          // Prepare
          const text = Buffer.alloc(length, 0x61);
          text[at % length] = high;
          const bytes = Buffer.concat([
            Buffer.alloc(offset),
            Buffer.from('{"k":"'),
            text,
            Buffer.from('"}'),
          ]).subarray(offset);
          const capture = { start: -1, end: -1, topIsObject: false };

          // Act
          resetNonAscii();
          const scan = scanJson(bytes, 0, bytes.length, undefined, capture);

          // Assess
          expect(scan).toBe(Scan.valid);
          expect(sawNonAscii()).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('leaves the transform’s fast path accepting what isUtf8 and the scanner accept', () => {
    fc.assert(
      fc.property(record, (bytes) => {
        // Act
        const out = scanOutput({ data: bytes.toString('base64') }, bytes);

        // Assess
        expect(out !== undefined).toBe(
          isUtf8(bytes) && isJsonLinesBytes(bytes),
        );
      }),
      { numRuns: 3000 },
    );
  });
});
