/**
 * CSV fields to a JSON line. Values are strings; with `RECORD_SCHEMA` set,
 * a field whose schema property does not accept a string is coerced to the
 * first type it can be read as (null, boolean, integer, number), before
 * validation. Numbers are written exactly as in the input (no rounding of
 * big integers), since they already are JSON number text.
 */
import type { JsonLine } from '../records/jsonLines.js';

/** The JSON Schema `type` names. */
export type JsonType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'null'
  | 'object'
  | 'array';

/** A column's accepted types; `undefined` when unknown (kept a string). */
export type ColumnTypes = readonly JsonType[] | undefined;

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

type Coerced = { readonly text: string; readonly value: unknown };

/**
 * A builder of JSON lines from CSV rows: keys in column order, each value
 * a string or, where `types` says a string is not accepted, coerced.
 *
 * @example
 * ```ts
 * const build = createCsvLineBuilder(['id', 'n'], [undefined, ['integer']]);
 * build(['a', '12']).text; // '{"id":"a","n":12}'
 * ```
 */
export function createCsvLineBuilder(
  columns: readonly string[],
  types: readonly ColumnTypes[],
): (fields: readonly string[]) => JsonLine {
  const keys = columns.map(
    (column, i) => `${i === 0 ? '{' : ','}${JSON.stringify(column)}:`,
  );
  const coercers = types.map((accepted) =>
    accepted === undefined || accepted.includes('string')
      ? undefined
      : accepted,
  );
  return function buildCsvLine(fields) {
    const value: Record<string, unknown> = Object.create(null);
    let text = '';
    for (let i = 0; i < keys.length; i++) {
      const field = fields[i] as string;
      const accepted = coercers[i];
      const coerced =
        accepted === undefined ? undefined : coerce(field, accepted);
      if (coerced === undefined) {
        value[columns[i] as string] = field;
        text += keys[i] + JSON.stringify(field);
      } else {
        value[columns[i] as string] = coerced.value;
        text += keys[i] + coerced.text;
      }
    }
    return { text: `${text}}`, value };
  };
}

/**
 * A CSV field as the first of `accepted` it can be read as: `null` for an
 * empty field, `true`/`false`, an integer, a number (JSON number syntax);
 * `undefined` when none fits (the schema then reports the string).
 *
 * @example
 * ```ts
 * coerce('42', ['integer']); // { text: '42', value: 42 }
 * ```
 */
export function coerce(
  field: string,
  accepted: readonly JsonType[],
): Coerced | undefined {
  if (field === '' && accepted.includes('null')) {
    return { text: 'null', value: null };
  }
  if (accepted.includes('boolean') && (field === 'true' || field === 'false')) {
    return { text: field, value: field === 'true' };
  }
  if (accepted.includes('integer') && INTEGER.test(field)) {
    return { text: field, value: Number(field) };
  }
  if (accepted.includes('number') && NUMBER.test(field)) {
    return { text: field, value: Number(field) };
  }
  return undefined;
}
