import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCloudWatchLogs } from '#shared/cloudwatch/readCloudWatchLogs.js';
import { RecordError } from '#shared/errors.js';
import {
  controlMessage,
  dataMessage,
  logEvent,
  logsRecord,
} from '../../helpers/cloudWatchLogs.js';

const MAX = 1_048_576;

function reasonOf(read: () => unknown): string | undefined {
  try {
    read();
  } catch (error) {
    if (error instanceof RecordError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('readCloudWatchLogs', () => {
  it('reads a data message and its log events', () => {
    // Prepare
    const events = [logEvent(1_772_359_200_000, 'hello')];
    const record = logsRecord(dataMessage(events));

    // Act
    const message = readCloudWatchLogs(record.data, MAX);

    // Assess
    expect(message).toMatchObject({
      messageType: 'DATA_MESSAGE',
      logGroup: '/aws/lambda/checkout',
      logEvents: events,
    });
  });

  it('reads a control message', () => {
    // Prepare
    const record = logsRecord(controlMessage());

    // Act
    const message = readCloudWatchLogs(record.data, MAX);

    // Assess
    expect(message).toEqual({ messageType: 'CONTROL_MESSAGE' });
  });

  it.each([
    ['not-gzip', Buffer.from('{"messageType":"DATA_MESSAGE"}')],
    ['invalid-gzip', gzipSync(Buffer.from('{"a":1}')).subarray(0, 15)],
    ['invalid-cloudwatch-logs', gzipSync(Buffer.from('not json'))],
    ['invalid-utf8', gzipSync(Buffer.from([0x22, 0xff, 0x22]))],
  ])('fails %s', (reason, bytes) => {
    // Prepare
    const data = bytes.toString('base64');

    // Act
    const got = reasonOf(() => readCloudWatchLogs(data, MAX));

    // Assess
    expect(got).toBe(reason);
  });

  it('stops a gzip bomb at the cap with decompressed-too-large', () => {
    // Prepare: 64 MiB of zeros compress to ~64 KB.
    const bomb = gzipSync(Buffer.alloc(64 * 1_048_576));

    // Act
    const started = performance.now();
    const got = reasonOf(() =>
      readCloudWatchLogs(bomb.toString('base64'), MAX),
    );

    // Assess
    expect(got).toBe('decompressed-too-large');
    expect(bomb.length).toBeLessThan(MAX);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ['an unknown messageType', { messageType: 'OTHER' }],
    ['no messageType', { logEvents: [] }],
    ['an array', []],
    ['no logGroup', dataMessage([logEvent(1, 'x')], { logGroup: 7 })],
    ['no log events', dataMessage([])],
    [
      'a log event without a numeric timestamp',
      dataMessage([{ id: '1', timestamp: '1', message: 'x' } as never]),
    ],
    [
      'subscriptionFilters that are not strings',
      dataMessage([logEvent(1, 'x')], { subscriptionFilters: [1] }),
    ],
  ])('fails %s with invalid-cloudwatch-logs', (_what, message) => {
    // Prepare
    const record = logsRecord(message);

    // Act
    const got = reasonOf(() => readCloudWatchLogs(record.data, MAX));

    // Assess
    expect(got).toBe('invalid-cloudwatch-logs');
  });

  it('never quotes an unknown messageType in the detail (record content in logs)', () => {
    // Prepare
    const record = logsRecord({ messageType: 'card 4111 1111 1111 1111' });

    // Act
    let detail = '';
    try {
      readCloudWatchLogs(record.data, MAX);
    } catch (error) {
      detail = (error as RecordError).detail;
    }

    // Assess
    expect(detail).toMatch(/^unknown messageType/);
    expect(detail).not.toContain('4111');
  });
});
