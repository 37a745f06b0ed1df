import { answerOf } from '../firehose/answerBatch.js';
import {
  answerBytes,
  recordIdBytes,
  responseFramingBytes,
  verdictAnswerBytes,
} from '../firehose/responseBudget.js';
import type { FirehoseRecord, Verdict } from '../firehose/types.js';

/** Which records leave the response so that it fits. */
export interface OverflowPlan {
  /** Fresh `Ok` records to re-ingest whole (answered `Dropped` if confirmed). */
  readonly move: ReadonlySet<number>;
  /**
   * Re-ingested records with no room even then: they fail
   * `too-large-after-reingest` and are never re-ingested again.
   */
  readonly evict: readonly number[];
  /** Projected response size when every move is confirmed. */
  readonly projectedBytes: number;
}

/**
 * Decide which `Ok` answers leave a response that would pass `budgetBytes`.
 * The sizes are exact (see responseBudget.ts). In order:
 * 1. fresh records whose answer alone cannot fit (a huge log batch);
 * 2. fresh records from the end of the batch, until it fits;
 * 3. only then records that were re-ingested already, from the end: they
 *    are evicted (failed), never moved, so nothing circulates.
 * Moves are counted as `Dropped` answers (the outcome when confirmed); if
 * some are not confirmed, `answerBatch`'s own guard still applies.
 *
 * @example
 * ```ts
 * const plan = planOverflow(records, verdicts, inbound.reingested, LAMBDA_RESPONSE_LIMIT_BYTES);
 * ```
 */
export function planOverflow(
  records: readonly FirehoseRecord[],
  verdicts: readonly Verdict[],
  reingested: readonly boolean[],
  budgetBytes: number,
): OverflowPlan {
  // The common case costs one pass and no allocation: the batch fits.
  const idBytes = recordIdBytes(records);
  let total = responseFramingBytes();
  for (let i = 0; i < records.length; i++) {
    total += verdictAnswerBytes(
      records[i] as FirehoseRecord,
      verdicts[i] as Verdict,
      idBytes[i],
    );
  }
  const move = new Set<number>();
  const evict: number[] = [];
  if (total <= budgetBytes) return { move, evict, projectedBytes: total };
  const sizes = records.map((record, i) =>
    answerBytes(answerOf(record, verdicts[i] as Verdict)),
  );

  const isOk = (i: number) => (verdicts[i] as Verdict).result === 'Ok';
  const droppedBytes = (i: number) =>
    answerBytes({
      recordId: (records[i] as FirehoseRecord).recordId,
      result: 'Dropped',
      data: '',
    });
  const tryMove = (i: number) => {
    const saved = (sizes[i] as number) - droppedBytes(i);
    if (saved <= 0) return;
    move.add(i);
    total -= saved;
  };

  const alone = budgetBytes - responseFramingBytes();
  for (let i = 0; i < records.length; i++) {
    if (isOk(i) && !reingested[i] && (sizes[i] as number) > alone) tryMove(i);
  }
  for (let i = records.length - 1; i >= 0 && total > budgetBytes; i--) {
    if (isOk(i) && !reingested[i] && !move.has(i)) tryMove(i);
  }
  for (let i = records.length - 1; i >= 0 && total > budgetBytes; i--) {
    if (!isOk(i) || !reingested[i]) continue;
    const record = records[i] as FirehoseRecord;
    const failedBytes = answerBytes({
      recordId: record.recordId,
      result: 'ProcessingFailed',
      data: record.data,
    });
    evict.push(i);
    total += failedBytes - (sizes[i] as number);
  }
  return { move, evict, projectedBytes: total };
}
