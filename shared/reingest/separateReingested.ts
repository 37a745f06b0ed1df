import type { Context } from 'aws-lambda';
import { FirehoseProcessorError } from '../errors.js';
import type { FirehoseRecord, OkVerdict, Verdict } from '../firehose/types.js';
import { isRejection, ok } from '../firehose/verdicts.js';
import type { InvocationSummary } from '../observability/invocationSummary.js';
import { decodeBase64 } from '../records/decodeData.js';
import {
  looksReingested,
  type ReingestedData,
  type ReingestMarker,
} from './reingestMarker.js';

/** A record that came back with a valid marker. */
export interface ReturnedRecord {
  /** Its index in the batch. */
  readonly index: number;
  readonly record: FirehoseRecord;
  /** What the marker says: output, keys, timing. */
  readonly marked: ReingestedData;
  /** The answer decided the first time: `Ok`, output, keys. */
  readonly answer: OkVerdict;
}

/** A batch split into fresh records and records that came back. */
export interface InboundBatch {
  /** Records for the processor, in input order. */
  readonly fresh: readonly FirehoseRecord[];
  /**
   * For each fresh record, its index in the batch; `undefined` when every
   * record is fresh (`fresh` is then the batch itself).
   */
  readonly freshIndex: readonly number[] | undefined;
  /** The verdicts decided here (re-ingested records), by batch index. */
  readonly verdicts: readonly (Verdict | undefined)[];
  /**
   * By batch index: true for a record that was re-ingested once already
   * (empty when none was).
   */
  readonly reingested: readonly boolean[];
  readonly reingestedCount: number;
  /** The records with a valid marker, in batch order. */
  readonly returned: readonly ReturnedRecord[];
}

/** What a {@link ReturnedRecordJudge} is given. */
export interface ReturnedBatch {
  readonly returned: readonly ReturnedRecord[];
  readonly summary: InvocationSummary;
  readonly context: Context;
  /** `event.deliveryStreamArn` (for fallback envelopes). */
  readonly sourceStream: string;
}

/**
 * Decides the answer of each returned record, in order (a function that
 * judges lateness again on the new arrival time passes one; without one
 * every returned record keeps its first answer).
 */
export type ReturnedRecordJudge = (
  batch: ReturnedBatch,
) => Promise<readonly Verdict[]>;

const NONE: readonly ReturnedRecord[] = Object.freeze([]);

/**
 * Take the re-ingested records out of a batch before the processor runs:
 * each one is answered `Ok` with its output and partition keys as they
 * were decided the first time (marker stripped; nothing is decoded,
 * validated or partitioned twice), or `ProcessingFailed` when its marker is
 * invalid (not signed with this stack's key, or not followed by JSON
 * Lines). The others go to the processor (one that is not strict base64
 * too: the processor fails it `invalid-base64`). A judge may then revise
 * the `Ok` answers ({@link judgeReturned}).
 *
 * @example
 * ```ts
 * const inbound = separateReingested(records, marker);
 * const verdicts = await processor(inbound.fresh, invocation);
 * ```
 */
export function separateReingested(
  records: readonly FirehoseRecord[],
  marker: ReingestMarker,
): InboundBatch {
  // The common case (nothing came back) allocates nothing per record.
  if (!anyLooksReingested(records)) {
    return {
      fresh: records,
      freshIndex: undefined,
      verdicts: [],
      reingested: [],
      reingestedCount: 0,
      returned: NONE,
    };
  }
  const verdicts: (Verdict | undefined)[] = new Array(records.length);
  const reingested: boolean[] = new Array(records.length).fill(false);
  const fresh: FirehoseRecord[] = [];
  const freshIndex: number[] = [];
  const returned: ReturnedRecord[] = [];
  let reingestedCount = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as FirehoseRecord;
    const marked = looksReingested(record.data)
      ? readMarked(record.data, marker)
      : undefined;
    if (marked === undefined) {
      fresh.push(record);
      freshIndex.push(i);
      continue;
    }
    reingestedCount++;
    if (isRejection(marked)) {
      verdicts[i] = marked;
      continue;
    }
    reingested[i] = true;
    const answer = ok(marked.payload.toString('base64'), marked.partitionKeys);
    verdicts[i] = answer;
    returned.push({ index: i, record, marked, answer });
  }
  return {
    fresh,
    freshIndex,
    verdicts,
    reingested,
    reingestedCount,
    returned,
  };
}

function anyLooksReingested(records: readonly FirehoseRecord[]): boolean {
  for (let i = 0; i < records.length; i++) {
    if (looksReingested((records[i] as FirehoseRecord).data)) return true;
  }
  return false;
}

/**
 * Let `judge` decide the answers of the returned records (a record that
 * came back too late for its partition, say); without a judge, or with
 * nothing returned, the batch is given back as it is.
 *
 * @throws FirehoseProcessorError when the judge answers a different number of records.
 * @example
 * ```ts
 * const inbound = await judgeReturned(separateReingested(records, marker), judge, { summary, context, sourceStream });
 * ```
 */
export async function judgeReturned(
  inbound: InboundBatch,
  judge: ReturnedRecordJudge | undefined,
  facts: Omit<ReturnedBatch, 'returned'>,
): Promise<InboundBatch> {
  const { returned } = inbound;
  if (judge === undefined || returned.length === 0) return inbound;
  const judged = await judge({ ...facts, returned });
  if (judged.length !== returned.length) {
    throw new FirehoseProcessorError(
      `the returned-record judge answered ${judged.length} of ${returned.length} records`,
    );
  }
  const verdicts = inbound.verdicts.slice();
  for (let i = 0; i < returned.length; i++) {
    verdicts[(returned[i] as ReturnedRecord).index] = judged[i] as Verdict;
  }
  return { ...inbound, verdicts };
}

function readMarked(data: string, marker: ReingestMarker) {
  let bytes: Buffer;
  try {
    bytes = decodeBase64(data);
  } catch {
    return undefined;
  }
  return marker.read(bytes);
}
