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
 * Never throws: a time outside the Date range is written `null` (readEvent
 * refuses such arrival times; this is the second line of defence). The
 * envelope repeats ~300 bytes per line, so a record of many tiny lines
 * grows ~40-fold: building stops as soon as the payload passes `maxBytes`
 * (the fallback stream's record limit) and `undefined` is returned, so
 * the record fails `too-large-for-fallback` without the memory spent.
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
 * const payload = buildFallbackPayload(lines, facts, 1_024_000); // Buffer, or undefined when larger
 * ```
 */
export function buildFallbackPayload(
  lines: readonly JsonLine[],
  facts: EnvelopeFacts,
  maxBytes: number = Number.POSITIVE_INFINITY,
): Buffer | undefined {
  const head =
    `{"reason":${JSON.stringify(facts.reason)}` +
    `,"recordId":${JSON.stringify(facts.recordId)}`;
  const tail =
    `,"lines":${lines.length}` +
    `,"eventTime":${isoTime(facts.eventTimeMs)}` +
    `,"arrivalTime":${isoTime(facts.arrivalMs)}` +
    `,"partition":${JSON.stringify(facts.partition)}` +
    `,"sourceStream":${JSON.stringify(facts.sourceStream)}` +
    ',"record":';
  // Characters bound bytes from below: checking them costs nothing per
  // line, and the exact byte count is checked once at the end.
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    out += `${head},"line":${i}${tail}${(lines[i] as JsonLine).text}}\n`;
    if (out.length > maxBytes) return undefined;
  }
  const payload = Buffer.from(out, 'utf8');
  return payload.length > maxBytes ? undefined : payload;
}

/** A JSON ISO-8601 string, or `null` outside the Date range. */
function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime())
    ? 'null'
    : JSON.stringify(date.toISOString());
}
