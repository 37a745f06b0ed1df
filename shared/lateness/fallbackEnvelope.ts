import type { FirehoseRecord, PartitionKeys } from '../firehose/types.js';
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
  /** Where an Amazon MSK record sits in Kafka (see {@link kafkaCoordinates}). */
  readonly kafka?: KafkaCoordinates;
}

/** An MSK record's place in Kafka, as Firehose gave it. */
export type KafkaCoordinates = Readonly<Record<string, string | number>>;

// What identifies a Kafka record; Firehose names the partition `partitionId`.
const KAFKA_FIELDS = ['topic', 'partitionId', 'partition', 'offset'] as const;
// Kafka topic names have at most 249 characters; anything longer is not a
// coordinate and would be repeated on every envelope line.
const MAX_COORDINATE_CHARS = 255;

/**
 * The Kafka coordinates of an Amazon MSK record for its fallback envelope:
 * `topic`, `partitionId` (or `partition`) and `offset` from
 * `mskRecordMetadata`, as given (strings of at most 255 characters or
 * finite numbers), and the event's `sourceMSKArn`; `undefined` for a
 * record of another source.
 *
 * @example
 * ```ts
 * kafkaCoordinates(record, 'arn:aws:kafka:…'); // { topic: 'orders', partitionId: '1', offset: '0', sourceMSKArn: 'arn:aws:kafka:…' }
 * ```
 */
export function kafkaCoordinates(
  record: FirehoseRecord,
  sourceMSKArn: string | undefined,
): KafkaCoordinates | undefined {
  if (record.kafkaRecordValue === undefined) return undefined;
  const coordinates: Record<string, string | number> = {};
  const metadata = record.mskRecordMetadata ?? {};
  for (const field of KAFKA_FIELDS) {
    const value = metadata[field];
    if (
      (typeof value === 'string' && value.length <= MAX_COORDINATE_CHARS) ||
      (typeof value === 'number' && Number.isFinite(value))
    ) {
      coordinates[field] = value;
    }
  }
  if (
    sourceMSKArn !== undefined &&
    sourceMSKArn !== '' &&
    sourceMSKArn.length <= 2048
  ) {
    coordinates.sourceMSKArn = sourceMSKArn;
  }
  return coordinates;
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
 * A record of an Amazon MSK source also carries its place in Kafka, before
 * `record`: `"kafka":{"topic":"orders","partitionId":"1","offset":"42",
 * "sourceMSKArn":"arn:aws:kafka:…"}`.
 *
 * @example
 * ```ts
 * const payload = buildFallbackPayload(lines, facts, 1_024_000); // Buffer, or undefined when larger
 * ```
 */
export function buildFallbackPayload(
  lines: readonly Pick<JsonLine, 'text'>[],
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
    (facts.kafka === undefined
      ? ''
      : `,"kafka":${JSON.stringify(facts.kafka)}`) +
    ',"record":';
  // Characters bound bytes from below: checking them costs nothing per
  // line, and the exact byte count is checked once at the end.
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    out += `${head},"line":${i}${tail}${(lines[i] as Pick<JsonLine, 'text'>).text}}\n`;
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
