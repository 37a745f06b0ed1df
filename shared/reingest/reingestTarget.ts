import type { BatchSource, FirehoseRecord } from '../firehose/types.js';
import type { BatchTransport } from '../senders/batchTransport.js';
import { createFirehoseTransport } from '../senders/firehoseTransport.js';
import { createKinesisTransport } from '../senders/kinesisTransport.js';

/** Builds the transports re-ingestion uses (injectable for tests). */
export interface ReingestTransports {
  /** PutRecordBatch into a delivery stream (Direct PUT source). */
  firehose(streamName: string): BatchTransport;
  /** PutRecords into a Kinesis Data Stream (stream source). */
  kinesis(streamArn: string): BatchTransport;
}

/** Where re-ingested records go, and how to key them. */
export interface ReingestTarget {
  /** For logs: the stream name or ARN. */
  readonly stream: string;
  readonly transport: BatchTransport;
  /** The Kinesis partition key of a record's parts; undefined for Firehose. */
  partitionKeyOf(record: FirehoseRecord): string | undefined;
}

/**
 * The SDK transports, created once per stream and reused (the SDK itself
 * loads on the first send only).
 *
 * @example
 * ```ts
 * const transports = sdkTransports();
 * transports.firehose('my-stack-EventStream');
 * ```
 */
export function sdkTransports(): ReingestTransports {
  const cache = new Map<string, BatchTransport>();
  const cached = (key: string, create: () => BatchTransport) => {
    let transport = cache.get(key);
    if (transport === undefined) {
      transport = create();
      cache.set(key, transport);
    }
    return transport;
  };
  return {
    firehose: (name) =>
      cached(`firehose:${name}`, () => createFirehoseTransport(name)),
    kinesis: (arn) =>
      cached(`kinesis:${arn}`, () => createKinesisTransport(arn)),
  };
}

/**
 * The source to re-ingest into: the Kinesis stream when the event names
 * one (`sourceKinesisStreamArn`; parts keep the record's partition key),
 * else the delivery stream itself (name from `deliveryStreamArn`). A string
 * says why there is none (an ARN without a stream name, as in SAM's sample
 * events).
 *
 * @example
 * ```ts
 * const target = reingestTarget(source, sdkTransports());
 * if (typeof target === 'string') logger.warn(target);
 * ```
 */
export function reingestTarget(
  source: BatchSource,
  transports: ReingestTransports,
): ReingestTarget | string {
  const kinesisArn = source.sourceKinesisStreamArn;
  if (kinesisArn !== undefined && kinesisArn !== '') {
    return {
      stream: kinesisArn,
      transport: transports.kinesis(kinesisArn),
      partitionKeyOf: kinesisPartitionKey,
    };
  }
  const name = deliveryStreamName(source.deliveryStreamArn);
  if (name === undefined) {
    return `deliveryStreamArn ${JSON.stringify(source.deliveryStreamArn)} names no delivery stream (expected arn:…:firehose:…:deliverystream/<name>)`;
  }
  return {
    stream: name,
    transport: transports.firehose(name),
    partitionKeyOf: () => undefined,
  };
}

/**
 * The record's own Kinesis partition key when it is one (a string of 1-256
 * characters, as PutRecords accepts), else its recordId's first 256
 * characters: the metadata is not checked by readEvent, and a number there
 * must not break the batch.
 *
 * @example
 * ```ts
 * kinesisPartitionKey({ recordId: 'r1', data: '', approximateArrivalTimestamp: 0, kinesisRecordMetadata: { partitionKey: 5 } as never }); // 'r1'
 * ```
 */
export function kinesisPartitionKey(record: FirehoseRecord): string {
  const key: unknown = (
    record.kinesisRecordMetadata as { partitionKey?: unknown } | undefined
  )?.partitionKey;
  return typeof key === 'string' && key.length > 0 && key.length <= 256
    ? key
    : record.recordId.slice(0, 256);
}

/**
 * The delivery stream name in a Firehose ARN, or `undefined` (SAM's sample
 * ARNs have no `/`).
 *
 * @example
 * ```ts
 * deliveryStreamName('arn:aws:firehose:us-east-1:123456789012:deliverystream/EventStream'); // 'EventStream'
 * deliveryStreamName('arn:aws:kinesis:EXAMPLE'); // undefined
 * ```
 */
export function deliveryStreamName(arn: string): string | undefined {
  const match = /^arn:[^:]+:firehose:[^:]*:[^:]*:deliverystream\/([^/]+)$/.exec(
    arn,
  );
  return match?.[1];
}
