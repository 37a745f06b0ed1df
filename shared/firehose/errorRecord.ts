/**
 * One line of an object Firehose writes under `ErrorOutputPrefix` for a
 * record it could not deliver (data-transformation-failure-handling.html):
 * the record's original bytes and why it failed. Written by the local
 * Firehose exactly as Firehose writes it; read back by whoever re-drives
 * failed records.
 *
 * @example
 * ```ts
 * const line: FirehoseErrorRecord = {
 *   attemptsMade: 4,
 *   arrivalTimestamp: 1772358300000,
 *   errorCode: 'Lambda.ProcessingFailedStatus',
 *   errorMessage: 'ProcessingFailed status set for record',
 *   attemptEndingTimestamp: 1772358360000,
 *   rawData: 'eyJhIjoxfQ==',
 *   lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:Fn',
 * };
 * ```
 */
export interface FirehoseErrorRecord {
  /** Invocation attempts made for the record's batch. */
  readonly attemptsMade: number;
  /** When the record reached Firehose, epoch milliseconds. */
  readonly arrivalTimestamp: number;
  /** Firehose's code, e.g. `Lambda.FunctionError`. */
  readonly errorCode: string;
  readonly errorMessage: string;
  /** When the last attempt ended, epoch milliseconds. */
  readonly attemptEndingTimestamp: number;
  /** The record's original data, base64: the bytes the producer sent. */
  readonly rawData: string;
  /** The processor's ARN; absent for a stream without a processor. */
  readonly lambdaArn?: string;
}
