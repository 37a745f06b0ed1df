// JSON Schema properties → Athena (Hive) column types, for npm run ddl.
import { DdlError } from './ddlError.ts';

type JsonObject = Record<string, unknown>;

/**
 * The columns of a JSON Schema object: its `properties` in order, with
 * their Hive types (integer → bigint, number → double, object → struct,
 * array → array, a union such as string or number → string).
 *
 * @throws DdlError naming the JSON pointer of what has no Hive type.
 * @example
 * ```ts
 * schemaColumns({ type: 'object', properties: { n: { type: 'integer' } } }); // [['n', 'bigint']]
 * ```
 */
export function schemaColumns(schema: unknown): [string, string][] {
  const root = asObject(schema, '#');
  if (root.type !== 'object' || !isObject(root.properties)) {
    throw new DdlError('#: the schema must be an object with properties');
  }
  const columns = structFields(root, '#');
  const seen = new Set<string>();
  for (const [name] of columns) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) {
      throw new DdlError(
        `#/properties: ${name} differs from another column by case only (Athena lowercases names)`,
      );
    }
    seen.add(lower);
  }
  return columns;
}

function structFields(schema: JsonObject, pointer: string): [string, string][] {
  const properties = schema.properties as JsonObject;
  return Object.entries(properties).map(([name, value]) => [
    name,
    hiveType(value, `${pointer}/properties/${name}`),
  ]);
}

function hiveType(value: unknown, pointer: string): string {
  const schema = asObject(value, pointer);
  for (const keyword of ['$ref', 'anyOf', 'oneOf', 'allOf', 'not', 'if']) {
    if (keyword in schema) {
      throw new DdlError(
        `${pointer}: ${keyword} is not supported; give the property a plain type`,
      );
    }
  }
  const types = typesOf(schema, pointer);
  if (types.length !== 1) return 'string'; // e.g. string or number: read as text
  switch (types[0]) {
    case 'string':
      return 'string';
    case 'integer':
      return 'bigint';
    case 'number':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'object':
      if (
        !isObject(schema.properties) ||
        Object.keys(schema.properties).length === 0
      ) {
        return 'string';
      }
      return `struct<${structFields(schema, pointer)
        .map(([n, t]) => `${quote(n)}:${t}`)
        .join(',')}>`;
    case 'array':
      return `array<${schema.items === undefined ? 'string' : hiveType(schema.items, `${pointer}/items`)}>`;
    default:
      throw new DdlError(
        `${pointer}: type ${String(types[0])} has no Hive type`,
      );
  }
}

function typesOf(schema: JsonObject, pointer: string): string[] {
  const declared = schema.type;
  let types: string[];
  if (typeof declared === 'string') types = [declared];
  else if (Array.isArray(declared)) types = declared.map(String);
  else if (Array.isArray(schema.enum) || 'const' in schema) {
    const values = Array.isArray(schema.enum) ? schema.enum : [schema.const];
    types = [
      ...new Set(
        values.map((v) =>
          Number.isInteger(v)
            ? 'integer'
            : typeof v === 'number'
              ? 'number'
              : typeof v,
        ),
      ),
    ];
  } else {
    throw new DdlError(`${pointer}: no type; give the property a type`);
  }
  const nonNull = types.filter((t) => t !== 'null');
  if (
    nonNull.length === 2 &&
    nonNull.includes('integer') &&
    nonNull.includes('number')
  ) {
    return ['number'];
  }
  return nonNull;
}

function asObject(value: unknown, pointer: string): JsonObject {
  if (!isObject(value)) throw new DdlError(`${pointer}: not a schema object`);
  return value;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(name: string): string {
  if (name.includes('`'))
    throw new DdlError(`the name ${name} holds a backtick`);
  return `\`${name}\``;
}
