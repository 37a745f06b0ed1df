import type { FirehoseAnswer, Verdict } from './types.js';
import { failedData } from './verdicts.js';

/**
 * Lambda's limit for a synchronous response: 6 MB = 6,291,456 bytes,
 * measured on the serialized JSON.
 */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6_291_456;

// `{"records":[` + `]}`
const RESPONSE_FRAMING_BYTES = 14;
// `{"recordId":` + `,"result":"` + `","data":"` + `"}` without values
const ANSWER_FRAMING_BYTES = 12 + 11 + 10 + 2;
// `"kafkaRecordValue"` instead of `"data"` in an answer to an MSK record
const MSK_PAYLOAD_NAME_EXTRA_BYTES = 12;
// `,"metadata":{"partitionKeys":` + `}`
const METADATA_FRAMING_BYTES = 29 + 1;

const keysBytesCache = new WeakMap<object, number>();

/**
 * The exact number of bytes an answer adds to the serialized response
 * (`JSON.stringify`), including the comma that separates it from the next.
 * `data` is counted by its length: every answer's data is base64 (ASCII,
 * one byte per character; see `failedData`), never a record's raw text.
 *
 * @example
 * ```ts
 * answerBytes({ recordId: '1', result: 'Ok', data: 'e30K' }); // 40
 * ```
 */
export function answerBytes(
  answer: FirehoseAnswer,
  idBytes: number = jsonStringBytes(answer.recordId),
): number {
  let bytes =
    ANSWER_FRAMING_BYTES +
    idBytes +
    answer.result.length +
    (answer.data ?? answer.kafkaRecordValue ?? '').length +
    1; // separating comma (one too many overall: a harmless margin)
  if (answer.kafkaRecordValue !== undefined) {
    bytes += MSK_PAYLOAD_NAME_EXTRA_BYTES;
  }
  const keys = answer.metadata?.partitionKeys;
  if (keys !== undefined) bytes += METADATA_FRAMING_BYTES + keysBytes(keys);
  return bytes;
}

/**
 * The bytes {@link answerBytes} gives for the answer of `verdict`, without
 * building the answer.
 *
 * @example
 * ```ts
 * verdictAnswerBytes(record, ok('e30K')); // same as answerBytes(answerOf(record, ok('e30K')))
 * ```
 */
export function verdictAnswerBytes(
  record: {
    readonly recordId: string;
    readonly data: string;
    readonly kafkaRecordValue?: string;
  },
  verdict: Verdict,
  idBytes: number = jsonStringBytes(record.recordId),
): number {
  let bytes = ANSWER_FRAMING_BYTES + idBytes + 1;
  if (record.kafkaRecordValue !== undefined) {
    bytes += MSK_PAYLOAD_NAME_EXTRA_BYTES;
  }
  switch (verdict.result) {
    case 'Ok':
      bytes += 2 + verdict.data.length;
      if (verdict.partitionKeys !== undefined) {
        bytes += METADATA_FRAMING_BYTES + keysBytes(verdict.partitionKeys);
      }
      return bytes;
    case 'Dropped':
      return bytes + 7;
    case 'ProcessingFailed':
      return bytes + 16 + failedData(record, verdict).length;
  }
}

/**
 * Bytes of the response's fixed framing (`{"records":[` … `]}`).
 *
 * @example
 * ```ts
 * responseFramingBytes(); // 14
 * ```
 */
export function responseFramingBytes(): number {
  return RESPONSE_FRAMING_BYTES;
}

// Consecutive answers mostly share their keys object: the last one (a
// small frozen object) is checked before the WeakMap.
let lastKeys: object | undefined;
let lastKeysBytes = 0;

function keysBytes(keys: object): number {
  if (keys === lastKeys) return lastKeysBytes;
  let bytes = keysBytesCache.get(keys);
  if (bytes === undefined) {
    bytes = Buffer.byteLength(JSON.stringify(keys));
    keysBytesCache.set(keys, bytes);
  }
  lastKeys = keys;
  lastKeysBytes = bytes;
  return bytes;
}

// Weak: a batch's ids must not outlive its invocation.
const idBytesOfBatch = new WeakMap<object, Int32Array>();

/**
 * The serialized size of each record's id (quotes included), for the
 * answers' `idBytes`: the batch's ids are measured once, however many
 * times its response is sized (the overflow plan, then the answers).
 *
 * @example
 * ```ts
 * recordIdBytes([{ recordId: 'a"b' }]); // Int32Array [ 6 ]
 * ```
 */
export function recordIdBytes(
  records: readonly { readonly recordId: string }[],
): Int32Array {
  const known = idBytesOfBatch.get(records);
  if (known !== undefined && known.length === records.length) return known;
  const sizes = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) {
    sizes[i] = jsonStringBytes(
      (records[i] as { readonly recordId: string }).recordId,
    );
  }
  idBytesOfBatch.set(records, sizes);
  return sizes;
}

// Any character but printable ASCII without `"` and `\`: JSON.stringify
// escapes it, or it takes more than one byte.
const NOT_PLAIN_ASCII = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;

/** Bytes of `JSON.stringify(value)` for a string, without allocating it in the common case. */
function jsonStringBytes(value: string): number {
  // A native scan: far cheaper than a charCodeAt loop on every record id.
  if (!NOT_PLAIN_ASCII.test(value)) return value.length + 2;
  return Buffer.byteLength(JSON.stringify(value));
}
