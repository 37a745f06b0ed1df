import {
  type Environment,
  readBoolean,
  readDuration,
  readInteger,
} from '../config.js';

/** Re-ingestion settings, read once at init. */
export interface ReingestConfig {
  /** `REINGEST`: re-ingest what does not fit (true) or fail it (false). */
  readonly enabled: boolean;
  /** Calls per re-ingested entry, first one included. */
  readonly maxAttempts: number;
  /** Time kept free before the Lambda deadline when retrying. */
  readonly safetyMarginMs: number;
}

/**
 * Read `REINGEST` (default true), `REINGEST_MAX_ATTEMPTS` (6, 1-20) and
 * `REINGEST_SAFETY_MARGIN` (3s).
 *
 * @throws ConfigurationError naming the variable and the accepted values.
 * @example
 * ```ts
 * readReingestConfig({ REINGEST: 'false' }).enabled; // false
 * ```
 */
export function readReingestConfig(env: Environment): ReingestConfig {
  return Object.freeze({
    enabled: readBoolean(env, 'REINGEST', true),
    maxAttempts: readInteger(env, 'REINGEST_MAX_ATTEMPTS', 6, {
      min: 1,
      max: 20,
    }),
    safetyMarginMs: readDuration(env, 'REINGEST_SAFETY_MARGIN', '3s'),
  });
}
