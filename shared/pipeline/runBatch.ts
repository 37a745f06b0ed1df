import type { Context } from 'aws-lambda';
import { FirehoseProcessorError } from '../errors.js';
import { answerBatch } from '../firehose/answerBatch.js';
import { readEvent } from '../firehose/readEvent.js';
import type {
  BatchSource,
  FirehoseRecord,
  FirehoseResponse,
  Verdict,
} from '../firehose/types.js';
import {
  createInvocationSummary,
  type InvocationSummary,
} from '../observability/invocationSummary.js';
import type { Logger } from '../observability/logger.js';
import {
  failOverflow,
  type OverflowPolicy,
} from '../reingest/overflowPolicy.js';
import {
  createReingestMarker,
  LOCAL_MARKER_KEY,
} from '../reingest/reingestMarker.js';
import {
  judgeReturned,
  separateReingested,
} from '../reingest/separateReingested.js';

const localMarker = createReingestMarker(LOCAL_MARKER_KEY);

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

export type { BatchSource } from '../firehose/types.js';

/** Where a batch's logs and metrics go. */
export interface Observability {
  readonly logger: Logger;
  readonly namespace: string;
  readonly functionName: string;
}

/**
 * Run one invocation: check the event, answer the records that come back
 * from re-ingestion as they were decided the first time (unless the
 * policy's `judgeReturned` decides otherwise: a record back too late for
 * its partition), let the processor decide every other record, settle
 * what does not fit (`overflow`: re-ingest it, or fail it), answer
 * Firehose within the response-size limit, and write the summary line
 * with metrics. Throws only for a batch-wide fault.
 *
 * @throws MalformedEventError when the event is not a Firehose event.
 * @example
 * ```ts
 * return runBatch(event, context, (records) => records.map(transform), observability, overflow);
 * ```
 */
export async function runBatch(
  event: unknown,
  context: Context,
  processor: BatchProcessor,
  observability: Observability,
  overflow: OverflowPolicy = failOverflow,
): Promise<FirehoseResponse> {
  const records = readEvent(event);
  const source = readSource(event, records);
  const summary = createInvocationSummary(observability);
  let inbound = separateReingested(records, overflow.marker ?? localMarker);
  if (inbound.returned.length > 0) {
    inbound = await judgeReturned(inbound, overflow.judgeReturned, {
      summary,
      context,
      sourceStream: source.deliveryStreamArn,
    });
  }
  if (inbound.reingestedCount > 0) {
    summary.count('ReingestedIn', inbound.reingestedCount);
  }
  const processed = await processor(inbound.fresh, {
    summary,
    context,
    source,
  });
  if (processed.length !== inbound.fresh.length) {
    throw new FirehoseProcessorError(
      `processor returned ${processed.length} verdicts for ${inbound.fresh.length} records`,
    );
  }
  let decided: readonly (Verdict | undefined)[] = processed;
  const freshIndex = inbound.freshIndex;
  if (freshIndex !== undefined) {
    const merged = inbound.verdicts.slice();
    freshIndex.forEach((index, i) => {
      merged[index] = processed[i];
    });
    decided = merged;
  }
  const verdicts = await overflow.settle({
    records,
    verdicts: decided as Verdict[],
    reingested: inbound.reingested,
    source,
    context,
    summary,
  });
  const answered = answerBatch(records, verdicts);
  summary.verdicts(records, answered.verdicts);
  summary.count('BytesIn', base64Bytes(records));
  summary.count('BytesOut', answered.bytes);
  summary.emit();
  return answered.response;
}

function readSource(
  event: unknown,
  records: readonly FirehoseRecord[],
): BatchSource {
  const { deliveryStreamArn, sourceKinesisStreamArn, sourceMSKArn } = event as {
    deliveryStreamArn?: unknown;
    sourceKinesisStreamArn?: unknown;
    sourceMSKArn?: unknown;
  };
  return {
    deliveryStreamArn:
      typeof deliveryStreamArn === 'string' ? deliveryStreamArn : '',
    sourceKinesisStreamArn:
      typeof sourceKinesisStreamArn === 'string'
        ? sourceKinesisStreamArn
        : undefined,
    sourceMSKArn:
      typeof sourceMSKArn === 'string'
        ? sourceMSKArn
        : hasMskRecord(records)
          ? ''
          : undefined,
  };
}

function hasMskRecord(records: readonly FirehoseRecord[]): boolean {
  for (let i = 0; i < records.length; i++) {
    if ((records[i] as FirehoseRecord).kafkaRecordValue !== undefined) {
      return true;
    }
  }
  return false;
}

function base64Bytes(records: readonly FirehoseRecord[]): number {
  let bytes = 0;
  for (const record of records)
    bytes += Math.floor((record.data.length * 3) / 4);
  return bytes;
}
