import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanCanonicalLines } from '#shared/records/canonicalLines.js';
import { parseJsonLines } from '#shared/records/jsonLines.js';
import { type FieldCapture, Scan, scanJson } from '#shared/records/jsonScan.js';
import { readField } from '#shared/time/fieldPath.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

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
  const field =
    capture.start === -1
      ? undefined
      : JSON.parse(bytes.toString('utf8', capture.start, capture.end));
  return { result, field, topIsObject: capture.topIsObject };
}

// Valid JSON, and JSON broken in the places a scanner gets wrong.
const mutated = fc
  .tuple(
    fc.json(),
    fc.nat(),
    fc.constantFrom(
      '',
      '"',
      '\\',
      ',',
      ':',
      '{',
      '}',
      '[',
      ']',
      '-',
      '.',
      'e',
      'E',
      '+',
      '0',
      ' ',
      '\n',
      '\r',
      'u',
      'x',
      '\u0001',
      'é',
      '\t',
      'tru',
      'null',
    ),
    fc.nat(3),
  )
  .map(([json, at, insert, remove]) => {
    const i = at % (json.length + 1);
    return json.slice(0, i) + insert + json.slice(i + remove);
  });
const texts = fc.oneof(
  fc.json(),
  fc.string(),
  mutated,
  fc.jsonValue().map((v) => JSON.stringify(v, null, 2)),
  fc.stringMatching(/^[-+.eE0-9]{1,8}$/),
  fc
    .array(
      fc.constantFrom(
        '\\"',
        '\\\\',
        '\\/',
        '\\n',
        '\\u00e9',
        '\\u12',
        '\\x',
        'a',
        '\u0001',
        'é',
      ),
      { maxLength: 6 },
    )
    .chain((parts) =>
      fc.constantFrom(`"${parts.join('')}"`, `"${parts.join('')}`),
    ),
);

describe('scanJson (property)', () => {
  it('accepts exactly what JSON.parse accepts', () => {
    fc.assert(
      fc.property(texts, (text) => {
        // Act
        const { result } = scan(text);

        // Assess
        expect(result !== Scan.invalid).toBe(parses(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('captures the value JSON.parse would give at the path, or says it cannot', () => {
    const key = fc.constantFrom('t', 'meta', 'time', 'x', 'a\\u0074', 'é');
    const leaf = fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string(),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.integer(), { maxLength: 2 }),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }),
      ),
    })).node;
    // Objects as key/value pairs, so that duplicate keys can occur.
    const write = (node: unknown): string =>
      Array.isArray(node) &&
      node.every((p) => Array.isArray(p) && p.length === 2)
        ? `{${(node as [string, unknown][])
            .map(([k, v]) => `"${k}":${write(v)}`)
            .join(',')}}`
        : JSON.stringify(node);
    const path = fc.constantFrom(['t'], ['meta', 'time'], ['meta', 't', 'x']);
    fc.assert(
      fc.property(tree, path, (node, segments) => {
        // Prepare
        const text = write(node);

        // Act
        const { result, field, topIsObject } = scan(text, segments);

        // Assess
        const value = JSON.parse(text) as unknown;
        expect(result).not.toBe(Scan.invalid);
        expect(topIsObject).toBe(
          typeof value === 'object' && value !== null && !Array.isArray(value),
        );
        if (result === Scan.valid) {
          expect(field).toEqual(readField(value, segments));
        }
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('scanCanonicalLines (property)', () => {
  it('accepts a record only when parseJsonLines finds it canonical', () => {
    const record = fc.oneof(
      fc
        .array(fc.json(), { minLength: 1, maxLength: 3 })
        .map((lines) => `${lines.join('\n')}\n`),
      fc
        .array(texts, { minLength: 1, maxLength: 3 })
        .map((lines) => lines.join('\n')),
    );
    fc.assert(
      fc.property(record, (text) => {
        // Act
        const lines = scanCanonicalLines(Buffer.from(text, 'utf8'));

        // Assess
        if (lines !== undefined) {
          const parsed = parseJsonLines(text);
          expect(parsed.canonical).toBe(true);
          expect(parsed.lines).toHaveLength(lines.length);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
