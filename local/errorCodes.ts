// The error codes and messages the local Firehose writes into error
// records, and the `!{firehose:error-output-type}` folder each goes to.
// Codes are Firehose's own where known (docs, public error objects); the
// messages marked "observed" were seen in real error objects, the others
// are ours (Firehose's exact wording is not public).

/** `!{firehose:error-output-type}` values. */
export const ErrorOutputType = {
  processingFailed: 'processing-failed',
  /** Observed in a real stream (aws-cdk integ test for dynamic partitioning). */
  partitioningFailed: 'partitioning-failed',
  /** As named in Firehose's buffering docs for the active-partition limit. */
  activePartitionExceeded: 'activePartitionExceeded',
} as const;

/** A `!{firehose:error-output-type}` value. */
export type ErrorOutputType =
  (typeof ErrorOutputType)[keyof typeof ErrorOutputType];

/** One kind of delivery error: its `errorCode`, `errorMessage` and folder. */
export interface FirehoseErrorKind {
  readonly code: string;
  readonly message: string;
  readonly outputType: ErrorOutputType;
}

/** `errorCode` of an error record, with its `errorMessage` and folder. */
export const FirehoseError = {
  /** The processor answered ProcessingFailed for the record. */
  processingFailedStatus: {
    code: 'Lambda.ProcessingFailedStatus',
    message: 'ProcessingFailed status set for record',
    outputType: ErrorOutputType.processingFailed,
  },
  /** Every invocation attempt failed (threw, timed out, crashed, response over 6 MB). */
  functionError: {
    code: 'Lambda.FunctionError',
    // Observed.
    message:
      'The Lambda function was successfully invoked but it returned an error result.',
    outputType: ErrorOutputType.processingFailed,
  },
  /** An input record id is not in the response. */
  missingRecordId: {
    code: 'Lambda.MissingRecordId',
    message:
      "One or more record IDs weren't returned. Ensure that the Lambda function returns all received record IDs.",
    outputType: ErrorOutputType.processingFailed,
  },
  /** A record id appears more than once in the response. */
  duplicatedRecordId: {
    code: 'Lambda.DuplicatedRecordId',
    message:
      'Multiple records were returned with the same record ID. Ensure that the Lambda function returns unique record IDs for each record.',
    outputType: ErrorOutputType.processingFailed,
  },
  /** The response does not follow the status model (shape, result, base64). */
  jsonProcessingException: {
    code: 'Lambda.JsonProcessingException',
    message:
      'There was an error parsing returned records from the Lambda function. Ensure that the returned records follow the status model required by Firehose.',
    outputType: ErrorOutputType.processingFailed,
  },
  /** An Ok record lacks a partition key the Prefix needs (or the prefix is too long). */
  metadataExtractionFailed: {
    code: 'DynamicPartitioning.MetadataExtractionFailed',
    message: 'Partition keys could not be evaluated for the S3 prefix.',
    outputType: ErrorOutputType.partitioningFailed,
  },
  /** A record would open a partition past the active-partition limit. */
  activePartitionsLimitExceeded: {
    code: 'DynamicPartitioning.ActivePartitionsLimitExceeded',
    // Observed.
    message:
      'The number of active partitions has exceeded the configured limit',
    outputType: ErrorOutputType.activePartitionExceeded,
  },
} as const satisfies Record<string, FirehoseErrorKind>;
