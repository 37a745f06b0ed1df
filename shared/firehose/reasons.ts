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
  /** A line that does not parse as the configured `INPUT_FORMAT`. */
  invalidLogLine: 'invalid-log-line',
  schemaMismatch: 'schema-mismatch',
  notAnObject: 'not-an-object',
  missingTimestamp: 'missing-timestamp',
  invalidTimestamp: 'invalid-timestamp',
  timestampOutOfRange: 'timestamp-out-of-range',
  mixedPartitions: 'mixed-partitions',
  responseTooLarge: 'response-too-large',
  /** Not gzip data (no 1f 8b magic bytes): CloudWatch Logs records are gzip. */
  notGzip: 'not-gzip',
  /** Gzip magic bytes, but the stream is corrupt or truncated. */
  invalidGzip: 'invalid-gzip',
  /** Decompresses past the configured cap (a gzip bomb, or a huge batch). */
  decompressedTooLarge: 'decompressed-too-large',
  /** A gzip-compressed record and `DECOMPRESS=none`. */
  compressedRecord: 'compressed-record',
  /**
   * The output would pass what one invocation may build
   * (`MAX_OUTPUT_BYTES`): a record that amplifies (a huge log group name
   * repeated on every event), or more output than the budget holds.
   */
  outputTooLarge: 'output-too-large',
  /** Not a CloudWatch Logs subscription message we understand. */
  invalidCloudWatchLogs: 'invalid-cloudwatch-logs',
  /** Re-ingestion was tried and not confirmed (parts may have arrived). */
  reingestFailed: 'reingest-failed',
  /** A line of the output is larger than one re-ingested record may be. */
  tooLargeForReingest: 'too-large-for-reingest',
  /** Re-ingested once already and still no room: never re-ingested twice. */
  tooLargeAfterReingest: 'too-large-after-reingest',
  /** Starts like a re-ingestion marker but the marker line is invalid. */
  invalidReingestMarker: 'invalid-reingest-marker',
  /**
   * A re-ingested record came back with partition keys but no window end
   * (a version-2 marker, written before the upgrade) to a function that
   * routes late data: its lateness cannot be judged, so it is not filed.
   */
  outdatedReingestMarker: 'outdated-reingest-marker',
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
  /** Every line failed to parse as `INPUT_FORMAT` and `ON_INVALID=drop`. */
  invalidLogLine: 'invalid-log-line',
  /** Delivered to the fallback stream, confirmed by PutRecordBatch. */
  deliveredToFallback: 'delivered-to-fallback',
  /** A CloudWatch Logs control message. */
  controlMessage: 'control-message',
  /** Sent back into the source stream, confirmed (see shared/reingest). */
  reingested: 'reingested',
} as const;

export type DropReason = (typeof DropReason)[keyof typeof DropReason];
