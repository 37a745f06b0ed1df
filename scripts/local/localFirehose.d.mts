// Types of localFirehose.mjs, for the TypeScript tests.

/** A record put into a stream; `arrivalMs` defaults to the clock's now. */
export interface LocalRecord {
  data: Buffer;
  arrivalMs?: number;
}

export interface BatchFailure {
  code: string;
  detail: string;
  records: number;
}

export interface StreamReport {
  logicalId: string;
  name: string;
  function: string | undefined;
  recordsIn: number;
  bytesIn: number;
  ok: number;
  dropped: number;
  processingFailed: number;
  delivered: number;
  invocations: number;
  invocationErrors: Record<string, number>;
  batchFailures: BatchFailure[];
  errorRecords: Record<string, number>;
  partitions: number;
  objects: number;
  dataObjects: number;
  errorObjects: number;
  bytesOut: number;
  keys: { key: string; bytes: number }[];
  functionMetrics: Record<string, number>;
}

export interface RunReport {
  output: string;
  outputLabel: string;
  wallMs: number;
  simulated: { firstArrival: string | null; lastFlush: string | null };
  api: {
    PutRecord: number;
    PutRecordBatch: number;
    records: number;
    refused: number;
  };
  warnings: string[];
  skipped: { logicalId: string; reason: string }[];
  streams: StreamReport[];
}

export interface StreamConfig {
  logicalId: string;
  name: string;
  arn: string;
  bucket: string;
  dynamicPartitioning: boolean;
  compression: string;
  timeZone: string;
  buffering: { sizeBytes: number; intervalMs: number };
  processor:
    | {
        functionLogicalId: string;
        lambdaArn: string;
        bufferSizeBytes: number;
        intervalMs: number;
        retries: number;
      }
    | undefined;
  appendDelimiter: boolean;
}

export interface LocalFirehoseOptions {
  templatePath?: string;
  parameterOverrides?: Record<string, string>;
  region?: string;
  out?: string;
  s3Endpoint?: string;
  bucket?: string;
  activePartitionLimit?: number;
  echoLogs?: (text: string) => void;
}

export interface LocalFirehose {
  readonly endpoint: string;
  readonly streams: StreamConfig[];
  readonly skipped: { logicalId: string; reason: string }[];
  readonly warnings: string[];
  readonly output: string;
  put(nameOrId: string, items: LocalRecord[]): string[];
  advanceTo(time: number): Promise<void>;
  drain(): Promise<void>;
  report(): RunReport;
  close(report?: RunReport): Promise<void>;
}

export declare const ACTIVE_PARTITION_LIMIT: number;
export declare function startLocalFirehose(
  options?: LocalFirehoseOptions,
): Promise<LocalFirehose>;
export declare function runLocalFirehose(
  options: LocalFirehoseOptions & {
    stream: string;
    records: Iterable<LocalRecord & { arrivalMs: number }>;
    onProgress?: (done: number) => void;
  },
): Promise<RunReport>;
