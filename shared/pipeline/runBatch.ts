import type { Context } from 'aws-lambda';
import { FirehoseProcessorError } from '../errors.js';
import { answerBatch } from '../firehose/answerBatch.js';
import { readEvent } from '../firehose/readEvent.js';
import type {
  FirehoseRecord,
  FirehoseResponse,
  Verdict,
} from '../firehose/types.js';
import {
  createInvocationSummary,
  type InvocationSummary,
} from '../observability/invocationSummary.js';
import type { Logger } from '../observability/logger.js';

/** Decides a verdict for every record, in order. */
export type BatchProcessor = (
  records: readonly FirehoseRecord[],
  invocation: Invocation,
) => readonly Verdict[] | Promise<readonly Verdict[]>;

/** What a batch processor may know of its invocation besides the records. */
export interface Invocation {
  readonly summary: InvocationSummary;
  readonly context: Context;
  /** Where the records come from (for envelopes and re-ingestion). */
  readonly source: BatchSource;
}

/** The event's header: which stream (and Kinesis stream) sent the batch. */
export interface BatchSource {
  /** `event.deliveryStreamArn`, or '' when absent. */
  readonly deliveryStreamArn: string;
  /** `event.sourceKinesisStreamArn` for a Kinesis Data Stream source. */
  readonly sourceKinesisStreamArn: string | undefined;
}

/** Where a batch's logs and metrics go. */
export interface Observability {
  readonly logger: Logger;
  readonly namespace: string;
  readonly functionName: string;
}

/**
 * Run one invocation: check the event, let the processor decide every
 * record, answer Firehose within the response-size limit, and write the
 * summary line with metrics. Throws only for a batch-wide fault.
 *
 * @throws MalformedEventError when the event is not a Firehose event.
 * @example
 * ```ts
 * return runBatch(event, context, (records) => records.map(transform), observability);
 * ```
 */
export async function runBatch(
  event: unknown,
  context: Context,
  processor: BatchProcessor,
  observability: Observability,
): Promise<FirehoseResponse> {
  const records = readEvent(event);
  const summary = createInvocationSummary(observability);
  const verdicts = await processor(records, {
    summary,
    context,
    source: readSource(event),
  });
  if (verdicts.length !== records.length) {
    throw new FirehoseProcessorError(
      `processor returned ${verdicts.length} verdicts for ${records.length} records`,
    );
  }
  const answered = answerBatch(records, verdicts);
  summary.verdicts(records, answered.verdicts);
  summary.count('BytesIn', base64Bytes(records));
  summary.count('BytesOut', answered.bytes);
  summary.emit();
  return answered.response;
}

function readSource(event: unknown): BatchSource {
  const { deliveryStreamArn, sourceKinesisStreamArn } = event as {
    deliveryStreamArn?: unknown;
    sourceKinesisStreamArn?: unknown;
  };
  return {
    deliveryStreamArn:
      typeof deliveryStreamArn === 'string' ? deliveryStreamArn : '',
    sourceKinesisStreamArn:
      typeof sourceKinesisStreamArn === 'string'
        ? sourceKinesisStreamArn
        : undefined,
  };
}

function base64Bytes(records: readonly FirehoseRecord[]): number {
  let bytes = 0;
  for (const record of records)
    bytes += Math.floor((record.data.length * 3) / 4);
  return bytes;
}
