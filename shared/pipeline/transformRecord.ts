import type {
  FailedVerdict,
  FirehoseRecord,
  Rejection,
  Verdict,
} from '../firehose/types.js';
import { failedFromError, isRejection, ok } from '../firehose/verdicts.js';
import { decodeUtf8 } from '../records/decodeData.js';
import {
  type DecodedRecord,
  defaultRecordDecoder,
  type RecordDecoder,
} from '../records/decodeRecord.js';
import { joinJsonLines, parseJsonLines } from '../records/jsonLines.js';
import { applyLineStages, type LineStage } from './lineStages.js';
import { scanOutput } from './scanRecord.js';
import type { TransformedRecord } from './transformedRecord.js';

export type { TransformedRecord } from './transformedRecord.js';

/**
 * Decode a record (strict base64, gzip when it is compressed, strict UTF-8),
 * parse it as JSON Lines and run the line stages. Never throws: a problem
 * becomes a rejection with a reason.
 *
 * @example
 * ```ts
 * const out = decodeAndParse(record, [schemaStage], decoder.forBatch());
 * if (isRejection(out)) return out;
 * ```
 */
export function decodeAndParse(
  record: FirehoseRecord,
  stages: readonly LineStage[],
  decode: RecordDecoder = defaultRecordDecoder(),
): TransformedRecord | Rejection {
  const decoded = decodeOrFail(record, decode);
  if (!('bytes' in decoded)) return decoded;
  return parseDecoded(asDecoded(record, decoded), decoded.bytes, stages);
}

/**
 * Decode a record's data, or the `ProcessingFailed` verdict that says why
 * it cannot be (never throws). The result is the decoder's own object:
 * read it before the next call (see {@link RecordDecoder}).
 *
 * @example
 * ```ts
 * const decoded = decodeOrFail(record, decode);
 * if (!('bytes' in decoded)) return decoded; // invalid-base64, …
 * ```
 */
export function decodeOrFail(
  record: FirehoseRecord,
  decode: RecordDecoder,
): DecodedRecord | FailedVerdict {
  try {
    return decode(record.data);
  } catch (error) {
    return failedFromError(error);
  }
}

/**
 * The record as the stages see it: its data is the decoded payload's base64
 * (the record itself unless it was decompressed), so that a record passed
 * through unchanged is answered with what it holds, never its gzip.
 *
 * @example
 * ```ts
 * const decoded = decode(record.data);
 * scanOutput(asDecoded(record, decoded), decoded.bytes);
 * ```
 */
export function asDecoded(
  record: FirehoseRecord,
  decoded: DecodedRecord,
): FirehoseRecord {
  return decoded.data === record.data
    ? record
    : { ...record, data: decoded.data };
}

/**
 * {@link decodeAndParse} for a record whose base64 is already decoded.
 *
 * @example
 * ```ts
 * const out = parseDecoded(record, decodeBase64(record.data), stages);
 * ```
 */
export function parseDecoded(
  record: FirehoseRecord,
  bytes: Buffer,
  stages: readonly LineStage[],
): TransformedRecord | Rejection {
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch (error) {
    return failedFromError(error);
  }
  return parseAndApply(text, record, stages);
}

function parseAndApply(
  text: string,
  record: FirehoseRecord,
  stages: readonly LineStage[],
): TransformedRecord | Rejection {
  try {
    const parsed = parseJsonLines(text);
    const lines = applyLineStages(parsed.lines, stages, record);
    if (isRejection(lines)) return lines;
    // The output of a canonical record is its (decoded) data itself.
    return parsed.canonical
      ? { parsed, lines, output: record.data }
      : { parsed, lines };
  } catch (error) {
    return failedFromError(error);
  }
}

/**
 * The record's output data, base64: the input itself when it is already
 * canonical JSON Lines and no stage changed it (no re-encoding), otherwise
 * the lines joined, each ended by exactly one `\n`.
 *
 * @example
 * ```ts
 * encodeOutput(record, transformed); // 'eyJhIjoxfQo='
 * ```
 */
export function encodeOutput(
  record: FirehoseRecord,
  transformed: TransformedRecord,
): string {
  if (transformed.lines === transformed.parsed.lines) {
    if (transformed.output !== undefined) return transformed.output;
    if (transformed.parsed.canonical) return record.data;
  }
  return Buffer.from(joinJsonLines(transformed.lines), 'utf8').toString(
    'base64',
  );
}

/**
 * The whole transform for one record: decode, parse, stages, encode.
 *
 * @example
 * ```ts
 * const decode = decoder.forBatch();
 * const verdicts = records.map((r) => transformRecord(r, stages, decode));
 * ```
 */
export function transformRecord(
  original: FirehoseRecord,
  stages: readonly LineStage[],
  decode: RecordDecoder = defaultRecordDecoder(),
): Verdict {
  const decoded = decodeOrFail(original, decode);
  if (!('bytes' in decoded)) return decoded;
  const record = asDecoded(original, decoded);
  const bytes = decoded.bytes;
  // Without stages, a (nearly) canonical record only needs its syntax
  // checked: a byte scan, several times cheaper than JSON.parse; it is
  // answered with its own data (plus a final newline if it had none).
  // Anything else takes the general path, which reports the reasons.
  if (stages.length === 0) {
    const output = scanOutput(record, bytes);
    if (output !== undefined) return ok(output);
  }
  const transformed = parseDecoded(record, bytes, stages);
  if (isRejection(transformed)) return transformed;
  try {
    return ok(encodeOutput(record, transformed));
  } catch (error) {
    return failedFromError(error);
  }
}
