// Types of errorCodes.mjs, for the TypeScript tests.

export interface FirehoseErrorKind {
  readonly code: string;
  readonly message: string;
  readonly outputType: string;
}

export declare const ErrorOutputType: {
  readonly processingFailed: 'processing-failed';
  readonly partitioningFailed: 'partitioning-failed';
  readonly activePartitionExceeded: 'activePartitionExceeded';
};
export declare const FirehoseError: {
  readonly processingFailedStatus: FirehoseErrorKind;
  readonly functionError: FirehoseErrorKind;
  readonly missingRecordId: FirehoseErrorKind;
  readonly duplicatedRecordId: FirehoseErrorKind;
  readonly jsonProcessingException: FirehoseErrorKind;
  readonly metadataExtractionFailed: FirehoseErrorKind;
  readonly activePartitionsLimitExceeded: FirehoseErrorKind;
};
