import type { FirehoseRecord, Rejection, Verdict } from '../firehose/types.js';
import { failedFromError, isRejection, ok } from '../firehose/verdicts.js';
import { decodeBase64, decodeUtf8 } from '../records/decodeData.js';
import {
  type JsonLine,
  type JsonLines,
  joinJsonLines,
  parseJsonLines,
} from '../records/jsonLines.js';
import { applyLineStages, type LineStage } from './lineStages.js';

/** A record decoded, parsed and run through the line stages. */
export interface TransformedRecord {
  readonly parsed: JsonLines;
  /** The output lines (the parsed lines when no stage changed anything). */
  readonly lines: readonly JsonLine[];
}

/**
 * Decode a record (strict base64, strict UTF-8), parse it as JSON Lines and
 * run the line stages. Never throws: a problem becomes a rejection with a
 * reason.
 *
 * @example
 * ```ts
 * const out = decodeAndParse(record, [schemaStage]);
 * if (isRejection(out)) return out;
 * ```
 */
export function decodeAndParse(
  record: FirehoseRecord,
  stages: readonly LineStage[],
): TransformedRecord | Rejection {
  let text: string;
  try {
    text = decodeUtf8(decodeBase64(record.data));
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
    return { parsed, lines };
  } catch (error) {
    return failedFromError(error);
  }
}

/**
 * True for the common record: one JSON value (not checked here), already
 * canonical: no BOM or surrounding whitespace, one final `\n`, no other.
 */
function isSingleCanonicalLine(text: string): boolean {
  const last = text.length - 1;
  return (
    last >= 1 &&
    text.charCodeAt(last) === 0x0a &&
    text.indexOf('\n') === last &&
    text.charCodeAt(0) > 0x20 &&
    text.charCodeAt(0) !== 0xfeff &&
    text.charCodeAt(last - 1) > 0x20
  );
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
  if (
    transformed.parsed.canonical &&
    transformed.lines === transformed.parsed.lines
  ) {
    return record.data;
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
 * const verdicts = records.map((r) => transformRecord(r, stages));
 * ```
 */
export function transformRecord(
  record: FirehoseRecord,
  stages: readonly LineStage[],
): Verdict {
  let text: string;
  try {
    text = decodeUtf8(decodeBase64(record.data));
  } catch (error) {
    return failedFromError(error);
  }
  // Without stages, a canonical record only needs to be valid JSON: it is
  // answered as is, without the per-line objects (10-15% of the time of a
  // 100-byte record, measured). An error takes the general path (reason).
  if (stages.length === 0 && isSingleCanonicalLine(text)) {
    try {
      JSON.parse(text);
      return ok(record.data);
    } catch {
      // reported below, with its position
    }
  }
  const transformed = parseAndApply(text, record, stages);
  if (isRejection(transformed)) return transformed;
  try {
    return ok(encodeOutput(record, transformed));
  } catch (error) {
    return failedFromError(error);
  }
}
