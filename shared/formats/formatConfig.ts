/**
 * `INPUT_FORMAT` and the settings of the log formats, read once at init.
 */
import {
  type Environment,
  readChoice,
  readDuration,
  readString,
} from '../config.js';
import { ConfigurationError } from '../errors.js';
import { canonicalTimeZone } from '../time/zonedTime.js';
import { schemaTypes } from '../validation/schemaTypes.generated.js';
import type { ColumnTypes, JsonType } from './csvValues.js';
import type { Rfc3164Clock } from './rfc3164.js';

/**
 * What a record's text is: JSON (the default: JSON Lines, unchanged
 * behaviour) or log lines converted to one JSON object per line.
 *
 * @example
 * ```ts
 * config.format === InputFormat.apacheCombined;
 * ```
 */
export const InputFormat = {
  json: 'json',
  apacheCommon: 'apache_common',
  apacheCombined: 'apache_combined',
  nginxCombined: 'nginx_combined',
  syslog: 'syslog',
  csv: 'csv',
} as const;

export type InputFormat = (typeof InputFormat)[keyof typeof InputFormat];

/** CSV settings (`INPUT_FORMAT=csv`). */
export interface CsvConfig {
  /** `CSV_COLUMNS`, in order. */
  readonly columns: readonly string[];
  /** `CSV_DELIMITER`: one character. */
  readonly delimiter: string;
  /** Per column, the types `RECORD_SCHEMA` accepts (for coercion). */
  readonly types: readonly ColumnTypes[];
}

/** Input format settings. */
export interface InputFormatConfig {
  readonly format: InputFormat;
  /** `ON_INVALID`: a line that does not parse fails the record or is dropped. */
  readonly onInvalid: 'fail' | 'drop';
  /** `SYSLOG_TIMEZONE` and `MAX_FUTURE_SKEW`, for RFC 3164 timestamps. */
  readonly syslog: Rfc3164Clock;
  /** Set when `format` is `csv`. */
  readonly csv: CsvConfig | undefined;
}

/** The fields each log format can write (for checking `TIMESTAMP_FIELD`). */
const FORMAT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  access: [
    'host',
    'identity',
    'user',
    'timestamp',
    'method',
    'path',
    'protocol',
    'request',
    'status',
    'size',
    'referrer',
    'agent',
  ],
  syslog: [
    'facility',
    'severity',
    'version',
    'timestamp',
    'hostname',
    'appname',
    'procid',
    'msgid',
    'structured_data',
    'message',
  ],
};

/**
 * Read `INPUT_FORMAT` (default `json`), `ON_INVALID` (`fail`),
 * `SYSLOG_TIMEZONE` (`UTC`), `MAX_FUTURE_SKEW` (`5m`), and for `csv`
 * `CSV_COLUMNS` (required: comma-separated names), `CSV_DELIMITER` (`,`;
 * one character, `tab` or `\t` for a tab) and the property types of
 * `RECORD_SCHEMA`.
 *
 * @throws ConfigurationError naming the variable and the accepted values.
 * @example
 * ```ts
 * readInputFormatConfig({ INPUT_FORMAT: 'csv', CSV_COLUMNS: 'id,timestamp' }).csv?.columns; // ['id', 'timestamp']
 * ```
 */
export function readInputFormatConfig(env: Environment): InputFormatConfig {
  const format = readChoice(
    env,
    'INPUT_FORMAT',
    Object.values(InputFormat),
    InputFormat.json,
  );
  const onInvalid = readChoice(
    env,
    'ON_INVALID',
    ['fail', 'drop'] as const,
    'fail',
  );
  const zone = readString(env, 'SYSLOG_TIMEZONE', 'UTC');
  const timeZone = canonicalTimeZone(zone);
  if (timeZone === undefined) {
    throw new ConfigurationError(
      'SYSLOG_TIMEZONE',
      zone,
      'an IANA time zone such as UTC or Europe/Paris',
    );
  }
  return Object.freeze({
    format,
    onInvalid,
    syslog: Object.freeze({
      timeZone,
      maxFutureSkewMs: readDuration(env, 'MAX_FUTURE_SKEW', '5m'),
    }),
    csv: format === InputFormat.csv ? readCsvConfig(env) : undefined,
  });
}

function readCsvConfig(env: Environment): CsvConfig {
  const spec = readString(env, 'CSV_COLUMNS', '');
  const columns = spec.split(',').map((name) => name.trim());
  const accepted =
    'comma-separated column names, each once, e.g. id,timestamp,amount (required with INPUT_FORMAT=csv)';
  if (
    spec === '' ||
    columns.some((name) => name === '') ||
    new Set(columns).size !== columns.length
  ) {
    throw new ConfigurationError('CSV_COLUMNS', spec, accepted);
  }
  const schema = readString(env, 'RECORD_SCHEMA', '').replace(/\.json$/, '');
  const properties = Object.hasOwn(schemaTypes, schema)
    ? schemaTypes[schema]
    : undefined;
  const types = columns.map((name) =>
    properties !== undefined && Object.hasOwn(properties, name)
      ? (properties[name] as readonly JsonType[])
      : undefined,
  );
  return Object.freeze({
    columns: Object.freeze(columns),
    delimiter: readDelimiter(env),
    types: Object.freeze(types),
  });
}

function readDelimiter(env: Environment): string {
  // Not trimmed: a space or a tab is a delimiter.
  const raw = env.CSV_DELIMITER ?? '';
  if (raw === '') return ',';
  if (raw === '\\t' || raw.toLowerCase() === 'tab') return '\t';
  if (raw.length === 1 && raw !== '"' && raw !== '\r' && raw !== '\n')
    return raw;
  throw new ConfigurationError(
    'CSV_DELIMITER',
    raw,
    'one character other than a quote or a line break (tab or \\t for a tab); default ,',
  );
}

/**
 * Check at init that `TIMESTAMP_FIELD` names a field the input format
 * writes (its first key must be one of the format's fields, or of
 * `CSV_COLUMNS`); JSON input accepts any field.
 *
 * @throws ConfigurationError for `TIMESTAMP_FIELD`.
 * @example
 * ```ts
 * checkTimestampField(config, ['timestamp'], 'timestamp');
 * ```
 */
export function checkTimestampField(
  config: InputFormatConfig,
  path: readonly string[],
  spec: string,
): void {
  if (config.format === InputFormat.json) return;
  const fields =
    config.csv?.columns ??
    (config.format === InputFormat.syslog
      ? FORMAT_FIELDS.syslog
      : FORMAT_FIELDS.access) ??
    [];
  if (!fields.includes(path[0] as string)) {
    throw new ConfigurationError(
      'TIMESTAMP_FIELD',
      spec,
      `a field of INPUT_FORMAT=${config.format}: ${fields.join(', ')} (default timestamp)`,
    );
  }
}
