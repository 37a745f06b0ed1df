/**
 * The record path for a non-JSON `INPUT_FORMAT`: decode (strict base64 and
 * UTF-8, as for JSON), turn the text into JSON lines with the format's
 * reader, then run the same line stages as JSON input.
 */
import type { FirehoseRecord, Rejection, Verdict } from '../firehose/types.js';
import { failedFromError, isRejection, ok } from '../firehose/verdicts.js';
import {
  InputFormat,
  type InputFormatConfig,
} from '../formats/formatConfig.js';
import {
  createLogLinesReader,
  type LogLinesReader,
} from '../formats/logLines.js';
import { decodeBase64, decodeUtf8 } from '../records/decodeData.js';
import type { RecordDecoder } from '../records/decodeRecord.js';
import { applyLineStages, type LineStage } from './lineStages.js';
import { encodeOutput, type TransformedRecord } from './transformRecord.js';

/** Reads one record into its transformed lines, or rejects it. */
export type RecordReader = (
  record: FirehoseRecord,
  decode?: RecordDecoder,
) => TransformedRecord | Rejection;

/**
 * A record reader for log input: the record's text goes through `readLines`
 * (one JSON object per line) and then `stages`. Never throws.
 *
 * @example
 * ```ts
 * const read = createLogRecordReader(createLogLinesReader(formatConfig), stages);
 * const transformed = read(record);
 * ```
 */
export function createLogRecordReader(
  readLines: LogLinesReader,
  stages: readonly LineStage[],
): RecordReader {
  return function readLogRecord(record, decode) {
    try {
      // With a decoder (DECOMPRESS), a gzip record is read decompressed.
      const bytes =
        decode === undefined
          ? decodeBase64(record.data)
          : decode(record.data).bytes;
      const text = decodeUtf8(bytes);
      const parsed = readLines(text, record.approximateArrivalTimestamp);
      if (isRejection(parsed)) return parsed;
      const lines = applyLineStages(parsed.lines, stages, record);
      if (isRejection(lines)) return lines;
      return { parsed, lines };
    } catch (error) {
      return failedFromError(error);
    }
  };
}

/**
 * TransformFunction's answer for a log record: its JSON lines, each ended
 * by `\n`.
 *
 * @example
 * ```ts
 * const verdicts = records.map((r) => transformLogRecord(read, r));
 * ```
 */
export function transformLogRecord(
  read: RecordReader,
  record: FirehoseRecord,
  decode?: RecordDecoder,
): Verdict {
  const transformed = read(record, decode);
  if (isRejection(transformed)) return transformed;
  return ok(encodeOutput(record, transformed));
}

/**
 * The record reader for the configured `INPUT_FORMAT`, or `undefined` for
 * `json` (JSON input keeps its own, faster path).
 *
 * @example
 * ```ts
 * const readLog = readerForInputFormat(readInputFormatConfig(process.env), stages);
 * ```
 */
export function readerForInputFormat(
  config: InputFormatConfig,
  stages: readonly LineStage[],
): RecordReader | undefined {
  if (config.format === InputFormat.json) return undefined;
  return createLogRecordReader(createLogLinesReader(config), stages);
}
