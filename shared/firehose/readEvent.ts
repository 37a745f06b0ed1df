import { MalformedEventError } from '../errors.js';
import type { FirehoseEvent, FirehoseRecord } from './types.js';

/**
 * Check that an invocation event is a Firehose transformation event and
 * return its records. Only what every answer depends on is checked: a
 * `records` array whose entries have a string `recordId` and a string
 * payload; record ids must be unique (Firehose could not match the answers
 * otherwise). The payload is `data`, or `kafkaRecordValue` for an Amazon MSK
 * source: such a record is returned with the payload copied to `data` (and
 * `kafkaRecordValue` kept, so that its answer names the same field); a
 * record with both, or neither, is malformed.
 * A missing or non-numeric `approximateArrivalTimestamp` is not fatal here:
 * the stages that need it fail that record alone.
 *
 * @throws MalformedEventError naming the first offending field.
 * @example
 * ```ts
 * const records = readEvent(event); // [] for { records: [] }
 * ```
 */
export function readEvent(event: unknown): readonly FirehoseRecord[] {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new MalformedEventError(`expected an object, got ${describe(event)}`);
  }
  const records: unknown = (event as Partial<FirehoseEvent>).records;
  if (!Array.isArray(records)) {
    throw new MalformedEventError(
      `"records" must be an array, got ${describe(records)}`,
    );
  }
  const seen = new Set<string>();
  // The event is not changed: MSK records are read into a copy.
  let read: unknown[] = records;
  for (let i = 0; i < records.length; i++) {
    const record: unknown = records[i];
    if (typeof record !== 'object' || record === null) {
      throw new MalformedEventError(
        `records[${i}] must be an object, got ${describe(record)}`,
      );
    }
    const { recordId, data, kafkaRecordValue } =
      record as Partial<FirehoseRecord>;
    if (typeof recordId !== 'string' || recordId.length === 0) {
      throw new MalformedEventError(
        `records[${i}].recordId must be a non-empty string, got ${describe(recordId)}`,
      );
    }
    if (kafkaRecordValue !== undefined) {
      if (read === records) read = records.slice();
      read[i] = readMskRecord(record as FirehoseRecord, i);
    } else if (typeof data !== 'string') {
      throw new MalformedEventError(
        `records[${i}].data must be a base64 string, got ${describe(data)}`,
      );
    }
    if (seen.has(recordId)) {
      throw new MalformedEventError(
        `records[${i}].recordId ${JSON.stringify(recordId)} appears twice`,
      );
    }
    seen.add(recordId);
  }
  return read as FirehoseRecord[];
}

/** An MSK record as every stage reads it: its payload in `data` too. */
function readMskRecord(record: FirehoseRecord, i: number): FirehoseRecord {
  const { data, kafkaRecordValue, mskRecordMetadata } = record;
  if (typeof kafkaRecordValue !== 'string') {
    throw new MalformedEventError(
      `records[${i}].kafkaRecordValue must be a base64 string, got ${describe(kafkaRecordValue)}`,
    );
  }
  if (data !== undefined) {
    throw new MalformedEventError(
      `records[${i}] carries both data and kafkaRecordValue; the answer could name only one`,
    );
  }
  if (
    mskRecordMetadata !== undefined &&
    (typeof mskRecordMetadata !== 'object' ||
      mskRecordMetadata === null ||
      Array.isArray(mskRecordMetadata))
  ) {
    throw new MalformedEventError(
      `records[${i}].mskRecordMetadata must be an object, got ${describe(mskRecordMetadata)}`,
    );
  }
  return { ...record, data: kafkaRecordValue };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
