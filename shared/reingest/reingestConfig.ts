import {
  type Environment,
  readBoolean,
  readDuration,
  readInteger,
  readString,
} from '../config.js';
import { ConfigurationError } from '../errors.js';
import { LOCAL_MARKER_KEY } from './reingestMarker.js';

/** Re-ingestion settings, read once at init. */
export interface ReingestConfig {
  /** `REINGEST`: re-ingest what does not fit (true) or fail it (false). */
  readonly enabled: boolean;
  /** Calls per re-ingested entry, first one included. */
  readonly maxAttempts: number;
  /** Time kept free before the Lambda deadline when retrying. */
  readonly safetyMarginMs: number;
  /**
   * `REINGEST_MARKER_KEY`: the HMAC key of re-ingestion markers. The
   * public {@link LOCAL_MARKER_KEY} when unset or an unresolved
   * `{{resolve:…}}` reference (local runs); `markerKeyIsLocal` says so.
   */
  readonly markerKey: string;
  readonly markerKeyIsLocal: boolean;
}

const MIN_MARKER_KEY_CHARS = 32;

/**
 * Read `REINGEST` (default true), `REINGEST_MAX_ATTEMPTS` (6, 1-20),
 * `REINGEST_SAFETY_MARGIN` (3s) and `REINGEST_MARKER_KEY` (at least 32
 * characters; unset in local runs, where the public local key is used).
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
    ...readMarkerKey(env),
  });
}

function readMarkerKey(env: Environment): {
  markerKey: string;
  markerKeyIsLocal: boolean;
} {
  const value = readString(env, 'REINGEST_MARKER_KEY', '');
  // CloudFormation resolves the dynamic reference at deploy time; a local
  // runner reading template.yaml passes it through as text.
  if (value === '' || value.startsWith('{{resolve:')) {
    return { markerKey: LOCAL_MARKER_KEY, markerKeyIsLocal: true };
  }
  if (value.length < MIN_MARKER_KEY_CHARS) {
    throw new ConfigurationError(
      'REINGEST_MARKER_KEY',
      '<hidden>',
      `a secret of at least ${MIN_MARKER_KEY_CHARS} characters (the template generates one), or unset for local runs`,
    );
  }
  return { markerKey: value, markerKeyIsLocal: false };
}
