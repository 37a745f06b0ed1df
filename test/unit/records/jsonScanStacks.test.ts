import { describe, expect, it } from 'vitest';
import { type FieldCapture, Scan, scanJson } from '#shared/records/jsonScan.js';

function scan(text: string, path?: readonly string[]) {
  const bytes = Buffer.from(text, 'utf8');
  const capture: FieldCapture = { start: -1, end: -1, topIsObject: false };
  const result = scanJson(
    bytes,
    0,
    bytes.length,
    path?.map((segment) => Buffer.from(segment, 'utf8')),
    capture,
  );
  return { result, capture, bytes };
}

describe('scanJson stacks', () => {
  it('reads a shallow record alike after a deeply nested one', () => {
    // Prepare
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const unclosed = `${'{"a":'.repeat(3000)}1`;

    // Act
    const first = scan(deep);
    const second = scan(unclosed, ['a']);
    const third = scan('{"a":{"t":7},"t":"x"}', ['a', 't']);

    // Assess
    expect(first.result).toBe(Scan.valid);
    expect(second.result).toBe(Scan.invalid);
    expect(third.result).toBe(Scan.valid);
    expect(
      third.bytes.toString('utf8', third.capture.start, third.capture.end),
    ).toBe('7');
  });

  it('does not carry a seen key from one scan into the next', () => {
    // Act: a repeated key on the path is uncertain; a single one is not.
    const repeated = scan('{"a":{},"a":{"t":1}}', ['a', 't']);
    const single = scan('{"a":{"t":1}}', ['a', 't']);

    // Assess
    expect(repeated.result).toBe(Scan.uncertain);
    expect(single.result).toBe(Scan.valid);
  });
});
