import { describe, expect, it } from 'vitest';
import { formatCsvRow, readCsvRows } from '#shared/formats/csv.js';
import { coerce, createCsvLineBuilder } from '#shared/formats/csvValues.js';

describe('readCsvRows', () => {
  it('reads quoted fields, doubled quotes, delimiters and line breaks inside quotes', () => {
    // Prepare
    const text = 'a,"b ""c"", d"\r\n"x\ny",\n';

    // Act
    const rows = readCsvRows(text, ',');

    // Assess
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b "c", d'] },
      { line: 2, fields: ['x\ny', ''] },
    ]);
  });

  it('skips empty lines and counts lines for the next row', () => {
    // Act
    const rows = readCsvRows('\n\r\na\n\nb', ',');

    // Assess
    expect(rows).toEqual([
      { line: 3, fields: ['a'] },
      { line: 5, fields: ['b'] },
    ]);
  });

  it('uses another delimiter', () => {
    // Act
    const rows = readCsvRows('a\tb,c\t"d\te"', '\t');

    // Assess
    expect(rows).toEqual([{ line: 1, fields: ['a', 'b,c', 'd\te'] }]);
  });

  it.each([
    [
      'a,"b',
      { line: 1, column: 3, expected: 'a closing quote for this field' },
    ],
    [
      'a,b"c',
      { line: 1, column: 4, expected: 'no quote inside an unquoted field' },
    ],
    [
      'a,"b"c',
      {
        line: 1,
        column: 6,
        expected: 'a delimiter or a line end after the closing quote',
      },
    ],
    ['a\rb', { line: 1, column: 2, expected: 'LF after CR' }],
  ])('reports %j with line and column', (text, error) => {
    // Act
    const rows = readCsvRows(text, ',');

    // Assess
    expect(rows[0]).toEqual(error);
  });

  it('resumes on the next line after a row that does not parse', () => {
    // Act
    const rows = readCsvRows('ok,1\nbad"x,2\nok,3', ',');

    // Assess
    expect(rows).toEqual([
      { line: 1, fields: ['ok', '1'] },
      { line: 2, column: 4, expected: 'no quote inside an unquoted field' },
      { line: 3, fields: ['ok', '3'] },
    ]);
  });

  it('reads back what formatCsvRow writes', () => {
    // Prepare
    const fields = ['', 'a"b', 'c,d', 'e\r\nf', 'plain'];

    // Act
    const rows = readCsvRows(formatCsvRow(fields, ','), ',');

    // Assess
    expect(rows).toEqual([{ line: 1, fields }]);
  });
});

describe('coerce', () => {
  it.each([
    ['', ['null', 'integer'], { text: 'null', value: null }],
    ['true', ['boolean'], { text: 'true', value: true }],
    ['-12', ['integer'], { text: '-12', value: -12 }],
    ['1.5e3', ['number'], { text: '1.5e3', value: 1500 }],
    [
      '12345678901234567890123',
      ['integer'],
      {
        text: '12345678901234567890123',
        value: Number('12345678901234567890123'),
      },
    ],
  ] as const)('reads %j as %j', (field, types, expected) => {
    // Act
    const out = coerce(field, types);

    // Assess
    expect(out).toEqual(expected);
  });

  it.each([
    ['1.5', ['integer']],
    ['007', ['integer', 'number']],
    ['+1', ['number']],
    ['.5', ['number']],
    ['True', ['boolean']],
    ['', ['integer']],
  ] as const)('leaves %j a string for %j', (field, types) => {
    // Act
    const out = coerce(field, types);

    // Assess
    expect(out).toBeUndefined();
  });
});

describe('createCsvLineBuilder', () => {
  it('writes keys in column order and coerces only columns that do not accept strings', () => {
    // Prepare
    const build = createCsvLineBuilder(
      ['id', 'n', 'ts', 'flag', '__proto__'],
      [undefined, ['integer'], ['string', 'number'], ['boolean'], undefined],
    );

    // Act
    const line = build(['a"\n', '12', '1700000000', 'maybe', 'x']);

    // Assess
    expect(line.text).toBe(
      '{"id":"a\\"\\n","n":12,"ts":"1700000000","flag":"maybe","__proto__":"x"}',
    );
    expect(JSON.parse(line.text)).toEqual(
      JSON.parse(JSON.stringify(line.value)),
    );
  });
});
