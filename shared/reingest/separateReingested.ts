import type { FirehoseRecord, Verdict } from '../firehose/types.js';
import { isRejection, ok } from '../firehose/verdicts.js';
import { decodeBase64 } from '../records/decodeData.js';
import { looksReingested, type ReingestMarker } from './reingestMarker.js';

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
}

/**
 * Take the re-ingested records out of a batch before the processor runs:
 * each one is answered `Ok` with its output and partition keys as they
 * were decided the first time (marker stripped; nothing is decoded,
 * validated or partitioned twice), or `ProcessingFailed` when its marker is
 * invalid (not signed with this stack's key, or not followed by JSON
 * Lines). The others go to the processor (one that is not strict base64
 * too: the processor fails it `invalid-base64`).
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
  if (!records.some((record) => looksReingested(record.data))) {
    return {
      fresh: records,
      freshIndex: undefined,
      verdicts: [],
      reingested: [],
      reingestedCount: 0,
    };
  }
  const verdicts: (Verdict | undefined)[] = new Array(records.length);
  const reingested: boolean[] = new Array(records.length).fill(false);
  const fresh: FirehoseRecord[] = [];
  const freshIndex: number[] = [];
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
    verdicts[i] = ok(marked.payload.toString('base64'), marked.partitionKeys);
  }
  return { fresh, freshIndex, verdicts, reingested, reingestedCount };
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
