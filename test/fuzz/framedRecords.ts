/**
 * fast-check generators of records in the producer framings of
 * docs/sources-and-framings.md (pretty-printed documents, values
 * concatenated with or without whitespace, JSON Lines with blank lines),
 * plain or gzip-compressed (valid, truncated, nested, bombs, garbage), and
 * of log lines for every INPUT_FORMAT (valid, near-valid, garbage).
 *
 * Each generated record says what its answer must be (`RecordExpectation`):
 * the framing rule is that an `Ok` answer holds one line per input value,
 * each the value's text with only the whitespace outside strings removed.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/** What a generated record's answer must be. */
export type RecordExpectation =
  /** `Ok` (or, by the caller's rules, another settled answer), these lines. */
  | { readonly kind: 'values'; readonly compact: readonly string[] }
  /** Must not be `Ok`. */
  | { readonly kind: 'fails' }
  /** Anything the contract allows. */
  | { readonly kind: 'any' };

/** A generated record: its data (base64) and what its answer must be. */
export interface FramedRecord {
  readonly data: string;
  readonly expect: RecordExpectation;
}

const b64 = (bytes: Uint8Array | string) =>
  Buffer.from(bytes).toString('base64');

// ------------------------------------------------------------ JSON values

/** A JSON value as tokens: rendered compactly or with whitespace. */
type Tree =
  | { readonly leaf: string }
  | { readonly array: readonly Tree[] }
  | { readonly object: readonly (readonly [string, Tree])[] };

const numberToken = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom(
    '12345678901234567890123',
    '-0',
    '1e400',
    '-1e-400',
    '0.1e1',
    '1E+2',
    '1.50e+3',
    '9007199254740993',
    '0',
  ),
);

/** String tokens as written: escapes and non-ASCII kept verbatim. */
const stringToken = fc.oneof(
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
  fc.constantFrom(
    '"\\u00e9"',
    '"é"',
    '"\\n\\t\\"\\\\\\/"',
    '"\\ud800"',
    '"  spaced \\r\\n string  "',
    '"{\\"not\\": [1, 2]}"',
    '""',
  ),
);

const leaf = fc.oneof(
  numberToken,
  stringToken,
  fc.constantFrom('true', 'false', 'null'),
);

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf.map((l) => ({ leaf: l })),
    fc.array(tie('tree'), { maxLength: 4 }).map((a) => ({ array: a })),
    fc
      .array(fc.tuple(stringToken, tie('tree')), { maxLength: 4 })
      .map((o) => ({ object: o })),
  ),
}));

/** Top-level documents: objects and arrays, some with an event time. */
function documentTree(timestamp: string | undefined): fc.Arbitrary<Tree> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .array(fc.tuple(stringToken, tree), { maxLength: 4 })
        .map((fields) => ({
          object:
            timestamp === undefined
              ? fields
              : [['"timestamp"', { leaf: timestamp }] as const, ...fields],
        })),
    },
    {
      weight: timestamp === undefined ? 1 : 0,
      arbitrary: fc.array(tree, { maxLength: 4 }).map((a) => ({ array: a })),
    },
    { weight: timestamp === undefined ? 1 : 0, arbitrary: tree },
  );
}

/** JSON whitespace a producer may put between tokens. */
const SPACES = ['', ' ', '\n', '\t', '\r\n', '\n  ', '\n\t\t', '  '];

function render(value: Tree, space: () => string): string {
  if ('leaf' in value) return value.leaf;
  if ('array' in value) {
    const items = value.array.map((v) => space() + render(v, space) + space());
    return `[${items.join(',')}${items.length === 0 ? space() : ''}]`;
  }
  const fields = value.object.map(
    ([key, v]) =>
      `${space()}${key}${space()}:${space()}${render(v, space)}${space()}`,
  );
  return `{${fields.join(',')}${fields.length === 0 ? space() : ''}}`;
}

