import { gzipSync } from 'node:zlib';
import type { FirehoseRecord } from '#shared/firehose/types.js';
import { firehoseRecord } from './records.js';

/** A log event as CloudWatch Logs sends it. */
export interface TestLogEvent {
  id: string;
  timestamp: number;
  message: string;
}

let eventSequence = 0;

/** A log event with a unique id. */
export function logEvent(timestamp: number, message: string): TestLogEvent {
  eventSequence += 1;
  return { id: `3819594701930163746327${eventSequence}`, timestamp, message };
}

/** The JSON of a CloudWatch Logs DATA_MESSAGE around log events. */
export function dataMessage(
  events: TestLogEvent[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/lambda/checkout',
    logStream: '2026/03/01/[$LATEST]abc',
    subscriptionFilters: ['to-firehose'],
    logEvents: events,
    ...overrides,
  };
}

/** The JSON of a CONTROL_MESSAGE. */
export function controlMessage(): Record<string, unknown> {
  return {
    messageType: 'CONTROL_MESSAGE',
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [
      { id: '', timestamp: 0, message: 'CWL CONTROL MESSAGE: Checking health' },
    ],
  };
}

/** A Firehose record whose data is `message` as JSON, gzip-compressed. */
export function logsRecord(
  message: unknown,
  options: { recordId?: string } = {},
): FirehoseRecord {
  const gzip = gzipSync(Buffer.from(JSON.stringify(message), 'utf8'));
  return firehoseRecord(gzip.toString('base64'), { ...options, raw: true });
}
