import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonLines } from '#shared/records/jsonLines.js';
import { readJsonValues } from '#shared/records/jsonValues.js';

const isBare = (value: unknown) =>
  value === null || typeof value === 'number' || typeof value === 'boolean';

// Each value as a producer may write it, and what may stand between values.
const framed = fc
  .array(
    fc.tuple(
      fc.jsonValue(),
      fc.constantFrom<number | string>(0, 2, 4, '\t'),
      fc.constantFrom('', ' ', '\t', '\n', '\r\n', ' \t\n', '\n\n'),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => {
    let text = '';
    parts.forEach(([value, indent, separator], i) => {
      const previous = parts[i - 1]?.[0];
      // Two bare tokens need whitespace between them (`12` is one number).
      const between =
        i === 0
          ? ''
          : separator === '' && isBare(previous) && isBare(value)
            ? ' '
            : separator;
      text += between + JSON.stringify(value, null, indent);
    });
    return { text, values: parts.map(([value]) => value) };
  });

// Valid JSON broken in the places a splitter gets wrong.
const mutated = fc
  .tuple(
    fc.jsonValue().map((v) => JSON.stringify(v, null, 2)),
    fc.nat(),
    fc.constantFrom(
      '',
      '"',
      '\\',
      ',',
      '{',
      '}',
      '[',
      ']',
      ' ',
      '\n',
      '1',
      'x',
    ),
    fc.nat(2),
  )
  .map(([json, at, insert, remove]) => {
    const i = at % (json.length + 1);
    return json.slice(0, i) + insert + json.slice(i + remove);
  });

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('producer framings (property)', () => {
  it('answers every framing one value per line, as JSON.stringify writes it', () => {
    fc.assert(
      fc.property(framed, ({ text, values }) => {
        // Act
        const lines = parseJsonLines(text).lines;

        // Assess
        expect(lines.map((line) => line.text)).toEqual(
          values.map((value) => JSON.stringify(value)),
        );
        expect(lines.map((line) => JSON.stringify(line.value))).toEqual(
          values.map((value) => JSON.stringify(value)),
        );
      }),
      { numRuns: 3_000, seed: 10_2 },
    );
  });

  it('agrees with JSON.parse on one document, and never turns invalid JSON valid', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, fc.json(), fc.string()), (text) => {
        // Act
        const values = readJsonValues(text);

        // Assess
        if (parses(text) && text.trim() !== '') {
          expect(values).toHaveLength(1);
          expect(values?.[0]?.value).toEqual(JSON.parse(text));
        }
        for (const value of values ?? []) {
          expect(JSON.parse(value.text)).toEqual(value.value);
          expect(value.text).not.toMatch(/\n/);
        }
        if (values !== undefined) {
          // The values, rejoined as an array, are the text read as one.
          const joined = `[${values.map((v) => v.text).join(',')}]`;
          expect(JSON.parse(joined)).toEqual(values.map((v) => v.value));
        }
      }),
      { numRuns: 10_000, seed: 10_2 },
    );
  });
});
