// The parts of the local Firehose that serve mode reuses, with the narrow
// types it relies on, in one place.
import { parseArgs, parseParameterOverrides, UsageError } from '../cliArgs.ts';
import { createDeliveryStream } from '../deliveryStream.ts';
import { createLogCollector } from '../functionLogs.ts';
import { createFunctionRunners } from '../functionRunners.ts';
import { createFolderSink, createS3Sink } from '../objectSinks.ts';
import { buildReport } from '../runReport.ts';
import type { LocalStreamConfig } from '../streamConfig.ts';
import { formatSummary } from '../summaryText.ts';

/** A record as a delivery stream takes it. */
export interface StreamItem {
  data: Buffer;
  arrivalMs?: number;
}

/** Where objects go: a folder or an S3 API. */
export interface ObjectSink {
  label: string;
  describe(): string;
  put(key: string, body: Buffer): Promise<void>;
  finish(report: unknown): void;
}

/** One delivery stream of local/deliveryStream.ts, as serve mode uses it. */
export interface LocalDeliveryStream {
  readonly config: LocalStreamConfig;
  readonly stats: unknown;
  put(items: readonly StreamItem[]): string[];
  nextDeadline(): number | undefined;
  flushDue(now: number): void;
  readonly busy: boolean;
  idle(): Promise<void>;
}

export interface LogCollector {
  sinkFor(logicalId: string): (chunk: Buffer) => void;
  counters(logicalId: string): Record<string, number>;
}

export interface FunctionRunners {
  invoke(logicalId: string, event: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** What the PutRecord/PutRecordBatch calls added up to (for the report). */
export interface ApiCalls {
  PutRecord: number;
  PutRecordBatch: number;
  records: number;
  refused: number;
}

/** The local Firehose's factories, as serve mode uses them. */
export const machinery = {
  createDeliveryStream,
  createFunctionRunners,
  createLogCollector,
  createFolderSink,
  createS3Sink,
  buildReport,
  formatSummary,
  parseArgs,
  parseParameterOverrides,
  UsageError,
};
