// The JSON line Firehose writes under the error prefix for a record it
// could not deliver (data-transformation-failure-handling.html).
import type { FirehoseErrorRecord } from '#shared/firehose/errorRecord.js';
import type { FirehoseErrorKind } from './errorCodes.ts';

/**
 * One error record, newline-terminated.
 *
 * @example
 *   errorRecordLine({ rawData: 'e30=', arrivalMs, error: FirehoseError.functionError,
 *     attemptsMade: 4, attemptEndingMs, lambdaArn });
 */
export function errorRecordLine({
  rawData,
  arrivalMs,
  error,
  attemptsMade,
  attemptEndingMs,
  lambdaArn,
}: {
  /** The record's original bytes, base64. */
  rawData: string;
  arrivalMs: number;
  error: FirehoseErrorKind;
  attemptsMade: number;
  attemptEndingMs: number;
  lambdaArn: string | undefined;
}): string {
  const line: FirehoseErrorRecord = {
    attemptsMade,
    arrivalTimestamp: arrivalMs,
    errorCode: error.code,
    errorMessage: error.message,
    attemptEndingTimestamp: attemptEndingMs,
    rawData,
    // Dynamic-partitioning errors of a stream without a processor have no ARN.
    ...(lambdaArn === undefined ? {} : { lambdaArn }),
  };
  return `${JSON.stringify(line)}\n`;
}
