import {
  type Environment,
  readDuration,
  readInteger,
  readString,
} from '../config.js';
import type { LatenessRule } from './classifyLateness.js';

/** Late-data settings of EventTimePartitionFunction, read once at init. */
export interface LatenessConfig extends LatenessRule {
  /** Fallback delivery stream; '' means late/early records are only counted. */
  readonly fallbackStreamName: string;
  /** Attempts per PutRecordBatch call (first try included). */
  readonly fallbackMaxAttempts: number;
  /** Time kept free before the Lambda deadline when retrying. */
  readonly fallbackSafetyMarginMs: number;
}

/**
 * Read `ALLOWED_LATENESS` (default 1h), `MAX_FUTURE_SKEW` (5m),
 * `FALLBACK_STREAM_NAME` (empty: count only), `FALLBACK_MAX_ATTEMPTS` (6)
 * and `FALLBACK_SAFETY_MARGIN` (3s).
 *
 * @throws ConfigurationError naming the variable and the accepted values.
 * @example
 * ```ts
 * readLatenessConfig({ ALLOWED_LATENESS: '15m', FALLBACK_STREAM_NAME: 'late' });
 * ```
 */
export function readLatenessConfig(env: Environment): LatenessConfig {
  return Object.freeze({
    allowedLatenessMs: readDuration(env, 'ALLOWED_LATENESS', '1h'),
    maxFutureSkewMs: readDuration(env, 'MAX_FUTURE_SKEW', '5m'),
    fallbackStreamName: readString(env, 'FALLBACK_STREAM_NAME', ''),
    fallbackMaxAttempts: readInteger(env, 'FALLBACK_MAX_ATTEMPTS', 6, {
      min: 1,
      max: 20,
    }),
    fallbackSafetyMarginMs: readDuration(env, 'FALLBACK_SAFETY_MARGIN', '3s'),
  });
}
