/**
 * PartitionCommitFunction's settings, read once at init.
 */
import { type Environment, readDuration, readString } from '../config.js';
import { ConfigurationError } from '../errors.js';
import { readPartitionConfig } from '../time/partitionConfig.js';
import type { Granularity } from '../time/partitionWindow.js';
import {
  compilePartitionPrefix,
  type PartitionPrefix,
} from './partitionPrefix.js';

/** DataFreshness is read at Firehose's one-minute resolution. */
export const FRESHNESS_PERIOD_MS = 60_000;

const MAX_LOOKBACK_MS = 15 * 86_400_000;

/** The commit settings. */
export interface CommitConfig {
  readonly bucket: string;
  readonly prefix: PartitionPrefix;
  readonly deliveryStreamName: string;
  readonly granularity: Granularity;
  readonly timeZone: string;
  readonly allowedLatenessMs: number;
  readonly lookbackMs: number;
  readonly publicationDelayMs: number;
  /** `undefined` (`IDLE_STREAM_AFTER=off`): an idle stream holds the watermark. */
  readonly idleAfterMs: number | undefined;
  /** '' : no commit events. */
  readonly eventBusName: string;
}

/**
 * Read `DATA_BUCKET`, `EVENTS_PREFIX` (EventStream's Prefix, with
 * `!{partitionKeyFromLambda:…}` keys), `DELIVERY_STREAM_NAME` (all three
 * required), `PARTITION_GRANULARITY` and `PARTITION_TIMEZONE` (as the
 * partition function reads them), `ALLOWED_LATENESS` (1h), `COMMIT_LOOKBACK`
 * (2d), `FRESHNESS_PUBLICATION_DELAY` (5m), `IDLE_STREAM_AFTER` (15m, or
 * `off`) and `COMMIT_EVENT_BUS` (empty: no events).
 *
 * @throws ConfigurationError naming the variable and the accepted values.
 * @example
 * ```ts
 * readCommitConfig({ DATA_BUCKET: 'b', EVENTS_PREFIX: 'events/hour=!{partitionKeyFromLambda:hour}/', DELIVERY_STREAM_NAME: 's' });
 * ```
 */
export function readCommitConfig(env: Environment): CommitConfig {
  const partitioning = readPartitionConfig(env);
  const lookbackMs = readDuration(env, 'COMMIT_LOOKBACK', '2d');
  // CloudWatch keeps one-minute datapoints for 15 days.
  if (lookbackMs <= 0 || lookbackMs > MAX_LOOKBACK_MS) {
    throw new ConfigurationError(
      'COMMIT_LOOKBACK',
      readString(env, 'COMMIT_LOOKBACK', ''),
      'a positive duration of at most 15d, such as 2d',
    );
  }
  return Object.freeze({
    bucket: readRequired(env, 'DATA_BUCKET', 'an S3 bucket name'),
    prefix: readPrefix(env),
    deliveryStreamName: readRequired(
      env,
      'DELIVERY_STREAM_NAME',
      'the name of the delivery stream whose partitions are committed',
    ),
    granularity: partitioning.granularity,
    timeZone: partitioning.timeZone,
    allowedLatenessMs: readDuration(env, 'ALLOWED_LATENESS', '1h'),
    lookbackMs,
    publicationDelayMs: readDuration(env, 'FRESHNESS_PUBLICATION_DELAY', '5m'),
    idleAfterMs: readIdleAfter(env),
    eventBusName: readString(env, 'COMMIT_EVENT_BUS', ''),
  });
}

function readRequired(env: Environment, name: string, accepted: string) {
  const value = readString(env, name, '');
  if (value === '') throw new ConfigurationError(name, '', accepted);
  return value;
}

function readPrefix(env: Environment): PartitionPrefix {
  const raw = readRequired(
    env,
    'EVENTS_PREFIX',
    "the delivery stream's Prefix, e.g. events/year=!{partitionKeyFromLambda:year}/",
  );
  try {
    return compilePartitionPrefix(raw);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(
      'EVENTS_PREFIX',
      raw,
      `a prefix of literal text and !{partitionKeyFromLambda:…} keys ending with / (${why})`,
    );
  }
}

function readIdleAfter(env: Environment): number | undefined {
  if (readString(env, 'IDLE_STREAM_AFTER', '15m').toLowerCase() === 'off') {
    return undefined;
  }
  const ms = readDuration(env, 'IDLE_STREAM_AFTER', '15m');
  if (ms < FRESHNESS_PERIOD_MS) {
    throw new ConfigurationError(
      'IDLE_STREAM_AFTER',
      readString(env, 'IDLE_STREAM_AFTER', ''),
      'off, or a duration of at least 1m such as 15m',
    );
  }
  return ms;
}
