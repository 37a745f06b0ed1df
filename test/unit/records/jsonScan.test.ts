import { describe, expect, it } from 'vitest';
import {
  isCanonicalJsonLines,
  scanCanonicalLines,
} from '#shared/records/canonicalLines.js';
import { type FieldCapture, Scan, scanJson } from '#shared/records/jsonScan.js';

function scan(text: string, path?: string[]): [Scan, string | undefined] {
  const bytes = Buffer.from(text);
  const capture: FieldCapture = { start: -1, end: -1, topIsObject: false };
  const result = scanJson(
    bytes,
    0,
    bytes.length,
    path?.map((s) => Buffer.from(s)),
    capture,
  );
  return [
    result,
    capture.start === -1
      ? undefined
      : bytes.toString('utf8', capture.start, capture.end),
  ];
}

describe('scanJson', () => {
  it.each([
    ['-0', true],
    ['01', false],
    ['1.', false],
    ['.5', false],
    ['1e', false],
    ['1E-5', true],
    ['"\\u12"', false],
    ['"\\u00e9"', true],
    ['"tab\tinside"', false],
    ['[1,]', false],
    ['{"a":1,}', false],
    ['{"a"}', false],
    [' [ ] ', true],
    ['tru', false],
    ['null null', false],
    ['{"a":{"b":[1,{"c":null}]}}', true],
    ['\uFEFF{}', false],
    ['\u00a0{}', false],
  ])('judges %j like JSON.parse (valid: %s)', (text, valid) => {
    // Act
    const [result] = scan(text);

    // Assess
    expect(result !== Scan.invalid).toBe(valid);
  });

  it('handles deep nesting without recursion', () => {
    // Prepare
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

    // Act
    const [result] = scan(text);

    // Assess
    expect(result).toBe(Scan.valid);
  });

  it.each([
    [
      'a top-level field',
      '{"x":1,"t":"2026-03-01T10:00:00Z"}',
      ['t'],
      '"2026-03-01T10:00:00Z"',
    ],
    [
      'a nested field',
      '{"meta":{"eventTime":17e8}}',
      ['meta', 'eventTime'],
      '17e8',
    ],
    ['the last of duplicate keys', '{"t":1,"t":2}', ['t'], '2'],
    [
      'nothing when absent',
      '{"meta":{"other":1}}',
      ['meta', 'eventTime'],
      undefined,
    ],
    [
      'nothing inside arrays',
      '{"meta":[{"eventTime":1}]}',
      ['meta', 'eventTime'],
      undefined,
    ],
    ['nothing for a deeper namesake', '{"x":{"t":1}}', ['t'], undefined],
  ])('captures %s', (_, text, path, expected) => {
    // Act
    const [result, field] = scan(text, path);

    // Assess
    expect(result).toBe(Scan.valid);
    expect(field).toBe(expected);
  });

  it.each([
    ['an escaped key on the path', '{"\\u0074":1}', ['t']],
    ['a repeated key on the way', '{"meta":{"t":1},"meta":2}', ['meta', 't']],
    ['a container as the value', '{"t":{"s":1}}', ['t']],
  ])('says it cannot capture with %s', (_, text, path) => {
    // Act
    const [result] = scan(text, path);

    // Assess
    expect(result).toBe(Scan.uncertain);
  });
});

describe('scanCanonicalLines', () => {
  it('finds every line of a canonical record', () => {
    // Act
    const lines = scanCanonicalLines(Buffer.from('{"t":1}\n[2]\n"x"\n'), [
      Buffer.from('t'),
    ]);

    // Assess
    expect(lines).toEqual([
      { start: 0, end: 7, isObject: true, fieldStart: 5, fieldEnd: 6 },
      { start: 8, end: 11, isObject: false, fieldStart: -1, fieldEnd: -1 },
      { start: 12, end: 15, isObject: false, fieldStart: -1, fieldEnd: -1 },
    ]);
  });

  it.each([
    ['no final newline', '{"a":1}'],
    ['CRLF', '{"a":1}\r\n'],
    ['a blank line', '{"a":1}\n\n{"b":2}\n'],
    ['leading whitespace', ' {"a":1}\n'],
    ['a BOM', '\uFEFF{"a":1}\n'],
    ['invalid JSON', '{"a":}\n'],
    ['only a newline', '\n'],
  ])('leaves a record with %s to the general path', (_, text) => {
    // Act / Assess
    expect(isCanonicalJsonLines(Buffer.from(text))).toBe(false);
  });
});
