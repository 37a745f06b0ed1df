import { type Environment, readBoolean } from '../config.js';
import { readMaxDecompressedBytes } from '../records/decompressConfig.js';

/** CloudWatchLogsFunction settings, read once at init. */
export interface CloudWatchLogsConfig {
  /** `EMBED_JSON_MESSAGE`: a JSON object/array message is embedded as JSON. */
  readonly embedJsonMessage: boolean;
  /** `MAX_DECOMPRESSED_BYTES`: gzip bomb guard, per record. */
  readonly maxDecompressedBytes: number;
}

/**
 * Read `EMBED_JSON_MESSAGE` (default false) and `MAX_DECOMPRESSED_BYTES`
 * (default 16 MiB, 1 KiB to 256 MiB).
 *
 * @throws ConfigurationError naming the variable and the accepted values.
 * @example
 * ```ts
 * readCloudWatchLogsConfig({ EMBED_JSON_MESSAGE: 'true' }).embedJsonMessage; // true
 * ```
 */
export function readCloudWatchLogsConfig(
  env: Environment,
): CloudWatchLogsConfig {
  return Object.freeze({
    embedJsonMessage: readBoolean(env, 'EMBED_JSON_MESSAGE', false),
    maxDecompressedBytes: readMaxDecompressedBytes(env),
  });
}
