import { describe, expect, it } from 'vitest';
import { transformRecord } from '#shared/pipeline/transformRecord.js';
import { parseJsonLines } from '#shared/records/jsonLines.js';
import { readJsonValues } from '#shared/records/jsonValues.js';
import { reasonOf } from '../../helpers/errors.js';
import { b64, firehoseRecord, unb64 } from '../../helpers/records.js';

function texts(input: string): string[] | undefined {
  return readJsonValues(input)?.map((value) => value.text);
}

describe('readJsonValues', () => {
  it.each([
    ['a pretty-printed document', '{\n  "a": 1\n}', ['{"a":1}']],
    [
      'a pretty-printed document with a final newline',
      '{\n  "a": 1\n}\n',
      ['{"a":1}'],
    ],
    ['values with no separator', '{"a":1}{"b":2}', ['{"a":1}', '{"b":2}']],
    [
      'values with spaces and tabs between them',
      '{"a":1} \t {"b":2}',
      ['{"a":1}', '{"b":2}'],
    ],
    [
      'pretty-printed documents one after another',
      '{\r\n  "a": [\r\n    1,\r\n    2\r\n  ]\r\n}\r\n{\n\t"b": {}\n}\n',
      ['{"a":[1,2]}', '{"b":{}}'],
    ],
    ['arrays and strings back to back', '[1]"x"[2]', ['[1]', '"x"', '[2]']],
    [
      'bare values separated by whitespace',
      '1 true\nnull',
      ['1', 'true', 'null'],
    ],
  ])('reads %s', (_name, input, expected) => {
    // Act
    const out = texts(input);

    // Assess
    expect(out).toEqual(expected);
  });

  it('keeps strings, escapes, digits and key order exactly', () => {
    // Prepare
    const input =
      '{\n  "z": "a  b\\n\\u00e9 {}",\n  "n": 12345678901234567890123,\n  "f": 1.50e+3,\n  "a": "\\"}"\n}';

    // Act
    const out = texts(input);

    // Assess
    expect(out).toEqual([
      '{"z":"a  b\\n\\u00e9 {}","n":12345678901234567890123,"f":1.50e+3,"a":"\\"}"}',
    ]);
  });

  it.each([
    ['two bare tokens with nothing between them', '1true'],
    ['an invalid value whose whitespace removal would make it valid', '[1 2]'],
    ['a word split by a space', '{"a":tr ue}'],
    ['an unclosed object', '{"a":1'],
    ['an unclosed string', '"abc'],
    ['a stray closing bracket', ']'],
    ['a comma between values', '{},{}'],
    ['a form feed between values', '{}\f{}'],
    ['a no-break space between values', '{}\u00a0{}'],
    ['only whitespace', ' \n\t'],
  ])('declines %s', (_name, input) => {
    // Act
    const out = readJsonValues(input);

    // Assess
    expect(out).toBe(undefined);
  });

  it('reads deep nesting without recursion', () => {
    // Prepare
    const depth = 100_000;
    const input = `${'['.repeat(depth)}${']'.repeat(depth)} {}`;

    // Act
    const out = () => readJsonValues(input);

    // Assess: JSON.parse's own limit may refuse it, but nothing overflows here.
    expect(out).not.toThrow(RangeError);
  });
});

describe('transformRecord with producer framings', () => {
  it('answers a pretty-printed document as one newline-terminated line', () => {
    // Prepare
    const record = firehoseRecord('{\n  "a": 1,\n  "b": [true, null]\n}\n');

    // Act
    const verdict = transformRecord(record, []);

    // Assess
    expect(verdict).toEqual({
      result: 'Ok',
      data: b64('{"a":1,"b":[true,null]}\n'),
    });
  });

  it('answers concatenated values one per line', () => {
    // Prepare
    const record = firehoseRecord('{"a":1}{"b":2} {"c":3}');

    // Act
    const verdict = transformRecord(record, []);

    // Assess
    expect(verdict.result).toBe('Ok');
    expect(unb64((verdict as { data: string }).data)).toBe(
      '{"a":1}\n{"b":2}\n{"c":3}\n',
    );
  });

  it('keeps a JSON Lines record that parses line by line exactly as sent', () => {
    // Prepare: inner spaces are kept when the record is already JSON Lines.
    const record = firehoseRecord('{"a": 1}\n{"b": 2}\n');

    // Act
    const verdict = transformRecord(record, []);

    // Assess
    expect(verdict).toEqual({ result: 'Ok', data: record.data });
  });

  it('reports the JSON Lines error when the record is no framing either', () => {
    // Act
    const reason = reasonOf(() => parseJsonLines('{"a":1}\n{"b":2'));

    // Assess
    expect(reason).toBe('invalid-json');
  });
});