/** `JSON.stringify(…, null, 2)`-style indentation, on the original tokens. */
function pretty(value: Tree, indent: string, depth = 0): string {
  if ('leaf' in value) return value.leaf;
  const inner = indent.repeat(depth + 1);
  const outer = indent.repeat(depth);
  if ('array' in value) {
    if (value.array.length === 0) return '[]';
    const items = value.array.map((v) => inner + pretty(v, indent, depth + 1));
    return `[\n${items.join(',\n')}\n${outer}]`;
  }
  if (value.object.length === 0) return '{}';
  const fields = value.object.map(
    ([key, v]) => `${inner}${key}: ${pretty(v, indent, depth + 1)}`,
  );
  return `{\n${fields.join(',\n')}\n${outer}}`;
}

const isBare = (text: string) => !/[}\]"]$/.test(text);
const startsBare = (text: string) => !/^[{["]/.test(text);

/**
 * The text of a record in one of the producer framings and the compact
 * text of its values (what an `Ok` answer's lines must be once the
 * whitespace outside strings is removed).
 */
function framedText(
  timestamp: string | undefined,
): fc.Arbitrary<{ text: string; compact: string[] }> {
  return fc
    .tuple(
      fc.array(documentTree(timestamp), { minLength: 1, maxLength: 4 }),
      fc.constantFrom('pretty', 'random', 'lines'),
      fc.constantFrom('  ', '\t', '    '),
      fc.array(fc.constantFrom(...SPACES), { minLength: 1, maxLength: 7 }),
      fc.array(
        fc.constantFrom('', ' ', '\t', '\n', '\r\n', '\n\n', ' \t ', '\n \n'),
        { minLength: 1, maxLength: 4 },
      ),
      fc.constantFrom('', '\n', '\r\n', ' \n', '\n\n'),
      fc.boolean(),
    )
    .map(([trees, style, indent, spaces, separators, end, bom]) => {
      let next = 0;
      const space = () => spaces[next++ % spaces.length] as string;
      const texts = trees.map((t) =>
        style === 'pretty'
          ? pretty(t, indent)
          : style === 'random'
            ? render(t, space)
            : render(t, () => ''),
      );
      let text = bom ? '\ufeff' : '';
      texts.forEach((t, i) => {
        if (i > 0) {
          let separator = separators[i % separators.length] as string;
          if (style === 'lines') separator = '\n';
          // Two bare tokens need whitespace between them (`12` is one number).
          if (
            separator === '' &&
            isBare(texts[i - 1] as string) &&
            startsBare(t)
          )
            separator = ' ';
          text += separator;
        }
        text += t;
      });
      return {
        text: text + end,
        compact: trees.map((t) => render(t, () => '')),
      };
    });
}

/** Framings that stay `invalid-json` (docs/sources-and-framings.md). */
const invalidFraming = fc
  .tuple(
    fc.array(documentTree(undefined), { minLength: 2, maxLength: 3 }),
    fc.constantFrom(',', '\f', '\u00a0', 'x', '\u2028', '\v', ';'),
  )
  .map(([trees, separator]) =>
    trees.map((t) => render(t, () => '')).join(separator),
  );

const unbalanced = fc.constantFrom(
  '{"a":1}{"b":2',
  '{"a":1}}',
  '[1 2]',
  '12true',
  '{"a":1}\n{',
  '{\n  "a": 1,\n}',
  '"unterminated',
  '1true',
);

// ------------------------------------------------------------------ gzip

// A bomb: 20 MiB of JSON Lines (over the 16 MiB default cap) that
// compresses to ~20 KiB. Made once: gzip of megabytes is slow to redo.
const BOMB = b64(
  gzipSync(Buffer.from('{"a":1}\n'.repeat(2_621_440)), { level: 9 }),
);
// An amplifier under the cap: 1 MiB of JSON Lines in ~1 KiB.
const AMPLIFIER_TEXT = '{"a":1}\n'.repeat(131_072);

/** Wrap a record's text as gzip in one of the ways producers (and attackers) do. */
function gzipVariants(
  framed: fc.Arbitrary<{ text: string; compact: string[] }>,
  decompress: boolean,
): fc.Arbitrary<FramedRecord> {
  const valid = framed.map(
    ({ text, compact }): FramedRecord => ({
      data: b64(gzipSync(text)),
      expect: decompress ? { kind: 'values', compact } : { kind: 'fails' },
    }),
  );
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    {
      weight: 1,
      arbitrary: fc
        .tuple(framed, fc.nat())
        .map(([{ text }, cut]): FramedRecord => {
          const gzip = gzipSync(text);
          // Cut anywhere before the 8-byte trailer, keeping the magic.
          const at = 2 + (cut % Math.max(1, gzip.length - 10));
          return { data: b64(gzip.subarray(0, at)), expect: { kind: 'fails' } };
        }),
    },
    {
      weight: 1,
      arbitrary: framed.map(
        ({ text }): FramedRecord => ({
          data: b64(gzipSync(gzipSync(text))),
          // One layer is removed, no more: the inner gzip is not UTF-8.
          expect: { kind: 'fails' },
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 64 })
        .map((bytes): FramedRecord => {
          const garbage = Buffer.concat([Buffer.from([0xff]), bytes]);
          return { data: b64(gzipSync(garbage)), expect: { kind: 'fails' } };
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ minLength: 0, maxLength: 40 })
        .map((bytes): FramedRecord => {
          // The magic bytes, then anything: corrupt gzip.
          const data = Buffer.concat([Buffer.from([0x1f, 0x8b]), bytes]);
          return { data: b64(data), expect: { kind: 'fails' } };
        }),
    },
    {
      weight: 1,
      arbitrary: fc.constant<FramedRecord>({
        data: BOMB,
        expect: { kind: 'fails' },
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constant<FramedRecord>({
        data: b64(gzipSync(AMPLIFIER_TEXT, { level: 9 })),
        // Within the cap, unless the invocation's total is spent.
        expect: { kind: 'any' },
      }),
    },
  );
}

/**
 * Records in producer framings, plain or gzip, with what their answer must
 * be. `timestamp` (a JSON token) is put first in every document, for the
 * partitioning function; `decompress` says whether DECOMPRESS=auto.
 *
 * @example
 * ```ts
 * fc.sample(framedRecord({ decompress: true }), 1)[0].expect; // { kind: 'values', compact: [...] }
 * ```
 */
export function framedRecord(options: {
  readonly decompress: boolean;
  readonly timestamp?: string;
}): fc.Arbitrary<FramedRecord> {
  const framed = framedText(options.timestamp);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: framed.map(
        ({ text, compact }): FramedRecord => ({
          data: b64(text),
          expect: { kind: 'values', compact },
        }),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.oneof(invalidFraming, unbalanced).map(
        (text): FramedRecord => ({
          data: b64(text),
          expect: { kind: 'fails' },
        }),
      ),
    },
    { weight: 3, arbitrary: gzipVariants(framed, options.decompress) },
  );
}

/**
 * Remove the JSON whitespace outside strings: what the framing rule lets
 * the reader change in a value's text.
 *
 * @example
 * ```ts
 * compactJson('{ "a" : "b c" }'); // '{"a":"b c"}'
 * ```
 */
export function compactJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') {
      out += c;
    }
  }
  return out;
}

// -------------------------------------------------------------- log lines

/** Mostly one of `valid`, sometimes one of `near` (a near-valid field). */
function pick(
  valid: readonly string[],
  near: readonly string[],
): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom(...near) },
  );
}

