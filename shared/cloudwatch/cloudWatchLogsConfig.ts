import { type Environment, readBoolean, readInteger } from '../config.js';
import { readMaxDecompressedBytes } from '../records/decompressConfig.js';

/** CloudWatchLogsFunction settings, read once at init. */
export interface CloudWatchLogsConfig {
  /** `EMBED_JSON_MESSAGE`: a JSON object/array message is embedded as JSON. */
  readonly embedJsonMessage: boolean;
  /** `MAX_DECOMPRESSED_BYTES`: gzip bomb guard, per record. */
  readonly maxDecompressedBytes: number;
  /**
   * `MAX_OUTPUT_BYTES`: the output one invocation may build, all records
   * together (output amplification guard).
   */
  readonly maxOutputBytes: number;
}

/**
 * Read `EMBED_JSON_MESSAGE` (default false), `MAX_DECOMPRESSED_BYTES`
 * (default 16 MiB, 1 KiB to 256 MiB) and `MAX_OUTPUT_BYTES` (default
 * 32 MiB, 1 MiB to 256 MiB).
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
    maxOutputBytes: readInteger(env, 'MAX_OUTPUT_BYTES', 33_554_432, {
      min: 1_048_576,
      max: 268_435_456,
    }),
  });
}
