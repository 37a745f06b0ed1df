import { type Environment, readChoice, readInteger } from '../config.js';

/** How TransformFunction and EventTimePartitionFunction treat gzip records. */
export interface DecompressConfig {
  /**
   * `DECOMPRESS`: `auto` gunzips a record that starts with the gzip magic
   * bytes; `none` fails it `compressed-record`.
   */
  readonly mode: 'auto' | 'none';
  /** `MAX_DECOMPRESSED_BYTES`: per record, and per invocation in total. */
  readonly maxDecompressedBytes: number;
}

/**
 * Read `MAX_DECOMPRESSED_BYTES` (default 16 MiB, 1 KiB to 256 MiB): the
 * gzip bomb guard every function that decompresses shares.
 *
 * @throws ConfigurationError naming the variable and the accepted values.
 * @example
 * ```ts
 * readMaxDecompressedBytes({}); // 16777216
 * ```
 */
export function readMaxDecompressedBytes(env: Environment): number {
  return readInteger(env, 'MAX_DECOMPRESSED_BYTES', 16_777_216, {
    min: 1_024,
    max: 268_435_456,
  });
}

/**
 * Read `DECOMPRESS` (`auto` or `none`, default `auto`) and
 * `MAX_DECOMPRESSED_BYTES`.
 *
 * @throws ConfigurationError naming the variable and the accepted values.
 * @example
 * ```ts
 * readDecompressConfig({ DECOMPRESS: 'none' }).mode; // 'none'
 * ```
 */
export function readDecompressConfig(env: Environment): DecompressConfig {
  return Object.freeze({
    mode: readChoice(env, 'DECOMPRESS', ['auto', 'none'] as const, 'auto'),
    maxDecompressedBytes: readMaxDecompressedBytes(env),
  });
}
