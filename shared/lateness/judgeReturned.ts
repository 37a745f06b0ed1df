import { FailureReason } from '../firehose/reasons.js';
import type { EventTiming, Verdict } from '../firehose/types.js';
import { failed } from '../firehose/verdicts.js';
import type {
  ReturnedBatch,
  ReturnedRecord,
  ReturnedRecordJudge,
} from '../reingest/separateReingested.js';
import type { BatchTransport } from '../senders/batchTransport.js';
import { createFallbackRouting } from './fallbackRouting.js';
import type { LatenessConfig } from './latenessConfig.js';

/** How a returning record stands against its partition's lateness. */
export const ReturnedTimeliness = {
  /** Arrived (again) by window end + allowed lateness: into its partition. */
  onTime: 'on-time',
  /** Arrived after its partition closed: never into it (when routed). */
  late: 'late',
  /** Has keys but no signed window end (a version-2 marker). */
  unjudged: 'unjudged',
} as const;
export type ReturnedTimeliness =
  (typeof ReturnedTimeliness)[keyof typeof ReturnedTimeliness];

/**
 * The lateness rule of `classifyLateness`, applied to a re-ingested record
 * on its *new* arrival time: late when `arrival > windowEnd + allowed
 * lateness`. Early is not asked again: the first arrival was not early,
 * and the new one is later. `timing` comes from the signed marker.
 *
 * @example
 * ```ts
 * returnedTimeliness({ windowEndMs: end, eventTimeMs }, end + 3_600_001, 3_600_000); // 'late'
 * ```
 */
export function returnedTimeliness(
  timing: EventTiming | undefined,
  arrivalMs: number,
  allowedLatenessMs: number,
): ReturnedTimeliness {
  if (timing === undefined) return ReturnedTimeliness.unjudged;
  return arrivalMs > timing.windowEndMs + allowedLatenessMs
    ? ReturnedTimeliness.late
    : ReturnedTimeliness.onTime;
}

/** What the judge of EventTimePartitionFunction is made of. */
export interface ReturnedJudgeParts {
  readonly lateness: LatenessConfig;
  /** The fallback stream's transport; undefined when no stream is set. */
  readonly fallback: BatchTransport | undefined;
}

/**
 * The judge of records that come back from re-ingestion to
 * EventTimePartitionFunction. Their keys and output stay those of the first
 * arrival, but their arrival time is new, and the partition commit trusts
 * that nothing arriving after `end(P) + ALLOWED_LATENESS` lands in P. So:
 *
 * - no keys (nothing partitioned), or on time: the first answer, `Ok`;
 * - late, with a fallback stream: the output's lines go there as late
 *   envelopes (the same format as a late fresh record, each line
 *   verbatim); `Dropped` only once confirmed, else `ProcessingFailed`
 *   (`fallback-failed`, `too-large-for-fallback`) with the original data;
 * - late without a fallback stream: counted `Late` and delivered, like a
 *   late fresh record (commits are then not exact);
 * - keys without a signed window end (version-2 marker): delivered when
 *   there is no fallback stream (every record is, then); otherwise
 *   `ProcessingFailed` (`outdated-reingest-marker`): it could be late, and
 *   the original (marker and output) is kept in the error prefix.
 *
 * @example
 * ```ts
 * const overflow = createReingestPolicy(config, { judgeReturned: createReturnedRecordJudge({ lateness, fallback }) });
 * ```
 */
export function createReturnedRecordJudge(
  parts: ReturnedJudgeParts,
): ReturnedRecordJudge {
  const { lateness, fallback } = parts;
  return async function judgeReturnedRecords({
    returned,
    summary,
    context,
    sourceStream,
  }: ReturnedBatch): Promise<readonly Verdict[]> {
    const verdicts: Verdict[] = new Array(returned.length);
    const routing =
      fallback === undefined
        ? undefined
        : createFallbackRouting(fallback, lateness, summary);
    for (let i = 0; i < returned.length; i++) {
      const { record, marked, answer } = returned[i] as ReturnedRecord;
      verdicts[i] = answer;
      const keys = marked.partitionKeys;
      if (keys === undefined) continue;
      const arrivalMs = record.approximateArrivalTimestamp;
      const timeliness = returnedTimeliness(
        marked.timing,
        arrivalMs,
        lateness.allowedLatenessMs,
      );
      if (timeliness === ReturnedTimeliness.onTime) continue;
      if (timeliness === ReturnedTimeliness.unjudged) {
        if (fallback === undefined) continue;
        summary.count('ReingestedUnjudged');
        verdicts[i] = failed(
          FailureReason.outdatedReingestMarker,
          `the marker (version ${marked.version}) has partition keys but no window end, so its lateness cannot be judged${marked.version < 3 ? '; re-ingested before the upgrade' : ''}`,
        );
        continue;
      }
      summary.count('Late');
      summary.count('ReingestedLate');
      if (routing === undefined) continue;
      const refused = routing.route(i, linesOf(marked.payload), {
        reason: 'late',
        recordId: record.recordId,
        eventTimeMs: (marked.timing as EventTiming).eventTimeMs,
        arrivalMs,
        partition: keys,
        sourceStream,
      });
      if (refused !== undefined) verdicts[i] = refused;
    }
    await routing?.send(verdicts, context);
    return verdicts;
  };
}

/**
 * The lines of a marked record's output: the marker reader checked that it
 * is canonical newline-terminated JSON Lines, so each line is JSON text.
 */
function linesOf(payload: Buffer): { readonly text: string }[] {
  const text = payload.toString('utf8');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => ({ text: line }));
}
