// The parts of the local Firehose (scripts/local/*.mjs) that serve mode
// reuses, with the narrow types it relies on. Those modules have no
// declarations yet, so they are imported by a non-literal specifier (typed
// `any` by tsc) and given a type here, in one place.
import type { LocalStreamConfig } from '../../scripts/local/streamConfig.mjs';

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

/** One delivery stream of scripts/local/deliveryStream.mjs. */
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

interface Machinery {
  createDeliveryStream(options: {
    config: LocalStreamConfig;
    serial: number;
    clock: { now(): number };
    invoke: FunctionRunners['invoke'];
    sink: ObjectSink;
    activePartitionLimit: number;
    region: string;
  }): LocalDeliveryStream;
  createFunctionRunners(options: {
    template: unknown;
    templatePath: string;
    parameters: Record<string, string>;
    parameterOverrides: Record<string, string>;
    region: string;
    firehoseEndpoint: string;
    logs: LogCollector;
  }): FunctionRunners;
  createLogCollector(options: {
    echo: ((text: string) => void) | undefined;
  }): LogCollector;
  createFolderSink(folder: string): ObjectSink;
  createS3Sink(options: {
    endpoint: string;
    bucket: string;
    region: string;
  }): Promise<ObjectSink>;
  buildReport(options: {
    streams: readonly LocalDeliveryStream[];
    logs: LogCollector;
    calls: ApiCalls;
    output: string;
    outputLabel: string;
    wallMs: number;
    simulated: { firstArrivalMs: number | undefined; lastMs: number };
    warnings: string[];
    skipped: { logicalId: string; reason: string }[];
  }): unknown;
  formatSummary(
    report: unknown,
    info: { input: string; stream: string },
  ): string;
  parseArgs(
    argv: readonly string[],
    spec: Record<string, 'string' | 'number' | 'boolean' | 'list'>,
  ): { options: Record<string, unknown>; positional: string[] };
  parseParameterOverrides(args: unknown): Record<string, string>;
  UsageError: new (message: string) => Error;
}

const LOCAL = '../../scripts/local/';

async function load(name: string): Promise<Record<string, unknown>> {
  const specifier = `${LOCAL}${name}.mjs`;
  return (await import(specifier)) as Record<string, unknown>;
}

const modules = await Promise.all(
  [
    'deliveryStream',
    'functionRunners',
    'functionLogs',
    'objectSinks',
    'runReport',
    'summaryText',
    'cliArgs',
  ].map(load),
);

/** scripts/local's factories, typed for serve mode. */
export const machinery = Object.assign({}, ...modules) as Machinery;
