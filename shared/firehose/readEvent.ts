import { MalformedEventError } from '../errors.js';
import type { FirehoseEvent, FirehoseRecord } from './types.js';

/**
 * Check that an invocation event is a Firehose transformation event and
 * return its records. Only what every answer depends on is checked: a
 * `records` array whose entries have a string `recordId`, a string payload
 * and a numeric `approximateArrivalTimestamp` within the range of a
 * JavaScript Date (±8.64e15 ms); record ids must be unique (Firehose could
 * not match the answers otherwise). The payload is `data`, or
 * `kafkaRecordValue` for an Amazon MSK source: such a record is returned
 * with the payload copied to `data` (and `kafkaRecordValue` kept, so that
 * its answer names the same field); a record with both, or neither, is
 * malformed.
 *
 * The arrival-time rule is the same for every function: Firehose always
 * sends the number, so an entry without it (or with an ISO string, or
 * 1e300) is not a Firehose event. Checking it here keeps late/early
 * classification, `ON_MISSING_TIMESTAMP=arrival` and the fallback envelope
 * from ever seeing an unknown arrival time, and it is what keeps every
 * `ProcessingFailed` answer smaller than the request entry it answers (the
 * response guard relies on it).
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
  // Firehose's record ids ascend within a batch: while each id sorts after
  // the one before, none can repeat, and no Set is needed. The first id out
  // of order builds the Set of the ids so far (once) and checks from there.
  let seen: Set<string> | undefined;
  let previous = '';
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
    const arrival = (record as Partial<FirehoseRecord>)
      .approximateArrivalTimestamp as unknown;
    if (!isDateMs(arrival)) {
      throw new MalformedEventError(
        `records[${i}].approximateArrivalTimestamp must be epoch milliseconds within the Date range (±${MAX_DATE_MS}), got ${describeNumber(arrival)}`,
      );
    }
    if (seen === undefined && recordId > previous) {
      previous = recordId;
      continue;
    }
    seen ??= idsBefore(records, i);
    if (seen.has(recordId)) {
      throw new MalformedEventError(
        `records[${i}].recordId ${JSON.stringify(recordId)} appears twice`,
      );
    }
    seen.add(recordId);
  }
  return read as FirehoseRecord[];
}

/** The ids of `records[0, end)`, already checked to be strings. */
function idsBefore(records: readonly unknown[], end: number): Set<string> {
  const ids = new Set<string>();
  for (let i = 0; i < end; i++) {
    ids.add((records[i] as FirehoseRecord).recordId);
  }
  return ids;
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

/** The largest magnitude of a valid JavaScript Date, in epoch ms. */
const MAX_DATE_MS = 8.64e15;

function isDateMs(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    Math.abs(value) <= MAX_DATE_MS
  );
}

function describeNumber(value: unknown): string {
  // A number is not record content; anything else is described by type.
  return typeof value === 'number' ? String(value) : describe(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
