import { describe, expect, it } from 'vitest';
import type { FailedVerdict } from '#shared/firehose/types.js';
import {
  looksReingested,
  markerLine,
  readReingested,
} from '#shared/reingest/reingestMarker.js';

const keys = { year: '2026', month: '03', dt: '2026-03-01' };
const output = Buffer.from('{"a":1}\n{"b":2}\n');

describe('markerLine', () => {
  it('is one JSON line naming the project, the version and the keys', () => {
    // Prepare
    const expected = `{"reingestedBy":"firehose-processors","version":1,"partitionKeys":${JSON.stringify(keys)}}\n`;

    // Act
    const line = markerLine(keys).toString('utf8');

    // Assess
    expect(line).toBe(expected);
    expect(JSON.parse(line)).toEqual({
      reingestedBy: 'firehose-processors',
      version: 1,
      partitionKeys: keys,
    });
  });
});

describe('readReingested', () => {
  it('gives back the output and the keys of a marked record', () => {
    // Prepare
    const marked = Buffer.concat([markerLine(keys), output]);

    // Act
    const read = readReingested(marked);

    // Assess
    expect(read).toEqual({ payload: output, partitionKeys: keys });
    expect(looksReingested(marked.toString('base64'))).toBe(true);
  });

  it('reads a marker without keys (a function that does not partition)', () => {
    // Prepare
    const marked = Buffer.concat([markerLine(), output]);

    // Act
    const read = readReingested(marked);

    // Assess
    expect(read).toEqual({ payload: output, partitionKeys: undefined });
  });

  it('leaves ordinary data alone', () => {
    // Prepare
    const data = Buffer.from('{"reingestedBy":"someone else"}\n');

    // Act
    const read = readReingested(data);

    // Assess
    expect(read).toBe(undefined);
    expect(looksReingested(data.toString('base64'))).toBe(false);
    expect(looksReingested(output.toString('base64'))).toBe(false);
  });

  it.each([
    ['keys that could climb the S3 prefix', '"partitionKeys":{"year":".."}'],
    ['a key with a slash', '"partitionKeys":{"year":"2026/../x"}'],
    ['empty keys', '"partitionKeys":{}'],
    ['an unknown field', '"hops":2'],
  ])('refuses a marker with %s', (_what, extra) => {
    // Prepare
    const data = Buffer.from(
      `{"reingestedBy":"firehose-processors","version":1,${extra}}\n{}\n`,
    );

    // Act
    const read = readReingested(data) as FailedVerdict;

    // Assess
    expect(read.result).toBe('ProcessingFailed');
    expect(read.reason).toBe('invalid-reingest-marker');
  });

  it('refuses a marker of another version or that is not JSON', () => {
    // Prepare
    const inputs = [
      '{"reingestedBy":"firehose-processors","version":2}\n',
      '{"reingestedBy":"firehose-processors",version:1}\n',
      `{"reingestedBy":"firehose-processors"${' '.repeat(5000)}`,
    ];

    // Act
    const reasons = inputs.map(
      (text) => (readReingested(Buffer.from(text)) as FailedVerdict).reason,
    );

    // Assess
    expect(reasons).toEqual([
      'invalid-reingest-marker',
      'invalid-reingest-marker',
      'invalid-reingest-marker',
    ]);
  });
});
