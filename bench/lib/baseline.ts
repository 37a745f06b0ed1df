// The naive processors the handlers are compared with: what a first
// implementation of a Firehose transform (or of the AWS CloudWatch Logs
// blueprint) does for every record, with no validation and no guard.
import { gunzipSync } from 'node:zlib';
import type {
  FirehoseAnswer,
  FirehoseEvent,
  FirehoseResponse,
} from '../../shared/firehose/types.ts';

/** A baseline: a synchronous handler of a parsed event. */
export type Baseline = (event: FirehoseEvent) => FirehoseResponse;

/**
 * Per record: base64 decode → JSON.parse → JSON.stringify + '\n' → base64
 * encode, answer Ok.
 */
export function naiveTransform(event: FirehoseEvent): FirehoseResponse {
  const records = event.records;
  const answers = new Array<FirehoseAnswer>(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as (typeof records)[number];
    const text = Buffer.from(record.data, 'base64').toString('utf8');
    const line = `${JSON.stringify(JSON.parse(text))}\n`;
    answers[i] = {
      recordId: record.recordId,
      result: 'Ok',
      data: Buffer.from(line, 'utf8').toString('base64'),
    };
  }
  return { records: answers };
}

/**
 * The floor of any transform that validates its input: per record, base64
 * decode → UTF-8 → JSON.parse, and answer Ok with the input data (no
 * re-encoding, no other check). A handler cannot beat this ratio while it
 * parses every line.
 */
export function parseOnlyFloor(event: FirehoseEvent): FirehoseResponse {
  const records = event.records;
  const answers = new Array<FirehoseAnswer>(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as (typeof records)[number];
    JSON.parse(Buffer.from(record.data, 'base64').toString('utf8'));
    answers[i] = { recordId: record.recordId, result: 'Ok', data: record.data };
  }
  return { records: answers };
}

interface LogsPayload {
  messageType: string;
  logEvents: { message: string }[];
}

/**
 * Per record: base64 decode → gunzip → JSON.parse → one line per log event
 * (its message + '\n') → base64 encode; CONTROL_MESSAGE records Dropped.
 */
export function naiveCloudWatchLogs(event: FirehoseEvent): FirehoseResponse {
  const records = event.records;
  const answers = new Array<FirehoseAnswer>(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as (typeof records)[number];
    const payload = JSON.parse(
      gunzipSync(Buffer.from(record.data, 'base64')).toString('utf8'),
    ) as LogsPayload;
    if (payload.messageType !== 'DATA_MESSAGE') {
      answers[i] = { recordId: record.recordId, result: 'Dropped', data: '' };
      continue;
    }
    const text = payload.logEvents.map((e) => `${e.message}\n`).join('');
    answers[i] = {
      recordId: record.recordId,
      result: 'Ok',
      data: Buffer.from(text, 'utf8').toString('base64'),
    };
  }
  return { records: answers };
}

/**
 * The event-time partitioner a user writes by hand: per record, decode →
 * JSON.parse → `new Date(record[field])` → year/month/day/hour from
 * `getUTC*` with `padStart` → answer Ok with the re-stringified record +
 * '\n' and `metadata.partitionKeys`.
 */
export function handWrittenPartitioner(field: string): Baseline {
  return function partitionByUtcHour(event) {
    const records = event.records;
    const answers = new Array<FirehoseAnswer>(records.length);
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as (typeof records)[number];
      const text = Buffer.from(record.data, 'base64').toString('utf8');
      const object = JSON.parse(text) as Record<string, unknown>;
      const time = new Date(object[field] as string);
      const partitionKeys = {
        year: String(time.getUTCFullYear()),
        month: String(time.getUTCMonth() + 1).padStart(2, '0'),
        day: String(time.getUTCDate()).padStart(2, '0'),
        hour: String(time.getUTCHours()).padStart(2, '0'),
      };
      answers[i] = {
        recordId: record.recordId,
        result: 'Ok',
        data: Buffer.from(`${JSON.stringify(object)}\n`, 'utf8').toString(
          'base64',
        ),
        metadata: { partitionKeys },
      };
    }
    return { records: answers };
  };
}

/**
 * The same for a time zone, as users write it (written out, not sharing a
 * loop with the UTC one: a shared loop calling either key function would
 * be a polymorphic call site neither user's code has): one
 * `Intl.DateTimeFormat(…, { timeZone })` made once, `formatToParts` per
 * record.
 */
export function intlPartitioner(field: string, timeZone: string): Baseline {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  return function partitionByZonedHour(event) {
    const records = event.records;
    const answers = new Array<FirehoseAnswer>(records.length);
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as (typeof records)[number];
      const text = Buffer.from(record.data, 'base64').toString('utf8');
      const object = JSON.parse(text) as Record<string, unknown>;
      const partitionKeys: Record<string, string> = {};
      for (const part of format.formatToParts(
        new Date(object[field] as string),
      )) {
        if (part.type !== 'literal') partitionKeys[part.type] = part.value;
      }
      answers[i] = {
        recordId: record.recordId,
        result: 'Ok',
        data: Buffer.from(`${JSON.stringify(object)}\n`, 'utf8').toString(
          'base64',
        ),
        metadata: { partitionKeys },
      };
    }
    return { records: answers };
  };
}

/** The baselines by name, as the measuring processes load them. */
export const baselines = {
  transform: naiveTransform,
  parseOnly: parseOnlyFloor,
  cloudWatchLogs: naiveCloudWatchLogs,
} as const satisfies Record<string, Baseline>;

export type BaselineName = keyof typeof baselines;
