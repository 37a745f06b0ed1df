// The JSON line Firehose writes under the error prefix for a record it
// could not deliver (data-transformation-failure-handling.html).

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
}) {
  const line = {
    attemptsMade,
    arrivalTimestamp: arrivalMs,
    errorCode: error.code,
    errorMessage: error.message,
    attemptEndingTimestamp: attemptEndingMs,
    rawData,
  };
  // Dynamic-partitioning errors of a stream without a processor have no ARN.
  if (lambdaArn !== undefined) line.lambdaArn = lambdaArn;
  return `${JSON.stringify(line)}\n`;
}
