import type * as Zlib from 'node:zlib';
import { RecordError } from '../errors.js';
import { FailureReason } from '../firehose/reasons.js';

/**
 * True when the bytes start with the gzip magic bytes (`1f 8b`, RFC 1952).
 * No JSON text can start so (0x1f is a control character).
 *
 * @example
 * ```ts
 * isGzip(gzipSync('{}')); // true
 * isGzip(Buffer.from('{}')); // false
 * ```
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Gunzip at most `maxBytes`: decompression stops there, so a gzip bomb
 * costs that much memory at most. `limitName` says in the failure which
 * setting set the limit.
 *
 * @throws RecordError `decompressed-too-large` past `maxBytes`,
 *   `invalid-gzip` for a corrupt or truncated stream.
 * @example
 * ```ts
 * gunzipBounded(bytes, 16 * 1024 * 1024, 'MAX_DECOMPRESSED_BYTES');
 * ```
 */
export function gunzipBounded(
  bytes: Uint8Array,
  maxBytes: number,
  limitName: string,
): Buffer {
  try {
    return loadZlib().gunzipSync(bytes, {
      maxOutputLength: Math.max(1, maxBytes),
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new RecordError(
        FailureReason.decompressedTooLarge,
        `decompresses to more than ${maxBytes} bytes (${limitName})`,
        { cause: error },
      );
    }
    const why = error instanceof Error ? error.message : String(error);
    throw new RecordError(FailureReason.invalidGzip, why, { cause: error });
  }
}

let zlib: typeof Zlib | undefined;

/**
 * `node:zlib`, loaded on the first gzip record: importing it costs several
 * milliseconds of cold start that functions without gzip records never pay.
 */
function loadZlib(): typeof Zlib {
  zlib ??= process.getBuiltinModule('node:zlib');
  return zlib;
}
