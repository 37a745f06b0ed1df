import { describe, expect, it } from 'vitest';
import { splitLines } from '#shared/reingest/splitLines.js';

const text = (pieces: Buffer[] | undefined) =>
  pieces?.map((piece) => piece.toString('utf8'));

describe('splitLines', () => {
  it('keeps output that fits in one piece', () => {
    // Prepare
    const data = Buffer.from('{"a":1}\n{"b":2}\n');

    // Act
    const pieces = splitLines(data, data.length);

    // Assess
    expect(text(pieces)).toEqual(['{"a":1}\n{"b":2}\n']);
  });

  it('cuts at line ends, never inside a line, and loses nothing', () => {
    // Prepare
    const lines = Array.from({ length: 50 }, (_, i) => `{"n":${i}}\n`);
    const data = Buffer.from(lines.join(''));

    // Act
    const pieces = splitLines(data, 30) ?? [];

    // Assess
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(30);
      expect(piece.toString('utf8').endsWith('\n')).toBe(true);
    }
    // Greedy: the next piece's first line would not have fitted.
    for (let i = 0; i + 1 < pieces.length; i++) {
      const next = pieces[i + 1] as Buffer;
      const firstLine = next.indexOf(0x0a) + 1;
      expect((pieces[i] as Buffer).length + firstLine).toBeGreaterThan(30);
    }
  });

  it('gives up on a line longer than a piece', () => {
    // Prepare
    const data = Buffer.from(`{"a":1}\n{"long":"${'x'.repeat(40)}"}\n`);

    // Act
    const pieces = splitLines(data, 30);

    // Assess
    expect(pieces).toBe(undefined);
  });

  it('gives nothing for empty output', () => {
    // Prepare
    const data = Buffer.alloc(0);

    // Act
    const pieces = splitLines(data, 30);

    // Assess
    expect(pieces).toEqual([]);
  });
});
