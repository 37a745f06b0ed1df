import { RecordError } from '../errors.js';
import { FailureReason } from '../firehose/reasons.js';
import { decodeBase64 } from './decodeData.js';
import type { DecompressConfig } from './decompressConfig.js';
import { gunzipBounded, isGzip } from './gunzip.js';

/** A record's payload, decoded (and decompressed when it was gzip). */
export interface DecodedRecord {
  /** The bytes the stages read. */
  readonly bytes: Buffer;
  /**
   * Base64 of `bytes`: the record's own data, unless it was decompressed.
   * What a record passed through unchanged is answered with.
   */
  readonly data: string;
}

/**
 * Decodes one record's base64 data. The object returned is the decoder's
 * own, filled in anew by each call (one record at a time, no object per
 * record on the hot path): read its fields before the next call.
 *
 * @throws RecordError with the reason of the first problem found.
 */
export type RecordDecoder = (data: string) => DecodedRecord;

/** Hands out one {@link RecordDecoder} per invocation. */
export interface BatchDecoder {
  /** A decoder whose decompression budget is one invocation's. */
  forBatch(): RecordDecoder;
}

/**
 * Decoding for TransformFunction and EventTimePartitionFunction: strict
 * base64, then, for a record that starts with the gzip magic bytes, gunzip
 * (`DECOMPRESS=auto`) or fail `compressed-record` (`DECOMPRESS=none`).
 * `MAX_DECOMPRESSED_BYTES` bounds each record and the invocation's total:
 * a record that would take the total past it fails
 * `decompressed-too-large`, so memory stays bounded whatever the batch
 * holds. One gzip layer is removed, no more.
 *
 * @example
 * ```ts
 * const decoder = createRecordDecoder(readDecompressConfig(process.env));
 * const decode = decoder.forBatch();
 * const { bytes, data } = decode(record.data);
 * ```
 */
export function createRecordDecoder(config: DecompressConfig): BatchDecoder {
  return {
    forBatch() {
      let left = config.maxDecompressedBytes;
      const decoded: { bytes: Buffer; data: string } = {
        bytes: EMPTY,
        data: '',
      };
      return function decodeRecord(data) {
        const bytes = decodeBase64(data);
        if (!isGzip(bytes)) {
          decoded.bytes = bytes;
          decoded.data = data;
          return decoded;
        }
        if (config.mode === 'none') {
          throw new RecordError(
            FailureReason.compressedRecord,
            'the record is gzip-compressed and DECOMPRESS=none',
          );
        }
        const whole = left < config.maxDecompressedBytes;
        const inflated = gunzipBounded(
          bytes,
          left,
          whole
            ? 'MAX_DECOMPRESSED_BYTES, for all records of the invocation together'
            : 'MAX_DECOMPRESSED_BYTES',
        );
        left -= inflated.length;
        decoded.bytes = inflated;
        decoded.data = inflated.toString('base64');
        return decoded;
      };
    },
  };
}

const EMPTY = Buffer.alloc(0);

const DEFAULT_DECODER = createRecordDecoder({
  mode: 'auto',
  maxDecompressedBytes: 16_777_216,
});

/**
 * A fresh decoder with the defaults (`DECOMPRESS=auto`, 16 MiB): for
 * callers that handle one record, such as tests and examples.
 *
 * @example
 * ```ts
 * const { bytes } = defaultRecordDecoder()(record.data);
 * ```
 */
export function defaultRecordDecoder(): RecordDecoder {
  return DEFAULT_DECODER.forBatch();
}
