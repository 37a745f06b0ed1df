// Firehose's buffer in front of a Lambda processor: records accumulate
// until BufferSizeInMBs of data or BufferIntervalInSeconds since the first
// one, and never past Lambda's 6 MB request limit.
import { eventFramingBytes, eventRecordBytes } from './firehoseEvent.ts';

/** A record waiting for its processor invocation. */
export interface BufferedRecord {
  readonly recordId: string;
  readonly data: Buffer;
  readonly arrivalMs: number;
}

/** Lambda's synchronous request limit. */
export const LAMBDA_REQUEST_LIMIT_BYTES = 6_291_456;

/**
 * @param options
 * @param options.sizeBytes BufferSizeInMBs in bytes
 * @param options.intervalMs BufferIntervalInSeconds in ms
 * @param options.deliveryStreamArn (for the event's size)
 * @example
 *   const buffer = createProcessorBuffer({ sizeBytes: 1 << 20, intervalMs: 60_000, deliveryStreamArn });
 *   if (!buffer.fits(record)) dispatch(buffer.take());
 */
export function createProcessorBuffer({
  sizeBytes,
  intervalMs,
  deliveryStreamArn,
}: {
  sizeBytes: number;
  intervalMs: number;
  deliveryStreamArn: string;
}) {
  const framing = eventFramingBytes(deliveryStreamArn);
  let records: BufferedRecord[] = [];
  let dataBytes = 0;
  let requestBytes = framing;
  let openedAt: number | undefined;
  let oldestArrival: number | undefined;
  return {
    /** Would the record still fit in this invocation's request? */
    fits(record: BufferedRecord): boolean {
      return (
        records.length === 0 ||
        requestBytes + eventRecordBytes(record.recordId, record.data.length) <=
          LAMBDA_REQUEST_LIMIT_BYTES
      );
    },
    /** Add a record at simulated time `now`; true when the buffer is full. */
    add(record: BufferedRecord, now: number): boolean {
      if (records.length === 0) openedAt = now;
      records.push(record);
      if (oldestArrival === undefined || record.arrivalMs < oldestArrival)
        oldestArrival = record.arrivalMs;
      dataBytes += record.data.length;
      requestBytes += eventRecordBytes(record.recordId, record.data.length);
      return dataBytes >= sizeBytes;
    },
    /** When the interval expires (undefined when empty). */
    deadline(): number | undefined {
      return openedAt === undefined ? undefined : openedAt + intervalMs;
    },
    /** The arrival of the oldest buffered record (undefined when empty). */
    oldestArrivalMs(): number | undefined {
      return oldestArrival;
    },
    get size() {
      return records.length;
    },
    /** Empty the buffer and return its records. */
    take(): BufferedRecord[] {
      const batch = records;
      records = [];
      dataBytes = 0;
      requestBytes = framing;
      openedAt = undefined;
      oldestArrival = undefined;
      return batch;
    },
  };
}
