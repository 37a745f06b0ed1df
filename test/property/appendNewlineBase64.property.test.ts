import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendNewlineBase64 } from '#shared/pipeline/scanRecord.js';
import { decodeBase64 } from '#shared/records/decodeData.js';

const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The same bytes written with other (ignored) trailing bits in the last
 * padded group: still strict base64 of those bytes, as decodeBase64 reads it.
 */
function withOtherTrailingBits(data: string, bits: number): string {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  if (padding === 0) return data;
  const at = data.length - padding - 1;
  const unused = padding === 2 ? 15 : 3;
  const value = ALPHABET.indexOf(data[at] as string);
  const other = ALPHABET[(value & ~unused) | (bits & unused)] as string;
  return data.slice(0, at) + other + data.slice(at + 1);
}

describe('appendNewlineBase64', () => {
  it('equals the base64 of the bytes and a newline, re-encoded whole', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc.uint8Array({ minLength: 250, maxLength: 2000 }),
        ),
        fc.nat(15),
        (raw, bits) => {
          // Prepare
          const bytes = Buffer.from(raw);
          const data = withOtherTrailingBits(bytes.toString('base64'), bits);
          expect(decodeBase64(data).equals(bytes)).toBe(true);

          // Act
          const out = appendNewlineBase64(data, bytes);

          // Assess
          expect(out).toBe(
            Buffer.concat([bytes, Buffer.from('\n')]).toString('base64'),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('appends Cg== to a record of a multiple of 3 bytes', () => {
    // Act
    const out = appendNewlineBase64('eyJhIjox', Buffer.from('{"a":1'));

    // Assess
    expect(out).toBe('eyJhIjoxCg==');
  });
});
