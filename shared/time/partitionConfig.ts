/**
 * Event-time partitioning settings, read once at init from the environment.
 */
import {
  type Environment,
  readChoice,
  readInteger,
  readString,
} from '../config.js';
import { ConfigurationError, RecordError } from '../errors.js';
import { wallTimeToUtcMs } from './calendar.js';
import { parseFieldPath } from './fieldPath.js';
import { parseIso8601 } from './iso8601.js';
import { LATEST_EVENT_MS, TimestampFormat } from './parseEventTime.js';
import { Granularity } from './partitionWindow.js';
import { canonicalTimeZone } from './zonedTime.js';

/**
 * What to do with a record without a timestamp: fail it (to the error
 * prefix) or use its Firehose arrival time.
 *
 * @example
 * ```ts
 * config.onMissingTimestamp === OnMissingTimestamp.arrival;
 * ```
 */
export const OnMissingTimestamp = { fail: 'fail', arrival: 'arrival' } as const;

export type OnMissingTimestamp =
  (typeof OnMissingTimestamp)[keyof typeof OnMissingTimestamp];

/** Event-time partitioning settings. */
export interface PartitionConfig {
  /** `TIMESTAMP_FIELD` as written (for messages). */
  readonly timestampFieldSpec: string;
  /** `TIMESTAMP_FIELD` split into keys. */
  readonly timestampField: readonly string[];
  readonly timestampFormat: TimestampFormat;
  readonly granularity: Granularity;
  /** Canonical IANA name, e.g. `UTC`, `Europe/Paris`. */
  readonly timeZone: string;
  readonly onMissingTimestamp: OnMissingTimestamp;
  /** `EARLIEST_EVENT_TIME` in epoch ms. */
  readonly earliestEventMs: number;
  readonly partitionWarningThreshold: number;
}

const EARLIEST_ACCEPTED =
  'an ISO-8601 date-time with offset from 1000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, e.g. 1900-01-01T00:00:00Z';
const YEAR_1000_MS = Date.UTC(1000, 0, 1);

/**
 * Read `TIMESTAMP_FIELD` (default `timestamp`), `TIMESTAMP_FORMAT` (`auto`),
 * `PARTITION_GRANULARITY` (`hour`), `PARTITION_TIMEZONE` (`UTC`),
 * `ON_MISSING_TIMESTAMP` (`fail`), `EARLIEST_EVENT_TIME`
 * (`1970-01-01T00:00:00Z`) and `PARTITION_WARNING_THRESHOLD` (400, 1-5000).
 *
 * @throws ConfigurationError naming the variable and the accepted values.
 * @example
 * ```ts
 * const config = readPartitionConfig({ TIMESTAMP_FIELD: 'detail.time', PARTITION_TIMEZONE: 'Europe/Paris' });
 * config.timestampField; // ['detail', 'time']
 * ```
 */
export function readPartitionConfig(env: Environment): PartitionConfig {
  const timestampFieldSpec = readString(env, 'TIMESTAMP_FIELD', 'timestamp');
  return Object.freeze({
    timestampFieldSpec,
    timestampField: readFieldPath(timestampFieldSpec),
    timestampFormat: readChoice(
      env,
      'TIMESTAMP_FORMAT',
      Object.values(TimestampFormat),
      TimestampFormat.auto,
    ),
    granularity: readChoice(
      env,
      'PARTITION_GRANULARITY',
      Object.values(Granularity),
      Granularity.hour,
    ),
    timeZone: readTimeZone(env),
    onMissingTimestamp: readChoice(
      env,
      'ON_MISSING_TIMESTAMP',
      Object.values(OnMissingTimestamp),
      OnMissingTimestamp.fail,
    ),
    earliestEventMs: readEarliest(env),
    partitionWarningThreshold: readInteger(
      env,
      'PARTITION_WARNING_THRESHOLD',
      400,
      { min: 1, max: 5000 },
    ),
  });
}

function readFieldPath(spec: string): readonly string[] {
  try {
    return parseFieldPath(spec);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(
      'TIMESTAMP_FIELD',
      spec,
      `a dot path such as detail.eventTime (${why}; write a literal dot as \\. and a backslash as \\\\)`,
    );
  }
}

function readTimeZone(env: Environment): string {
  const raw = readString(env, 'PARTITION_TIMEZONE', 'UTC');
  const zone = canonicalTimeZone(raw);
  if (zone === undefined) {
    throw new ConfigurationError(
      'PARTITION_TIMEZONE',
      raw,
      'an IANA time zone such as UTC or Europe/Paris',
    );
  }
  return zone;
}

function readEarliest(env: Environment): number {
  const raw = readString(env, 'EARLIEST_EVENT_TIME', '1970-01-01T00:00:00Z');
  let ms = Number.NaN;
  try {
    const { wall, offsetMs } = parseIso8601(raw);
    if (offsetMs !== undefined) ms = wallTimeToUtcMs(wall) - offsetMs;
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
  }
  if (!(ms >= YEAR_1000_MS && ms <= LATEST_EVENT_MS)) {
    throw new ConfigurationError('EARLIEST_EVENT_TIME', raw, EARLIEST_ACCEPTED);
  }
  return ms;
}
