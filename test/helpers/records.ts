import type { Context } from 'aws-lambda';
import type { FirehoseEvent, FirehoseRecord } from '#shared/firehose/types.js';

let sequence = 0;

/** Base64 of a string (UTF-8) or bytes. */
export function b64(data: string | Uint8Array): string {
  return Buffer.from(data).toString('base64');
}

/** Decode base64 to a UTF-8 string. */
export function unb64(data: string): string {
  return Buffer.from(data, 'base64').toString('utf8');
}

/** A Firehose input record; `data` is taken as text unless `raw` is set. */
export function firehoseRecord(
  data: string | object,
  options: { recordId?: string; arrival?: number; raw?: boolean } = {},
): FirehoseRecord {
  sequence += 1;
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return {
    recordId:
      options.recordId ??
      `49546986683135544286507457936321625675700192471156785154-${sequence}`,
    approximateArrivalTimestamp: options.arrival ?? 1_772_330_400_000,
    data: options.raw === true ? text : b64(text),
  };
}

/** A Firehose transformation event around records. */
export function firehoseEvent(records: FirehoseRecord[]): FirehoseEvent {
  return {
    invocationId: 'invocation-1',
    deliveryStreamArn:
      'arn:aws:firehose:us-east-1:123456789012:deliverystream/EventStream',
    region: 'us-east-1',
    records,
  };
}

/** A Lambda-like context with a fixed remaining time. */
export function fakeContext(remainingMs = 60_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test',
    memoryLimitInMB: '512',
    awsRequestId: 'request-1',
    logGroupName: '/aws/lambda/test',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * An Amazon MSK input record as Firehose sends it: the payload in
 * `kafkaRecordValue`, no `data` (the shape of aws-lambda-java-libs'
 * msk_firehose_event.json).
 */
export function mskRecord(
  data: string | object,
  options: { recordId?: string; arrival?: number; offset?: number } = {},
): Record<string, unknown> {
  const { data: payload, ...record } = firehoseRecord(data, options);
  const arrival = record.approximateArrivalTimestamp;
  return {
    ...record,
    mskRecordMetadata: {
      offset: String(options.offset ?? 0),
      partitionId: '1',
      topic: 'orders',
      approximateArrivalTimestamp: arrival,
    },
    kafkaRecordValue: payload,
  };
}

/** A Firehose transformation event of an Amazon MSK source. */
export function mskEvent(records: Record<string, unknown>[]): unknown {
  return {
    invocationId: 'invocation-1',
    sourceMSKArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/1',
    deliveryStreamArn:
      'arn:aws:firehose:us-east-1:123456789012:deliverystream/EventStream',
    region: 'us-east-1',
    records,
  };
}
