import { describe, expect, it } from 'vitest';
import { transformRecord } from '#shared/pipeline/transformRecord.js';
import { parseJsonLines } from '#shared/records/jsonLines.js';
import { trimJsonWhitespace } from '#shared/records/jsonWhitespace.js';
import { reasonOf } from '../../helpers/errors.js';
import { b64, firehoseRecord } from '../../helpers/records.js';

// Every character String.prototype.trim strips that JSON does not count as
// whitespace (issue 10, "Content silently altered").
const NOT_JSON_WHITESPACE = [
  '\u000b',
  '\u000c',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2005',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
];

describe('trimJsonWhitespace', () => {
  it('trims space, tab, CR and LF only', () => {
    // Act
    const trimmed = trimJsonWhitespace(' \t\r\n{"a":1}\n\r\t ');

    // Assess
    expect(trimmed).toBe('{"a":1}');
  });

  it.each(NOT_JSON_WHITESPACE)('keeps U+%s', (char) => {
    // Prepare
    const text = `${char}{"a":1}${char}`;

    // Act
    const trimmed = trimJsonWhitespace(text);

    // Assess
    expect(trimmed).toBe(text);
  });
});

describe('parseJsonLines around lines', () => {
  it.each(NOT_JSON_WHITESPACE.filter((c) => c !== '\ufeff'))(
    'fails invalid-json for a line wrapped in U+%s instead of dropping it',
    (char) => {
      // Prepare
      const text = `{"a":1}\n${char}{"b":2}${char}\n`;

      // Act
      const reason = reasonOf(() => parseJsonLines(text));

      // Assess
      expect(reason).toBe('invalid-json');
    },
  );

  it('keeps a BOM that is not at the start of the record: invalid-json', () => {
    // Prepare
    const record = firehoseRecord('{"a":1}\n\ufeff{"b":2}');

    // Act
    const verdict = transformRecord(record, []);

    // Assess
    expect(verdict).toMatchObject({
      result: 'ProcessingFailed',
      reason: 'invalid-json',
    });
  });

  it('strips a BOM at the start of the record', () => {
    // Prepare
    const record = firehoseRecord('\ufeff{"a":1}\n{"b":2}');

    // Act
    const verdict = transformRecord(record, []);

    // Assess
    expect(verdict).toEqual({ result: 'Ok', data: b64('{"a":1}\n{"b":2}\n') });
  });

  it('answers a lone form feed invalid-json, not empty-record', () => {
    // Act
    const reason = reasonOf(() => parseJsonLines('\f'));

    // Assess
    expect(reason).toBe('invalid-json');
  });

  it('still trims spaces, tabs and CR around lines', () => {
    // Act
    const lines = parseJsonLines(' {"a":1}\t\r\n\t[2] \r\n').lines;

    // Assess
    expect(lines.map((line) => line.text)).toEqual(['{"a":1}', '[2]']);
  });
});
