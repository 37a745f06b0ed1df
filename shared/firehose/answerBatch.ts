import { FailureReason } from './reasons.js';
import {
  answerBytes,
  LAMBDA_RESPONSE_LIMIT_BYTES,
  recordIdBytes,
  responseFramingBytes,
} from './responseBudget.js';
import type {
  FirehoseAnswer,
  FirehoseRecord,
  FirehoseResponse,
  PartitionKeys,
  Verdict,
} from './types.js';
import { failed, failedData } from './verdicts.js';

/** The response and the verdicts it finally carries (after the size guard). */
export interface AnsweredBatch {
  readonly response: FirehoseResponse;
  readonly verdicts: readonly Verdict[];
  /** Serialized size of the response in bytes. */
  readonly bytes: number;
}

/**
 * Build Firehose's response: exactly one answer per input record, in input
 * order, with the same `recordId`. `ProcessingFailed` answers carry the
 * record's original data (`""` when that data is not base64: every `data`
 * of the response is valid base64); `Dropped` answers carry empty data.
 *
 * Size guard: the serialized response never exceeds `limitBytes` (Lambda's
 * 6 MB). When the answers would, the records whose `Ok` answer is larger
 * than their original data are turned into `ProcessingFailed`
 * (`response-too-large`), from the end of the batch, until it fits: nothing
 * is silently cut, and a failed answer is never larger than the request
 * that brought the record in.
 *
 * @example
 * ```ts
 * const { response } = answerBatch(records, verdicts);
 * ```
 */
export function answerBatch(
  records: readonly FirehoseRecord[],
  verdicts: readonly Verdict[],
  limitBytes: number = LAMBDA_RESPONSE_LIMIT_BYTES,
): AnsweredBatch {
  const answers: FirehoseAnswer[] = new Array(records.length);
  const idBytes = recordIdBytes(records);
  let total = responseFramingBytes();
  for (let i = 0; i < records.length; i++) {
    const answer = answerOf(
      records[i] as FirehoseRecord,
      verdicts[i] as Verdict,
    );
    answers[i] = answer;
    total += answerBytes(answer, idBytes[i]);
  }
  if (total <= limitBytes) {
    return { response: { records: answers }, verdicts, bytes: total };
  }
  // Walk back from the end, failing the records that grew the most first
  // would need a sort; failing from the end keeps the earliest records Ok
  // and is deterministic.
  const final: Verdict[] = verdicts.slice();
  for (let i = records.length - 1; i >= 0 && total > limitBytes; i--) {
    const verdict = final[i] as Verdict;
    if (verdict.result !== 'Ok') continue;
    const record = records[i] as FirehoseRecord;
    const tooLarge = failed(
      FailureReason.responseTooLarge,
      `the response would exceed ${limitBytes} bytes`,
    );
    const answer = answerOf(record, tooLarge);
    const size = answerBytes(answer, idBytes[i]);
    const okSize = answerBytes(answers[i] as FirehoseAnswer, idBytes[i]);
    if (size >= okSize) continue;
    total += size - okSize;
    answers[i] = answer;
    final[i] = tooLarge;
  }
  return { response: { records: answers }, verdicts: final, bytes: total };
}

/**
 * The answer Firehose receives for one record and verdict. The payload is
 * named as in the request: `kafkaRecordValue` for an Amazon MSK record,
 * `data` otherwise.
 *
 * @example
 * ```ts
 * answerBytes(answerOf(record, dropped('filtered')));
 * ```
 */
export function answerOf(
  record: FirehoseRecord,
  verdict: Verdict,
): FirehoseAnswer {
  const answer = answerWithData(record, verdict);
  return record.kafkaRecordValue === undefined ? answer : mskAnswer(answer);
}

function answerWithData(
  record: FirehoseRecord,
  verdict: Verdict,
): FirehoseAnswer {
  switch (verdict.result) {
    case 'Ok':
      return verdict.partitionKeys === undefined
        ? { recordId: record.recordId, result: 'Ok', data: verdict.data }
        : {
            recordId: record.recordId,
            result: 'Ok',
            data: verdict.data,
            metadata: metadataOf(verdict.partitionKeys),
          };
    case 'Dropped':
      return { recordId: record.recordId, result: 'Dropped', data: '' };
    case 'ProcessingFailed':
      return {
        recordId: record.recordId,
        result: 'ProcessingFailed',
        data: failedData(record, verdict),
      };
  }
}

type AnswerMetadata = NonNullable<FirehoseAnswer['metadata']>;

// The keys object is one per window (its size is cached by identity); so is
// the metadata object around it: no object per answer, and less for the
// serialiser to walk. The last one is checked first (consecutive answers
// usually share a window); keys no window holds any more are let go.
const metadataByKeys = new WeakMap<PartitionKeys, AnswerMetadata>();
let lastKeys: PartitionKeys | undefined;
let lastMetadata: AnswerMetadata | undefined;

function metadataOf(keys: PartitionKeys): AnswerMetadata {
  if (keys === lastKeys && lastMetadata !== undefined) return lastMetadata;
  let metadata = metadataByKeys.get(keys);
  if (metadata === undefined) {
    metadata = Object.freeze({
      partitionKeys: keys as Record<string, string>,
    });
    metadataByKeys.set(keys, metadata);
  }
  lastKeys = keys;
  lastMetadata = metadata;
  return metadata;
}

/** Firehose reads an MSK record's answer from `kafkaRecordValue`. */
function mskAnswer({ data, ...rest }: FirehoseAnswer): FirehoseAnswer {
  return { ...rest, kafkaRecordValue: data ?? '' };
}