/** A line in one of the INPUT_FORMATs, near-valid, or garbage. */
export function logLine(
  format:
    | 'apache_common'
    | 'apache_combined'
    | 'nginx_combined'
    | 'syslog'
    | 'csv',
): fc.Arbitrary<string> {
  // Times around the suite's arrival (2026-03-01T12:00Z), a few far off.
  const time = fc
    .tuple(
      pick(['01/Mar/2026', '28/Feb/2026'], ['1/Mar/2026', '01/Foo/2026']),
      pick(['11', '12', '03'], ['24', '1']),
      pick(['+0000', '-0800', '+0545', '+1400'], ['+2400', '0000', 'Z']),
    )
    .map(([d, h, z]) => `[${d}:${h}:10:02 ${z}]`);
  const quoted = fc.oneof(
    pick(
      [
        '"GET /a HTTP/1.1"',
        '"-"',
        '"POST /x?y=\\"z\\" HTTP/2.0"',
        '"GET /é HTTP/1.1"',
        '"GET /"',
      ],
      ['"\\x16\\x03\\x01"', '""', '"GET  /double HTTP/1.1"', '"open'],
    ),
    fc.string({ maxLength: 10 }).map((s) => `"${s.replace(/["\\]/g, '')}"`),
  );
  const common = fc
    .tuple(
      pick(['64.242.88.10', '::1', '172.17.0.1'], ['-', 'host name', '']),
      pick(['-'], ['ident', '']),
      pick(['-', 'alice'], ['"bob"', '']),
      time,
      quoted,
      pick(['200', '404', '503'], ['999', '20', 'abc']),
      pick(['0', '-', '6291'], ['1234567890123456', '-5', '1.5']),
    )
    .map((parts) => parts.join(' '));
  const garbage = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc
      .string({ unit: 'binary', maxLength: 30 })
      .map((s) => s.replace(/\n/g, '')),
    fc.constantFrom('', '   ', '\t', '{"a":1}', '-', '\ufeff', '""', '<>'),
  );
  let valid: fc.Arbitrary<string>;
  switch (format) {
    case 'apache_common':
      valid = common;
      break;
    case 'apache_combined':
    case 'nginx_combined':
      valid = fc
        .tuple(common, quoted, quoted, pick([''], [' ', ' extra']))
        .map(([c, r, a, tail]) => `${c} ${r} ${a}${tail}`);
      break;
    case 'syslog':
      valid = fc.oneof(
        fc
          .tuple(
            pick(['<165>', '<0>', '<191>', '<14>'], ['<192>', '<x>', '<>']),
            pick(['1'], ['0', '1000']),
            pick(
              ['2026-03-01T11:14:15.003Z', '2026-03-01T17:14:15+05:45', '-'],
              ['2026-13-01T11:14:15Z', '2026-03-01T11:14:15'],
            ),
            pick(['host', '-'], ['']),
            pick(['app', '-'], ['']),
            pick(['123', '-'], ['']),
            pick(['ID47', '-'], ['']),
            pick(
              ['-', '[a@1 x="1"]', '[a@1 x="q\\"uote" x="2"][b@2]'],
              ['[a][a]', '[a x=1]', '[__proto__ polluted="yes"]', '[a'],
            ),
            pick(['', ' msg', ' \ufeffbom msg', ' tab\there'], ['msg']),
          )
          .map(
            ([pri, v, t, h, a, p, m, sd, msg]) =>
              `${pri}${v} ${t} ${h} ${a} ${p} ${m} ${sd}${msg}`,
          ),
        fc
          .tuple(
            pick(['<13>', '<78>', '<14>'], ['<999>']),
            pick(['Mar  1', 'Feb 28', 'Mar 01'], ['Feb 29', 'Foo  1', 'Mar 1']),
            pick(['11:02:03', '11:02:03.250'], ['25:00:00', '11:02']),
            pick([' h', ' 10.0.0.99'], ['']),
            pick(
              [' CRON[42]: job', ' su: x', ' Use the BFG!', ''],
              [` ${'t'.repeat(60)}: long tag`, ' [1]: x'],
            ),
          )
          .map(([pri, d, t, h, msg]) => `${pri}${d} ${t}${h}${msg}`),
      );
      break;
    case 'csv':
      valid = fc
        .tuple(
          pick(['1', 'a', '', '"q ""x"" y"', '"multi\nline"'], ['"open']),
          pick(
            ['2026-03-01T11:59:00Z', '1772366340000'],
            ['', 'not a time', '1e300'],
          ),
          pick(['12.50', '12345678901234567890123', ''], ['1e400']),
          pick([''], [',extra', ',"unclosed', '"']),
        )
        .map(([id, t, amount, tail]) => `${id},${t},${amount}${tail}`);
      break;
  }
  return fc.oneof(
    { weight: 5, arbitrary: valid },
    { weight: 1, arbitrary: garbage },
  );
}

/** A record of log lines (base64), LF or CRLF separated, maybe gzip. */
export function logRecord(
  format: Parameters<typeof logLine>[0],
): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(logLine(format), { minLength: 1, maxLength: 6 }),
      fc.constantFrom('\n', '\r\n'),
      fc.constantFrom('', '\n'),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([lines, eol, end, bom, gzip]) => {
      const text = (bom ? '\ufeff' : '') + lines.join(eol) + end;
      return b64(gzip ? gzipSync(text) : Buffer.from(text));
    });
}
