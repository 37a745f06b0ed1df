import { describe, expect, it } from 'vitest';
import type { RecordError } from '#shared/errors.js';
import { joinJsonLines, parseJsonLines } from '#shared/records/jsonLines.js';
import { reasonOf } from '../../helpers/errors.js';

function texts(input: string): string[] {
  return parseJsonLines(input).lines.map((line) => line.text);
}

describe('parseJsonLines', () => {
  it('parses one object without a trailing newline as one line', () => {
    // Act
    const parsed = parseJsonLines('{"a":1}');

    // Assess
    expect(parsed.lines).toEqual([{ text: '{"a":1}', value: { a: 1 } }]);
    expect(parsed.canonical).toBe(false);
  });

  it('marks newline-terminated JSON Lines as canonical', () => {
    // Act
    const parsed = parseJsonLines('{"a":1}\n{"b":2}\n');

    // Assess
    expect(parsed.canonical).toBe(true);
    expect(parsed.lines.map((l) => l.text)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it.each([
    ['CRLF line endings', '{"a":1}\r\n{"b":2}\r\n'],
    ['blank lines', '{"a":1}\n\n{"b":2}\n'],
    ['surrounding whitespace', ' {"a":1}\t\n{"b":2}\n'],
    ['a leading BOM', '\uFEFF{"a":1}\n{"b":2}\n'],
    ['no final newline', '{"a":1}\n{"b":2}'],
  ])('normalises %s but keeps each line as sent', (_, input) => {
    // Act
    const parsed = parseJsonLines(input);

    // Assess
    expect(parsed.canonical).toBe(false);
    expect(parsed.lines.map((l) => l.text)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('keeps the text of big integers and escapes unaltered', () => {
    // Prepare
    const line = '{"id":12345678901234567890123,"s":"\\u00e9","f":1.0}';

    // Act
    const result = texts(`${line}\n`);

    // Assess
    expect(result).toEqual([line]);
  });

  it('accepts any JSON value per line, not only objects', () => {
    // Act
    const result = texts('42\n"text"\n[1,2]\nnull\n');

    // Assess
    expect(result).toEqual(['42', '"text"', '[1,2]', 'null']);
  });

  it.each([
    ['an empty record', ''],
    ['only whitespace', ' \n\r\n\t'],
    ['only a BOM', '\uFEFF'],
  ])('rejects %s as empty-record', (_, input) => {
    // Act
    const reason = reasonOf(() => parseJsonLines(input));

    // Assess
    expect(reason).toBe('empty-record');
  });

  it.each([
    ['plain text', 'hello world'],
    ['truncated JSON', '{"a":'],
    ['two bare values with nothing between them', '1true'],
    ['a closing bracket too many', '{"a":1}}'],
    ['values separated by a comma', '{"a":1},{"b":2}'],
    ['a bad second line', '{"a":1}\n{oops}\n'],
    ['NaN', '{"a":NaN}'],
  ])('rejects %s as invalid-json', (_, input) => {
    // Act
    const reason = reasonOf(() => parseJsonLines(input));

    // Assess
    expect(reason).toBe('invalid-json');
  });

  it('names the line and position but not the content of invalid JSON', () => {
    // Act
    let message = '';
    try {
      parseJsonLines('{"a":1}\n{"secret":"hunter2",}\n');
    } catch (error) {
      message = (error as RecordError).detail;
    }

    // Assess
    expect(message).toMatch(/^line 2: not valid JSON/);
    expect(message).not.toContain('hunter2');
  });
});

describe('joinJsonLines', () => {
  it('ends every line, including the last, with exactly one newline', () => {
    // Prepare
    const lines = parseJsonLines('{"a":1}\r\n\r\n{"b":2}').lines;

    // Act
    const joined = joinJsonLines(lines);

    // Assess
    expect(joined).toBe('{"a":1}\n{"b":2}\n');
  });
});
