// The Firehose transformation event a processor receives, built from
// records (data + arrival time), with Firehose-shaped record ids.
import type { FirehoseEvent } from '#shared/firehose/types.js';

/** A record to put into an event: data as bytes, or base64 when a string. */
export interface EventRecordInput {
  readonly recordId: string;
  readonly data: Uint8Array | string;
  readonly arrivalMs: number;
}

/**
 * A Firehose-shaped record id: a 56-digit decimal string, unique per
 * (stream serial, sequence), the same on every run.
 *
 * @example
 *   firehoseRecordId(1, 42); // '4959000001000…00042'
 */
export function firehoseRecordId(
  streamSerial: number,
  sequence: number,
): string {
  return `4959${String(streamSerial).padStart(6, '0')}${String(sequence).padStart(46, '0')}`;
}

/**
 * A transformation event (`@types/aws-lambda` FirehoseTransformationEvent).
 * Each record is `{ recordId, data: Buffer|string (base64 when string),
 * arrivalMs }`.
 *
 * @example
 *   buildFirehoseEvent({ invocationId, deliveryStreamArn, region, records });
 */
export function buildFirehoseEvent({
  invocationId,
  deliveryStreamArn,
  region,
  records,
}: {
  invocationId: string;
  deliveryStreamArn: string;
  region: string;
  records: readonly EventRecordInput[];
}): FirehoseEvent {
  return {
    invocationId,
    deliveryStreamArn,
    region,
    records: records.map((record) => ({
      recordId: record.recordId,
      approximateArrivalTimestamp: record.arrivalMs,
      data:
        typeof record.data === 'string'
          ? record.data
          : Buffer.from(record.data).toString('base64'),
    })),
  };
}

/**
 * Bytes a record adds to the serialized event: its data in base64, its id
 * and the JSON around them (an upper bound).
 */
export function eventRecordBytes(recordId: string, dataBytes: number): number {
  return 4 * Math.ceil(dataBytes / 3) + recordId.length + 96;
}

/** Bytes of the event without records (an upper bound). */
export function eventFramingBytes(deliveryStreamArn: string): number {
  return deliveryStreamArn.length + 160;
}
