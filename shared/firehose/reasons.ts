/**
 * Machine-readable reasons attached to records that are not answered `Ok`.
 * They appear in logs (`reason`) and in metric names (`Failed.<reason>`).
 *
 * @example
 * ```ts
 * failed(FailureReason.invalidJson, 'line 1: Unexpected token');
 * ```
 */
export const FailureReason = {
  invalidBase64: 'invalid-base64',
  invalidUtf8: 'invalid-utf8',
  emptyRecord: 'empty-record',
  invalidJson: 'invalid-json',
  schemaMismatch: 'schema-mismatch',
  notAnObject: 'not-an-object',
  missingTimestamp: 'missing-timestamp',
  invalidTimestamp: 'invalid-timestamp',
  timestampOutOfRange: 'timestamp-out-of-range',
  mixedPartitions: 'mixed-partitions',
  responseTooLarge: 'response-too-large',
  tooLargeForFallback: 'too-large-for-fallback',
  fallbackFailed: 'fallback-failed',
  stageError: 'stage-error',
} as const;

export type FailureReason = (typeof FailureReason)[keyof typeof FailureReason];

/**
 * Reasons for a deliberate `Dropped` answer.
 *
 * @example
 * ```ts
 * dropped(DropReason.filtered);
 * ```
 */
export const DropReason = {
  /** Filtered by a stage (e.g. `ON_INVALID=drop`, or a user stage). */
  filtered: 'filtered',
  /** Schema-invalid and `ON_INVALID=drop`. */
  schemaMismatch: 'schema-mismatch',
  /** Delivered to the fallback stream, confirmed by PutRecordBatch. */
  deliveredToFallback: 'delivered-to-fallback',
  /** A CloudWatch Logs control message. */
  controlMessage: 'control-message',
} as const;

export type DropReason = (typeof DropReason)[keyof typeof DropReason];
