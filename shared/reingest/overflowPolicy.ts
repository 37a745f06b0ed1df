import type { Context } from 'aws-lambda';
import { DropReason, FailureReason } from '../firehose/reasons.js';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../firehose/responseBudget.js';
import type {
  BatchSource,
  FirehoseRecord,
  OkVerdict,
  OutputPart,
  Verdict,
} from '../firehose/types.js';
import { dropped, failed, ok, timingOf } from '../firehose/verdicts.js';
import type { InvocationSummary } from '../observability/invocationSummary.js';
import { planOverflow } from './planOverflow.js';
import type { ReingestConfig } from './reingestConfig.js';
import { createReingestMarker, type ReingestMarker } from './reingestMarker.js';
import { type ReingestJob, reingestRecords } from './reingestRecords.js';
import {
  type ReingestTransports,
  reingestTarget,
  sdkTransports,
} from './reingestTarget.js';
import type { ReturnedRecordJudge } from './separateReingested.js';

/** A batch with every verdict decided, before it is answered. */
export interface DecidedBatch {
  readonly records: readonly FirehoseRecord[];
  readonly verdicts: readonly Verdict[];
  /** By index: the record was re-ingested once already. */
  readonly reingested: readonly boolean[];
  readonly source: BatchSource;
  readonly context: Context;
  readonly summary: InvocationSummary;
}

/**
 * What happens to output that cannot be answered: a response over the
 * size budget, or `Ok` verdicts carrying `extraParts`.
 *
 * @example
 * ```ts
 * const verdicts = await policy.settle(batch);
 * ```
 */
export interface OverflowPolicy {
  settle(batch: DecidedBatch): Promise<readonly Verdict[]>;
  /**
   * Authenticates the markers of records that come back; the public
   * local key's when absent.
   */
  readonly marker?: ReingestMarker;
  /**
   * Decides again on the records that come back (EventTimePartitionFunction:
   * lateness on the new arrival time); absent: they keep their first answer.
   */
  readonly judgeReturned?: ReturnedRecordJudge;
}

/**
 * `REINGEST=false`: nothing is sent. A record with `extraParts` fails
 * `mixed-partitions`; a response over 6 MB is left to `answerBatch`, which
 * fails records `response-too-large`.
 *
 * @example
 * ```ts
 * runBatch(event, context, processor, observability, failOverflow);
 * ```
 */
export const failOverflow: OverflowPolicy = failingOverflow(
  're-ingestion is off (REINGEST=false)',
);

/**
 * Amazon MSK source: Firehose pulls from the topic and nothing can be put
 * back into it, so overflow is never re-ingested whatever `REINGEST` says.
 * As with {@link failOverflow}, a record with `extraParts` fails
 * `mixed-partitions`, and `answerBatch` fails what does not fit in 6 MB
 * (`response-too-large`); both keep their original `kafkaRecordValue`.
 *
 * @example
 * ```ts
 * if (batch.source.sourceMSKArn !== undefined) return failMskOverflow.settle(batch);
 * ```
 */
export const failMskOverflow: OverflowPolicy = failingOverflow(
  'the source is Amazon MSK, which nothing can be re-ingested into',
);

function failingOverflow(why: string): OverflowPolicy {
  return {
    async settle({ verdicts }) {
      // Copied only when a verdict changes (most batches: none does).
      let settled: Verdict[] | undefined;
      for (let i = 0; i < verdicts.length; i++) {
        const verdict = verdicts[i] as Verdict;
        if (verdict.result !== 'Ok' || verdict.extraParts === undefined) {
          continue;
        }
        settled ??= verdicts.slice();
        settled[i] = failed(
          FailureReason.mixedPartitions,
          `the output spans ${verdict.extraParts.length + 1} partitions and ${why}`,
        );
      }
      return settled ?? verdicts;
    },
  };
}

/** Options of {@link createReingestPolicy}. */
export interface ReingestPolicyOptions {
  /** Response size that triggers re-ingestion. Default: Lambda's 6 MB. */
  readonly budgetBytes?: number;
  /** Default: the SDK transports. */
  readonly transports?: ReingestTransports;
  /** See {@link OverflowPolicy.judgeReturned}; also when re-ingestion is off. */
  readonly judgeReturned?: ReturnedRecordJudge;
}

