/**
 * Firehose's JSON record de-aggregation (`RecordDeAggregation` with
 * `SubRecordType` `JSON`) for the local Firehose: one record holding
 * several JSON objects, back to back or one a line, becomes one record per
 * object (the whitespace between them is dropped, as Firehose drops it).
 */

/** Firehose de-aggregates at most this many objects per record. */
export const MAX_SUB_RECORDS = 500;

/** A record that is not a sequence of JSON objects. */
export class DeaggregationError extends Error {
  override name = 'DeaggregationError';
}

/**
 * Split a record into its JSON objects (their bytes, unchanged).
 *
 * @throws DeaggregationError for text outside an object, an unclosed
 *   object, or more than {@link MAX_SUB_RECORDS} objects.
 * @example
 * ```ts
 * deaggregateJson(Buffer.from('{"a":1}\n{"a":2}\n')).map(String); // ['{"a":1}', '{"a":2}']
 * ```
 */
export function deaggregateJson(data: Uint8Array): Buffer[] {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const parts: Buffer[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (inString) {
      if (byte === 0x5c) i++;
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (depth === 0) {
      if (byte === 0x7b) {
        start = i;
        depth = 1;
      } else if (!isSpace(byte)) {
        throw new DeaggregationError(
          `byte ${i}: only JSON objects can be de-aggregated`,
        );
      }
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) {
      depth--;
      if (depth === 0) {
        parts.push(bytes.subarray(start, i + 1));
        if (parts.length > MAX_SUB_RECORDS) {
          throw new DeaggregationError(
            `more than ${MAX_SUB_RECORDS} JSON objects in one record`,
          );
        }
      }
    }
  }
  if (depth !== 0 || inString) {
    throw new DeaggregationError('the last JSON object is not closed');
  }
  return parts;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
