import { FailureReason } from '../firehose/reasons.js';
import type {
  FailedVerdict,
  FirehoseRecord,
  OutputPart,
} from '../firehose/types.js';
import { failed } from '../firehose/verdicts.js';
import type { BatchEntry } from '../senders/batchTransport.js';
import { sendBatches } from '../senders/sendBatches.js';
import type { EntryOutcome } from '../senders/sendReport.js';
import type { ReingestMarker } from './reingestMarker.js';
import type { ReingestTarget } from './reingestTarget.js';
import { splitLines } from './splitLines.js';

/** One record's output to send back into its source stream. */
export interface ReingestJob {
  readonly record: FirehoseRecord;
  /** Output with its partition keys; each is sent in one or more pieces. */
  readonly parts: readonly OutputPart[];
}

/** Whether all of a record's pieces were confirmed. */
export type ReingestOutcome =
  | { readonly delivered: true; readonly pieces: number }
  | { readonly delivered: false; readonly verdict: FailedVerdict };

/** Where and how long to send. */
export interface ReingestOptions {
  readonly target: ReingestTarget;
  /** Absolute time (Date.now clock) by which sending has ended. */
  readonly deadline: number;
  readonly maxAttempts: number;
  /** Signs each piece's marker line. */
  readonly marker: ReingestMarker;
}

/**
 * Send records' output back into the source stream through `sendBatches`
 * (same packing, retries, backoff and deadline as the fallback sender).
 * Each part is cut at line ends into pieces that fit one record of the
 * target API with the marker line in front (its keys and timing inside,
 * signed); a piece is entry `<recordId>#<n>`. A record is `delivered` only when every piece is
 * confirmed; a record with a line too long to fit is not sent at all
 * (`too-large-for-reingest`).
 *
 * @example
 * ```ts
 * const outcomes = await reingestRecords(jobs, { target, deadline, maxAttempts: 6 });
 * ```
 */
export async function reingestRecords(
  jobs: readonly ReingestJob[],
  options: ReingestOptions,
): Promise<Map<string, ReingestOutcome>> {
  const outcomes = new Map<string, ReingestOutcome>();
  const entries: BatchEntry[] = [];
  const piecesOf = new Map<string, string[]>();
  const { limits } = options.target.transport;
  for (const { record, parts } of jobs) {
    const pieces = toEntries(record, parts, options, limits);
    if (typeof pieces === 'string') {
      outcomes.set(record.recordId, {
        delivered: false,
        verdict: failed(FailureReason.tooLargeForReingest, pieces),
      });
      continue;
    }
    entries.push(...pieces);
    piecesOf.set(
      record.recordId,
      pieces.map((entry) => entry.id),
    );
  }
  const report = await sendBatches(entries, {
    transport: options.target.transport,
    deadline: options.deadline,
    maxAttempts: options.maxAttempts,
  });
  for (const [recordId, ids] of piecesOf) {
    const results = ids.map((id) => report.outcomes.get(id) as EntryOutcome);
    const missed = results.filter((outcome) => !outcome.delivered);
    const first = missed[0];
    if (first === undefined || first.delivered) {
      outcomes.set(recordId, { delivered: true, pieces: ids.length });
      continue;
    }
    const { code, message, attempts, stoppedBy } = first.detail;
    outcomes.set(recordId, {
      delivered: false,
      verdict: failed(
        FailureReason.reingestFailed,
        `${ids.length - missed.length} of ${ids.length} piece(s) confirmed by ${options.target.stream}; ${code}: ${message} (${attempts} attempt(s), stopped by ${stoppedBy})`,
      ),
    });
  }
  return outcomes;
}

function toEntries(
  record: FirehoseRecord,
  parts: readonly OutputPart[],
  { target, marker }: ReingestOptions,
  limits: { readonly maxBytesPerRecord: number },
): BatchEntry[] | string {
  const partitionKey = target.partitionKeyOf(record);
  const keyBytes =
    partitionKey === undefined ? 0 : Buffer.byteLength(partitionKey);
  const entries: BatchEntry[] = [];
  for (const part of parts) {
    const room =
      limits.maxBytesPerRecord -
      marker.markerBytes(part.partitionKeys, part.timing) -
      keyBytes;
    const pieces = splitLines(part.data, room);
    if (pieces === undefined) {
      return `a line of the output is longer than the ${room} bytes a re-ingested record can carry`;
    }
    for (const piece of pieces) {
      const id = `${record.recordId}#${entries.length}`;
      const data = Buffer.concat([
        marker.markerLine(piece, part.partitionKeys, part.timing),
        piece,
      ]);
      entries.push(
        partitionKey === undefined ? { id, data } : { id, data, partitionKey },
      );
    }
  }
  return entries;
}
