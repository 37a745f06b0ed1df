/**
 * The subset of jq 1.6 the template's Firehose `MetadataExtraction`
 * processors use, for the local Firehose: an object of field paths,
 *
 * ```jq
 * {year:.partition.year,month:.partition.month,"day":.partition["day"]}
 * ```
 *
 * Anything else (pipes, functions, `//`, array indexes, `..`, string
 * interpolation) is refused when the query is compiled, so a template that
 * the local Firehose cannot emulate fails at start instead of partitioning
 * differently from Firehose.
 */

/** The query uses jq beyond object-of-field-paths. */
export class UnsupportedJqError extends Error {
  override name = 'UnsupportedJqError';
}

/** A record the query cannot extract keys from (Firehose: error prefix). */
export class MetadataExtractionError extends Error {
  override name = 'MetadataExtractionError';
}

/** A compiled query: its key names and how to extract them. */
export interface MetadataQuery {
  readonly keys: readonly string[];
  /**
   * The partition keys of one JSON record.
   *
   * @throws MetadataExtractionError when the record is not JSON, or a path
   *   is absent, null, an object or an array.
   */
  extract(recordText: string): Record<string, string>;
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Compile a `MetadataExtractionQuery`.
 *
 * @throws UnsupportedJqError naming the position and what is not supported.
 * @example
 * ```ts
 * const query = compileMetadataQuery('{hour:.partition.hour}');
 * query.extract('{"partition":{"hour":"09"}}'); // { hour: '09' }
 * ```
 */
export function compileMetadataQuery(text: string): MetadataQuery {
  const parser = new Parser(text);
  const fields = parser.object();
  const keys = fields.map((f) => f.key);
  return {
    keys,
    extract(recordText) {
      let record: unknown;
      try {
        record = JSON.parse(recordText);
      } catch {
        throw new MetadataExtractionError('the record is not a JSON value');
      }
      const out: Record<string, string> = {};
      for (const field of fields) {
        out[field.key] = scalarText(field, readPath(record, field.path));
      }
      return out;
    },
  };
}

interface Field {
  readonly key: string;
  readonly path: readonly string[];
  readonly source: string;
}

function readPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const name of path) {
    if (current === null || current === undefined) return null;
    if (typeof current !== 'object' || Array.isArray(current)) {
      throw new MetadataExtractionError(
        `cannot index ${Array.isArray(current) ? 'an array' : typeof current} with "${name}"`,
      );
    }
    current = Object.hasOwn(current, name)
      ? (current as Record<string, unknown>)[name]
      : null;
  }
  return current;
}

function scalarText(field: Field, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  const what =
    value === null || value === undefined
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : 'an object';
  throw new MetadataExtractionError(
    `${field.source} is ${what}, not a partition key value`,
  );
}

class Parser {
  readonly text: string;
  index = 0;

  constructor(text: string) {
    this.text = text;
  }

  object(): Field[] {
    this.space();
    this.expect('{');
    const fields: Field[] = [];
    const seen = new Set<string>();
    this.space();
    if (this.peek() === '}') this.fail('an empty object has no keys');
    for (;;) {
      this.space();
      const key = this.peek() === '"' ? this.string() : this.identifier();
      if (seen.has(key)) this.fail(`key ${key} appears twice`);
      seen.add(key);
      this.space();
      this.expect(':');
      this.space();
      const start = this.index;
      const path = this.path();
      fields.push({ key, path, source: this.text.slice(start, this.index) });
      this.space();
      if (this.peek() === ',') {
        this.index++;
        continue;
      }
      this.expect('}');
      break;
    }
    this.space();
    if (this.index !== this.text.length)
      this.fail('only one object is supported');
    return fields;
  }

  path(): string[] {
    const names: string[] = [];
    this.expect('.');
    for (;;) {
      const char = this.peek();
      if (char === '"') names.push(this.string());
      else if (char === '[') {
        this.index++;
        this.space();
        if (this.peek() !== '"')
          this.fail('only ["name"] indexes are supported');
        names.push(this.string());
        this.space();
        this.expect(']');
      } else if (char !== undefined && /[A-Za-z_]/.test(char)) {
        names.push(this.identifier());
      } else if (names.length === 0) {
        this.fail('the identity path . is not supported');
      }
      this.space();
      if (this.peek() === '.') {
        this.index++;
        if (this.peek() === '.') this.fail('.. (recursion) is not supported');
        continue;
      }
      if (this.peek() === '[') continue;
      const next = this.peek();
      if (next !== ',' && next !== '}' && next !== undefined) {
        this.fail(`${JSON.stringify(next)} (only field paths are supported)`);
      }
      return names;
    }
  }

  identifier(): string {
    IDENTIFIER.lastIndex = this.index;
    const match = IDENTIFIER.exec(this.text);
    if (match === null) this.fail('a name is expected');
    this.index = IDENTIFIER.lastIndex;
    return (match as RegExpExecArray)[0];
  }

  string(): string {
    const start = this.index;
    this.expect('"');
    while (this.index < this.text.length) {
      const char = this.text[this.index];
      if (char === '\\') {
        if (this.text[this.index + 1] === '(') {
          this.fail('string interpolation is not supported');
        }
        this.index += 2;
        continue;
      }
      this.index++;
      if (char === '"') return JSON.parse(this.text.slice(start, this.index));
    }
    return this.fail('the string is not closed');
  }

  space(): void {
    while (/\s/.test(this.text[this.index] ?? '')) this.index++;
  }

  peek(): string | undefined {
    return this.text[this.index];
  }

  expect(char: string): void {
    if (this.text[this.index] !== char) this.fail(`${char} is expected`);
    this.index++;
  }

  fail(why: string): never {
    throw new UnsupportedJqError(
      `MetadataExtractionQuery ${JSON.stringify(this.text)} at position ${this.index + 1}: ${why}; the local Firehose emulates objects of field paths only, e.g. {hour:.partition.hour}`,
    );
  }
}
