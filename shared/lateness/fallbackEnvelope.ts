import type { PartitionKeys } from '../firehose/types.js';
import type { JsonLine } from '../records/jsonLines.js';

/** What the fallback envelope says about a record besides its content. */
export interface EnvelopeFacts {
  readonly reason: 'late' | 'early';
  /** Firehose's recordId: a stable id to de-duplicate on downstream. */
  readonly recordId: string;
  /** The record's event time (the latest of its lines), epoch ms. */
  readonly eventTimeMs: number;
  /** Firehose's approximateArrivalTimestamp, epoch ms. */
  readonly arrivalMs: number;
  /** The partition the record would have had. */
  readonly partition: PartitionKeys;
  /** The delivery stream the record came from (event.deliveryStreamArn). */
  readonly sourceStream: string;
}

/**
 * Build the fallback payload of a record: one envelope line per JSON line,
 * each ended by `\n`. The original line is embedded verbatim as `record`
 * (its text is valid JSON, so nothing is re-serialised or altered).
 *
 * ```json
 * {"reason":"late","recordId":"4954…","line":0,"lines":1,
 *  "eventTime":"2026-03-01T10:15:00.000Z","arrivalTime":"2026-03-01T12:20:00.000Z",
 *  "partition":{"year":"2026","month":"03","day":"01","hour":"10","dt":"2026-03-01"},
 *  "sourceStream":"arn:aws:firehose:…:deliverystream/EventStream","record":{…}}
 * ```
 *
 * @example
 * ```ts
 * const payload = buildFallbackPayload(lines, facts); // Buffer
 * ```
 */
export function buildFallbackPayload(
  lines: readonly JsonLine[],
  facts: EnvelopeFacts,
): Buffer {
  const head =
    `{"reason":${JSON.stringify(facts.reason)}` +
    `,"recordId":${JSON.stringify(facts.recordId)}`;
  const tail =
    `,"lines":${lines.length}` +
    `,"eventTime":${JSON.stringify(new Date(facts.eventTimeMs).toISOString())}` +
    `,"arrivalTime":${JSON.stringify(new Date(facts.arrivalMs).toISOString())}` +
    `,"partition":${JSON.stringify(facts.partition)}` +
    `,"sourceStream":${JSON.stringify(facts.sourceStream)}` +
    ',"record":';
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    out += `${head},"line":${i}${tail}${(lines[i] as JsonLine).text}}\n`;
  }
  return Buffer.from(out, 'utf8');
}
