// Firehose transformation events for the benchmark, written once as JSON
// files that the measuring processes read (and parse, as the Lambda runtime
// does). A "full batch" is as many records as fit in a request of
// REQUEST_BUDGET bytes and, for functions that grow their answers
// (partition keys, decompressed logs), a response of RESPONSE_BUDGET bytes.
import { writeFileSync } from 'node:fs';
import {
  ARRIVAL_MS,
  cloudWatchLogsPayload,
  eventTimeOf,
  LATE_BY_MS,
  orderJson,
} from './records.ts';

/** Lambda's synchronous payload limit is 6,291,456 bytes; keep a margin. */
export const REQUEST_BUDGET = 6_000_000;
export const RESPONSE_BUDGET = 6_000_000;
/** Bytes an Ok answer gains with `metadata.partitionKeys` (generous). */
export const PARTITION_METADATA_BYTES = 120;
/**
 * Bytes CloudWatchLogsFunction adds around each log event's message (id,
 * timestamp, log group and stream, owner, filters; generous).
 */
export const LOG_EVENT_ENVELOPE_BYTES = 250;

/** An event file written for the benchmark, and what it holds. */
export interface Dataset {
  path: string;
  records: number;
  requestBytes: number;
  /** Decoded record data (for CloudWatch Logs: the gzip payloads). */
  payloadBytes: number;
  /** Records that arrive late. */
  late: number;
  logEvents?: number;
  logBytes?: number;
}

const RECORD_ID_PREFIX = '49654321098765432109876543210987654321098765432109';
const HEAD = `{"invocationId":"bench-invocation","deliveryStreamArn":"arn:aws:firehose:us-east-1:123456789012:deliverystream/BenchStream","region":"us-east-1","records":[`;
const TAIL = ']}';
// `{"recordId":` `,"result":"` `","data":"` `"}` + comma (responseBudget.ts)
const ANSWER_FRAMING_BYTES = 36;

function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

function recordId(index: number): string {
  return `${RECORD_ID_PREFIX}${String(index).padStart(6, '0')}`;
}

function answerBytes(id: string, outputBytes: number, extra: number): number {
  return (
    ANSWER_FRAMING_BYTES + id.length + 2 + 2 + base64Length(outputBytes) + extra
  );
}

/**
 * The records of one event, added while the request and the predicted
 * response stay within their budgets.
 */
function eventBatch() {
  const parts: string[] = [];
  let requestBytes = HEAD.length + TAIL.length;
  let responseBytes = 14;
  return {
    /** Add a record (JSON) whose answer takes `answer` bytes, if it fits. */
    add(json: string, answer: number): boolean {
      if (
        requestBytes + json.length + 1 > REQUEST_BUDGET ||
        responseBytes + answer > RESPONSE_BUDGET
      ) {
        return false;
      }
      parts.push(json);
      requestBytes += json.length + (parts.length > 1 ? 1 : 0);
      responseBytes += answer;
      return true;
    },
    /** Write the event; its record count and request size. */
    write(path: string): { records: number; requestBytes: number } {
      writeFileSync(path, HEAD + parts.join(',') + TAIL);
      return { records: parts.length, requestBytes };
    },
  };
}

/** How an event of JSON records is built (see writeRecordsEvent). */
export interface RecordsEventOptions {
  /** Newline-ended records (JSON Lines) or bare JSON texts. */
  canonical?: boolean;
  /** Every `lateEvery`-th record arrives late (0: none). */
  lateEvery?: number;
  maxRecords?: number;
  /** Bytes each answer gains over its data (e.g. partition keys). */
  answerExtraBytes?: number;
}

/**
 * Write an event of the records `line(index)` (JSON text without newline;
 * newline-ended when `canonical`); every `lateEvery`-th record arrives
 * late. Stops at `maxRecords` or when the request or the predicted
 * response (each answer newline-ended) would exceed its budget.
 */
export function writeRecordsEvent(
  path: string,
  line: (index: number) => string,
  {
    canonical = true,
    lateEvery = 0,
    maxRecords = Number.POSITIVE_INFINITY,
    answerExtraBytes = 0,
  }: RecordsEventOptions = {},
): Dataset {
  const batch = eventBatch();
  let payloadBytes = 0;
  let late = 0;
  for (let index = 0; index < maxRecords; index++) {
    const json = line(index);
    const text = json + (canonical ? '\n' : '');
    const isLate = lateEvery > 0 && index % lateEvery === lateEvery - 1;
    const id = recordId(index);
    const recordJson = JSON.stringify({
      recordId: id,
      approximateArrivalTimestamp: isLate
        ? eventTimeOf(index) + LATE_BY_MS
        : ARRIVAL_MS,
      data: Buffer.from(text, 'utf8').toString('base64'),
    });
    const answer = answerBytes(
      id,
      Buffer.byteLength(json) + 1,
      answerExtraBytes,
    );
    if (!batch.add(recordJson, answer)) break;
    payloadBytes += Buffer.byteLength(text);
    if (isLate) late++;
  }
  return { path, ...batch.write(path), payloadBytes, late };
}

/**
 * Write an event of order records of `bytes` bytes each (see
 * writeRecordsEvent).
 */
export function writeOrdersEvent(
  path: string,
  { bytes, ...options }: { bytes: number } & RecordsEventOptions,
): Dataset {
  return writeRecordsEvent(path, (index) => orderJson(index, bytes), options);
}

/**
 * Write an event of CloudWatch Logs subscription records: each one gzip of
 * a DATA_MESSAGE with `eventsPerRecord` log events whose messages are order
 * records of `bytes - 1` characters. Sized so that the decompressed
 * answers (one JSON line per log event, the message as a JSON string, with
 * partition keys) fit in the response: nothing is re-ingested.
 */
export function writeCloudWatchLogsEvent(
  path: string,
  {
    bytes,
    eventsPerRecord,
    maxRecords = Number.POSITIVE_INFINITY,
  }: { bytes: number; eventsPerRecord: number; maxRecords?: number },
): Dataset {
  const batch = eventBatch();
  let payloadBytes = 0;
  for (let index = 0; index < maxRecords; index++) {
    const lines: string[] = [];
    let outputBytes = 0;
    for (let i = 0; i < eventsPerRecord; i++) {
      const line = orderJson(index * eventsPerRecord + i, bytes);
      lines.push(line);
      outputBytes += JSON.stringify(line).length + LOG_EVENT_ENVELOPE_BYTES;
    }
    const gzip = cloudWatchLogsPayload(index, lines);
    const id = recordId(index);
    const json = JSON.stringify({
      recordId: id,
      approximateArrivalTimestamp: ARRIVAL_MS,
      data: gzip.toString('base64'),
    });
    const answer = answerBytes(id, outputBytes, PARTITION_METADATA_BYTES);
    if (!batch.add(json, answer)) break;
    payloadBytes += gzip.length;
  }
  const { records, requestBytes } = batch.write(path);
  return {
    path,
    records,
    requestBytes,
    payloadBytes,
    logEvents: records * eventsPerRecord,
    logBytes: records * eventsPerRecord * bytes,
    late: 0,
  };
}
