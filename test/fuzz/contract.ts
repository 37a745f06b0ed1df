/**
 * The processors' contract, checked on every response the fuzz suite gets
 * (see docs/robustness.md). A violation throws, naming the record.
 */
import { isUtf8 } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import type { FunctionKind, Invocation } from './fuzzFunctions.js';

const LIMIT = 6_291_456;
const RESULTS = new Set(['Ok', 'Dropped', 'ProcessingFailed']);
const JSON_WHITESPACE = /^[ \t\r]|[ \t\r]$/;

/** What the check knows of the request besides the event itself. */
export interface RequestFacts {
  readonly kind: FunctionKind;
  /** The event is not a well-formed Firehose event: only a throw is right. */
  readonly malformed: boolean;
  /** The entry that makes it malformed: the error message must name it. */
  readonly malformedRecord?: number | undefined;
  /**
   * The function filters (ON_INVALID=drop): a record may be `Dropped`
   * without a delivery to confirm it.
   */
  readonly filtered?: boolean;
}

/** A request entry as the check reads it: `data`, or `kafkaRecordValue` (MSK). */
export interface RequestRecord {
  readonly recordId: string;
  readonly data?: unknown;
  readonly kafkaRecordValue?: unknown;
}

/** The field a record's payload is in, which its answer must use too. */
function payloadField(record: RequestRecord): 'data' | 'kafkaRecordValue' {
  return record.kafkaRecordValue === undefined ? 'data' : 'kafkaRecordValue';
}

const STANDARD_BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Padded standard base64 (what Firehose sends and accepts). */
export function isStrictBase64(data: string): boolean {
  return STANDARD_BASE64.test(data);
}

function violation(message: string): never {
  throw new Error(`contract violation: ${message}`);
}

/**
 * Check one invocation against the contract.
 *
 * @example
 * ```ts
 * checkContract(event, await invoke(event), { kind: 'transform', malformed: false });
 * ```
 */
export function checkContract(
  event: { readonly records: readonly RequestRecord[] },
  outcome: Invocation,
  facts: RequestFacts,
): void {
  if (outcome.error !== undefined) {
    const name = (outcome.error as { name?: unknown }).name;
    if (name !== 'MalformedEventError') {
      violation(`threw ${String(name)}: ${String(outcome.error)}`);
    }
    if (!facts.malformed) {
      violation(`a well-formed event threw: ${String(outcome.error)}`);
    }
    const named = `records[${facts.malformedRecord}]`;
    if (
      facts.malformedRecord !== undefined &&
      !String((outcome.error as Error).message).includes(named)
    ) {
      violation(`the error does not name ${named}: ${String(outcome.error)}`);
    }
    return;
  }
  if (facts.malformed) violation('a malformed event was answered');
  const response = outcome.response;
  if (response === undefined) violation('no response');
  const requestBytes = Buffer.byteLength(JSON.stringify(event));
  const responseBytes = Buffer.byteLength(JSON.stringify(response));
  if (requestBytes <= LIMIT && responseBytes > LIMIT) {
    violation(
      `response of ${responseBytes} bytes for a request of ${requestBytes}`,
    );
  }
  const { records } = event;
  if (response.records.length !== records.length) {
    violation(
      `${response.records.length} answers for ${records.length} records`,
    );
  }
  const msk = records.some((r) => payloadField(r) === 'kafkaRecordValue');
  if (msk && outcome.reingestCalls > 0) {
    violation(
      `${outcome.reingestCalls} re-ingestion calls for an MSK-sourced batch`,
    );
  }
  response.records.forEach((answer, i) => {
    const record = records[i] as RequestRecord;
    const at = `records[${i}] (${answer.result})`;
    if (answer.recordId !== record.recordId)
      violation(`${at}: recordId out of order`);
    if (!RESULTS.has(answer.result)) violation(`${at}: result`);
    const field = payloadField(record);
    const other = field === 'data' ? 'kafkaRecordValue' : 'data';
    if (other in answer) violation(`${at}: answer carries ${other}`);
    if (field === 'kafkaRecordValue' && answer.kafkaRecordValue === undefined)
      violation(`${at}: answer to an MSK record without kafkaRecordValue`);
    const data =
      (field === 'data' ? answer.data : answer.kafkaRecordValue) ?? '';
    if (!isStrictBase64(data)) violation(`${at}: ${field} is not base64`);
    const original = record[field];
    switch (answer.result) {
      case 'ProcessingFailed': {
        const expected =
          typeof original === 'string' && isStrictBase64(original)
            ? original
            : '';
        if (data !== expected) violation(`${at}: not the original data`);
        if (answer.metadata !== undefined) violation(`${at}: metadata`);
        break;
      }
      case 'Dropped':
        if (
          facts.filtered !== true &&
          !outcome.confirmed.has(record.recordId) &&
          !outcome.confirmed.has(`${record.recordId}#0`) &&
          !(
            facts.kind === 'cloudWatchLogs' &&
            typeof original === 'string' &&
            isControlMessage(original)
          )
        ) {
          violation(`${at}: Dropped without a confirmed delivery`);
        }
        break;
      case 'Ok':
        checkJsonLines(Buffer.from(data, 'base64'), at);
        checkKeys(answer.metadata?.partitionKeys, facts.kind, at);
        break;
    }
  });
}

/** UTF-8, newline-terminated, every line one JSON value without padding. */
export function checkJsonLines(bytes: Buffer, at: string): void {
  if (!isUtf8(bytes)) violation(`${at}: Ok data is not UTF-8`);
  const text = bytes.toString('utf8');
  if (!text.endsWith('\n')) violation(`${at}: Ok data has no final newline`);
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '' || JSON_WHITESPACE.test(line)) {
      violation(`${at}: blank or padded line in Ok data`);
    }
    try {
      JSON.parse(line);
    } catch {
      violation(`${at}: a line of Ok data is not JSON`);
    }
  }
}

function checkKeys(
  keys: Record<string, string> | undefined,
  kind: FunctionKind,
  at: string,
): void {
  if (kind === 'transform') {
    if (keys !== undefined) violation(`${at}: TransformFunction emitted keys`);
    return;
  }
  if (keys === undefined) violation(`${at}: no partition keys`);
  for (const [name, value] of Object.entries(keys)) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9_.:-]{1,128}$/.test(value)) {
      violation(`${at}: key ${name} is not a sane S3 prefix part`);
    }
  }
  if (keys.year !== undefined && !/^\d{4}$/.test(keys.year)) {
    violation(`${at}: year ${keys.year} is not four digits`);
  }
}

function isControlMessage(data: string): boolean {
  try {
    const message = JSON.parse(
      gunzipSync(Buffer.from(data, 'base64'), {
        maxOutputLength: 16_777_216,
      }).toString('utf8'),
    ) as { messageType?: unknown };
    return message.messageType === 'CONTROL_MESSAGE';
  } catch {
    return false;
  }
}
