// Athena CREATE EXTERNAL TABLE statements for EventStream's and
// LateEventStream's objects: columns from a JSON Schema, partitions
// projected from the streams' own prefixes (no crawler, no MSCK REPAIR).
import {
  compilePartitionPrefix,
  type PartitionPrefix,
} from '../../shared/commit/partitionPrefix.ts';
import { DdlError } from './ddlError.ts';
import { schemaColumns } from './schemaColumns.ts';

export { DdlError } from './ddlError.ts';
export { schemaColumns } from './schemaColumns.ts';

/** What the statements are made of. */
export interface DdlInput {
  /** The schema's file name without .json, e.g. `order`. */
  readonly schemaName: string;
  readonly schema: unknown;
  readonly bucket: string;
  /** EventStream's Prefix, with `!{partitionKeyFromLambda:…}` keys. */
  readonly eventsPrefix: string;
  /** LateEventStream's Prefix, with `!{partitionKeyFromQuery:…}` keys. */
  readonly latePrefix: string | undefined;
  /** PartitionTimezone: the zone of the keys' wall-clock values. */
  readonly timeZone: string;
  /** Inclusive range of `year` values to project. */
  readonly years: readonly [number, number];
  readonly database?: string | undefined;
}

const RANGES: Readonly<Record<string, [number, number, number]>> = {
  month: [1, 12, 2],
  day: [1, 31, 2],
  hour: [0, 23, 2],
  minute: [0, 59, 2],
};

const SERDE = `ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'`;

/**
 * The two statements (events, then late data), each ending with `;`.
 *
 * @throws DdlError for a schema construct without a Hive type, a field
 *   named like a partition key, or a prefix that is not key-based.
 * @example
 * ```ts
 * athenaDdl({ schemaName: 'order', schema, bucket: 'my-bucket', eventsPrefix, latePrefix, timeZone: 'UTC', years: [2020, 2099] });
 * ```
 */
export function athenaDdl(input: DdlInput): string {
  const events = readPrefix(input.eventsPrefix, 'EventStream');
  const columns = schemaColumns(input.schema);
  const table = tableName(input, 'events');
  const statements = [
    createTable({
      table,
      comment: `${input.schemaName} events from EventStream; partitions are event-time wall clock in ${input.timeZone}; read one when its _SUCCESS manifest exists`,
      columns,
      prefix: events,
      input,
    }),
  ];
  if (input.latePrefix !== undefined) {
    const late = readPrefix(input.latePrefix, 'LateEventStream');
    const keys = late.keys.map((k) => `${quote(k)}:string`);
    const envelope: [string, string][] = [
      ['reason', 'string'],
      ['recordId', 'string'],
      ['line', 'int'],
      ['lines', 'int'],
      ['eventTime', 'string'],
      ['arrivalTime', 'string'],
      // The envelope's partition holds the keys, and dt from day granularity on.
      [
        'partition',
        `struct<${[...keys, ...(late.keys.includes('day') ? ['`dt`:string'] : [])].join(',')}>`,
      ],
      ['sourceStream', 'string'],
      [
        'record',
        `struct<${columns.map(([n, t]) => `${quote(n)}:${t}`).join(',')}>`,
      ],
    ];
    statements.push(
      createTable({
        table: tableName(input, 'late'),
        comment: `late and early ${input.schemaName} records (envelopes) from LateEventStream, filed under the event-time partition they belong to (${input.timeZone})`,
        columns: envelope,
        prefix: late,
        input,
      }),
    );
  }
  return statements.join('\n\n');
}

function readPrefix(text: string, stream: string): PartitionPrefix {
  let prefix: PartitionPrefix;
  try {
    prefix = compilePartitionPrefix(text);
  } catch (error) {
    throw new DdlError(
      `${stream}'s Prefix ${JSON.stringify(text)} cannot be projected: ${(error as Error).message}`,
    );
  }
  for (const key of prefix.keys) {
    if (key !== 'year' && !(key in RANGES)) {
      throw new DdlError(
        `${stream}'s Prefix uses key ${key}: only year, month, day, hour and minute are projected`,
      );
    }
  }
  return prefix;
}

function createTable(parts: {
  table: string;
  comment: string;
  columns: readonly [string, string][];
  prefix: PartitionPrefix;
  input: DdlInput;
}): string {
  const { prefix, input } = parts;
  const taken = new Set(parts.columns.map(([name]) => name.toLowerCase()));
  for (const key of prefix.keys) {
    if (taken.has(key)) {
      throw new DdlError(
        `the column ${key} has the name of a partition key: Athena refuses the table`,
      );
    }
  }
  const location = `s3://${input.bucket}/`;
  const template = prefix.template.replace(
    /!\{partitionKeyFrom(?:Lambda|Query):([^}]+)\}/g,
    (_whole, key: string) => `\${${key}}`,
  );
  const staticPart = template.slice(0, template.indexOf('${'));
  const root = staticPart.slice(0, staticPart.lastIndexOf('/') + 1);
  const properties: [string, string][] = [['projection.enabled', 'true']];
  for (const key of prefix.keys) {
    const [min, max, digits] =
      key === 'year'
        ? [input.years[0], input.years[1], 4]
        : (RANGES[key] as [number, number, number]);
    properties.push(
      [`projection.${key}.type`, 'integer'],
      [`projection.${key}.range`, `${min},${max}`],
      [`projection.${key}.digits`, String(digits)],
    );
  }
  properties.push(['storage.location.template', `${location}${template}`]);
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${parts.table} (`,
    parts.columns.map(([n, t]) => `  ${quote(n)} ${t}`).join(',\n'),
    ')',
    `COMMENT ${literal(parts.comment)}`,
    'PARTITIONED BY (',
    prefix.keys.map((k) => `  ${quote(k)} string`).join(',\n'),
    ')',
    SERDE,
    `LOCATION ${literal(`${location}${root}`)}`,
    'TBLPROPERTIES (',
    properties.map(([k, v]) => `  ${literal(k)} = ${literal(v)}`).join(',\n'),
    ');',
  ].join('\n');
}

function tableName(input: DdlInput, kind: string): string {
  const base = `${input.schemaName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_${kind}`;
  return input.database === undefined
    ? quote(base)
    : `${quote(input.database)}.${quote(base)}`;
}

function quote(name: string): string {
  if (name.includes('`'))
    throw new DdlError(`the name ${name} holds a backtick`);
  return `\`${name}\``;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
