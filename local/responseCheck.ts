// Checks a processor's response as Firehose does before using it: an
// object with a `records` array holding every input id exactly once, each
// with a valid `result`, and base64 `data` for Ok records. Any violation
// fails the whole batch with Firehose's error code.
import type { FirehoseAnswer } from '#shared/firehose/types.js';
import { FirehoseError, type FirehoseErrorKind } from './errorCodes.ts';

/** A checked answer: its result, decoded data and partition keys. */
export interface CheckedAnswer {
  result: FirehoseAnswer['result'];
  data: Buffer;
  partitionKeys: Record<string, string> | undefined;
}

/** What checkProcessorResponse found: the answers, or why the batch fails. */
export type ResponseCheck =
  | { answers: Map<string, CheckedAnswer>; error?: undefined }
  | { error: FirehoseErrorKind; detail: string; answers?: undefined };

const RESULTS: ReadonlySet<unknown> = new Set<FirehoseAnswer['result']>([
  'Ok',
  'Dropped',
  'ProcessingFailed',
]);
const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Check `response` against the batch's `recordIds`. Returns
 * `{ answers: Map<recordId, {result, data: Buffer, partitionKeys}> }` or
 * `{ error: FirehoseError.*, detail }`.
 *
 * - not an object / no `records` array / an answer that is not an object,
 *   a `result` outside Ok|Dropped|ProcessingFailed, Ok `data` missing or
 *   not base64, `metadata.partitionKeys` not an object of strings:
 *   `Lambda.JsonProcessingException` (Firehose parses the response with a
 *   JSON mapper; these are mapping failures)
 * - an id twice: `Lambda.DuplicatedRecordId`
 * - an input id absent, or an id Firehose did not send:
 *   `Lambda.MissingRecordId`
 *
 * @example
 *   checkProcessorResponse(['1'], { records: [{ recordId: '1', result: 'Dropped' }] });
 */
export function checkProcessorResponse(
  recordIds: readonly string[],
  response: unknown,
): ResponseCheck {
  const malformed = (detail: string): ResponseCheck => ({
    error: FirehoseError.jsonProcessingException,
    detail,
  });
  if (
    typeof response !== 'object' ||
    response === null ||
    !('records' in response) ||
    !Array.isArray(response.records)
  ) {
    return malformed('the response is not an object with a records array');
  }
  const expected = new Set(recordIds);
  const answers = new Map<string, CheckedAnswer>();
  for (const [index, answer] of (response.records as unknown[]).entries()) {
    if (typeof answer !== 'object' || answer === null)
      return malformed(`records[${index}] is not an object`);
    const { recordId, result, data, metadata } = answer as {
      recordId?: unknown;
      result?: unknown;
      data?: unknown;
      metadata?: { partitionKeys?: unknown } | null;
    };
    if (typeof recordId !== 'string')
      return {
        error: FirehoseError.missingRecordId,
        detail: `records[${index}] has no recordId`,
      };
    if (answers.has(recordId))
      return {
        error: FirehoseError.duplicatedRecordId,
        detail: `recordId ${recordId} is returned twice`,
      };
    if (!expected.has(recordId))
      return {
        error: FirehoseError.missingRecordId,
        detail: `recordId ${recordId} was not in the invocation`,
      };
    if (!RESULTS.has(result))
      return malformed(
        `records[${index}].result ${JSON.stringify(result)} is not Ok, Dropped or ProcessingFailed`,
      );
    if (result === 'Ok' && typeof data !== 'string')
      return malformed(`records[${index}] is Ok without string data`);
    if (data !== undefined && data !== null) {
      if (typeof data !== 'string' || !BASE64.test(data))
        return malformed(`records[${index}].data is not base64`);
    }
    const partitionKeys = metadata?.partitionKeys;
    if (
      partitionKeys !== undefined &&
      (typeof partitionKeys !== 'object' ||
        partitionKeys === null ||
        Object.values(partitionKeys).some((v) => typeof v !== 'string'))
    ) {
      return malformed(
        `records[${index}].metadata.partitionKeys is not an object of strings`,
      );
    }
    answers.set(recordId, {
      result: result as CheckedAnswer['result'],
      data: Buffer.from(typeof data === 'string' ? data : '', 'base64'),
      partitionKeys: partitionKeys as Record<string, string> | undefined,
    });
  }
  for (const id of expected) {
    if (!answers.has(id))
      return {
        error: FirehoseError.missingRecordId,
        detail: `recordId ${id} is not in the response`,
      };
  }
  return { answers };
}
