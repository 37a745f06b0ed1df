import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64WithNewline } from '#shared/pipeline/scanRecord.js';

describe('base64WithNewline', () => {
  it('equals the base64 of the bytes and a newline, at every size', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc.uint8Array({ minLength: 250, maxLength: 2000 }),
          fc.uint8Array({ minLength: 65_530, maxLength: 65_540 }),
        ),
        (raw) => {
          // Prepare: a view inside a larger buffer, as decoded records are
          const bytes = Buffer.concat([Buffer.from('xx'), raw]).subarray(2);

          // Act
          const out = base64WithNewline(bytes);

          // Assess
          expect(out).toBe(
            Buffer.concat([bytes, Buffer.from('\n')]).toString('base64'),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers a large record, then small ones, each with its own bytes', () => {
    // Prepare
    const large = Buffer.alloc(1_100_000, 0x61);
    const small = Buffer.from('{"a":1}');

    // Act
    const first = base64WithNewline(large);
    const second = base64WithNewline(small);

    // Assess
    expect(Buffer.from(first, 'base64').length).toBe(1_100_001);
    expect(second).toBe(Buffer.from('{"a":1}\n').toString('base64'));
  });
});