/**
 * The policy for a function's `REINGEST` setting: {@link failOverflow}
 * when off; otherwise records that do not fit (see `planOverflow`) and
 * `extraParts` are re-ingested into the source stream. A moved record is
 * answered `Dropped` (`reingested`) once all its pieces are confirmed, an
 * `Ok` with parts keeps its `Ok` then; otherwise the record fails
 * `reingest-failed` (Firehose keeps the original in the error prefix).
 *
 * @example
 * ```ts
 * const overflow = createReingestPolicy(readReingestConfig(process.env));
 * ```
 */
export function createReingestPolicy(
  config: ReingestConfig,
  options: ReingestPolicyOptions = {},
): OverflowPolicy {
  const marker = createReingestMarker(config.markerKey);
  const { judgeReturned } = options;
  // Off: nothing is sent, but records re-ingested before the switch are
  // still recognised (and judged).
  if (!config.enabled) {
    return judgeReturned === undefined
      ? { settle: failOverflow.settle, marker }
      : { settle: failOverflow.settle, marker, judgeReturned };
  }
  const budget = options.budgetBytes ?? LAMBDA_RESPONSE_LIMIT_BYTES;
  let transports = options.transports;

  return {
    marker,
    ...(judgeReturned === undefined ? {} : { judgeReturned }),
    async settle(batch) {
      if (batch.source.sourceMSKArn !== undefined) {
        return failMskOverflow.settle(batch);
      }
      const { records, verdicts, reingested, source, context, summary } = batch;
      const final = verdicts.slice();
      const plan = planOverflow(records, final, reingested, budget);
      for (const i of plan.evict) {
        final[i] = failed(
          FailureReason.tooLargeAfterReingest,
          'already re-ingested once and the response has no room for it; a record is never re-ingested twice',
        );
      }
      const jobs: ReingestJob[] = [];
      const jobIndex = new Map<string, number>();
      for (let i = 0; i < final.length; i++) {
        const verdict = final[i] as Verdict;
        if (verdict.result !== 'Ok') continue;
        const moves = plan.move.size > 0 && plan.move.has(i);
        // Most records: nothing to send (and no array made to say so).
        if (!moves && verdict.extraParts === undefined) continue;
        const parts = partsToSend(verdict, moves);
        if (parts.length === 0) continue;
        const record = records[i] as FirehoseRecord;
        jobs.push({ record, parts });
        jobIndex.set(record.recordId, i);
      }
      if (jobs.length === 0) return final;

      transports ??= sdkTransports();
      const target = reingestTarget(source, transports);
      for (const job of jobs) {
        const i = jobIndex.get(job.record.recordId) as number;
        if (typeof target === 'string') {
          final[i] = failed(FailureReason.reingestFailed, target);
        }
      }
      if (typeof target === 'string') {
        summary.count('ReingestFailed', jobs.length);
        return final;
      }
      const outcomes = await reingestRecords(jobs, {
        target,
        deadline:
          Date.now() +
          context.getRemainingTimeInMillis() -
          config.safetyMarginMs,
        maxAttempts: config.maxAttempts,
        marker,
      });
      for (const [recordId, outcome] of outcomes) {
        const i = jobIndex.get(recordId) as number;
        const verdict = final[i] as OkVerdict;
        if (!outcome.delivered) {
          final[i] = outcome.verdict;
          summary.count('ReingestFailed');
          continue;
        }
        summary.count('ReingestedPieces', outcome.pieces);
        if (plan.move.has(i)) {
          final[i] = dropped(DropReason.reingested);
          summary.count('Reingested');
        } else {
          final[i] = ok(verdict.data, verdict.partitionKeys);
          summary.count('PartsReingested');
        }
      }
      return final;
    },
  };
}

/** The output to send for an `Ok` record: all of it when it moves. */
function partsToSend(verdict: OkVerdict, moves: boolean): OutputPart[] {
  const parts: OutputPart[] = [];
  if (moves) {
    const data = Buffer.from(verdict.data, 'base64');
    const { partitionKeys } = verdict;
    const timing = timingOf(verdict);
    parts.push(
      partitionKeys === undefined
        ? { data }
        : timing === undefined
          ? { data, partitionKeys }
          : { data, partitionKeys, timing },
    );
  }
  if (verdict.extraParts !== undefined) parts.push(...verdict.extraParts);
  return parts;
}
