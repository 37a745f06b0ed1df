import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordError } from '#shared/errors.js';
import { parseJsonLines } from '#shared/records/jsonLines.js';
import { readJsonValues } from '#shared/records/jsonValues.js';

// A 6 MB request of ~100k tiny plain-text records took ~11 s: each paid
// two JSON.parse SyntaxErrors (~25-50 µs each, the message quotes the
// input) and a RecordError stack trace. The answers must not change.
describe('plain-text records fail invalid-json without JSON.parse errors', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['x', 'line 1: not valid JSON'],
    ['Hello World', 'line 1: not valid JSON'],
    ['64.242.88.10 - - [07/Mar/2004:16:10:02 -0800]', undefined],
    ['{"a":1}\nplain text\n', 'line 2: not valid JSON'],
    ['<14>1 - - - - - - msg', 'line 1: not valid JSON'],
  ])('%j', (text, detail) => {
    // Prepare: what JSON.parse itself would say, before the spy.
    let expected: RecordError | undefined;
    try {
      parseJsonLines(text);
    } catch (error) {
      expected = error as RecordError;
    }
    const parse = vi.spyOn(JSON, 'parse');

    // Act
    let thrown: unknown;
    try {
      parseJsonLines(text);
    } catch (error) {
      thrown = error;
    }

    // Assess: the same failure; no JSON.parse call threw for the plain line.
    expect(thrown).toBeInstanceOf(RecordError);
    expect((thrown as RecordError).reason).toBe('invalid-json');
    expect((thrown as RecordError).detail).toBe(expected?.detail);
    if (detail !== undefined) {
      expect((thrown as RecordError).detail).toBe(detail);
      const threw = parse.mock.results.filter((r) => r.type === 'throw');
      expect(threw).toEqual([]);
    }
  });

  it('does not call JSON.parse on a bare token that cannot start a value', () => {
    // Prepare
    const parse = vi.spyOn(JSON, 'parse');

    // Act / Assess
    expect(readJsonValues('{"a":1} hello')).toBeUndefined();
    expect(parse).toHaveBeenCalledTimes(1);
    expect(readJsonValues('{"a":1} 12')?.map((v) => v.text)).toEqual([
      '{"a":1}',
      '12',
    ]);
  });

  it('RecordError captures no stack trace (it is always an answer, never a logged stack)', () => {
    // Act
    const error = new RecordError('invalid-json', 'line 1: not valid JSON');

    // Assess
    expect(error.stack?.split('\n')).toHaveLength(1);
    expect(error.message).toBe('invalid-json: line 1: not valid JSON');
    expect(Error.stackTraceLimit).toBeGreaterThan(0);
  });
});
