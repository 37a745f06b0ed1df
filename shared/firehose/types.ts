import type {
  FirehoseTransformationEvent,
  FirehoseTransformationEventRecord,
  FirehoseTransformationResultRecord,
} from 'aws-lambda';

/**
 * The Kafka coordinates Firehose attaches to a record of an Amazon MSK
 * source (`mskRecordMetadata`): `offset` and `partitionId` as strings, and,
 * depending on the source, `topic` and an `approximateArrivalTimestamp`.
 */
export type MskRecordMetadata = Readonly<Record<string, unknown>>;

/** The event Firehose sends to a processor. */
export type FirehoseEvent = FirehoseTransformationEvent & {
  /** Set instead of `sourceKinesisStreamArn` for an Amazon MSK source. */
  readonly sourceMSKArn?: string;
};

/**
 * One input record of a Firehose transformation event, as `readEvent`
 * returns it: the payload is always in `data`. A record of an Amazon MSK
 * source arrives with `kafkaRecordValue` instead; `readEvent` copies it to
 * `data` and keeps `kafkaRecordValue`, which tells the answer to carry its
 * payload under that name too.
 */
export type FirehoseRecord = FirehoseTransformationEventRecord & {
  /** The payload (base64) of an Amazon MSK record; equal to `data`. */
  readonly kafkaRecordValue?: string;
  readonly mskRecordMetadata?: MskRecordMetadata;
};

/** One answer of the processor's response. */
export type FirehoseAnswer = FirehoseTransformationResultRecord & {
  /** The payload of an answer to an Amazon MSK record, instead of `data`. */
  kafkaRecordValue?: string;
};

/** The processor's answer to Firehose. */
export interface FirehoseResponse {
  records: FirehoseAnswer[];
}

/** Keys for Firehose dynamic partitioning (`!{partitionKeyFromLambda:k}`). */
export type PartitionKeys = Readonly<Record<string, string>>;

/**
 * Where a record stands in event time: the end of its partition window and
 * its event time (epoch ms). A re-ingested record carries it in its signed
 * marker, so that its lateness can be judged again when it comes back.
 */
export interface EventTiming {
  /** First instant after the record's partition window. */
  readonly windowEndMs: number;
  /** The record's event time (the latest of its lines). */
  readonly eventTimeMs: number;
}

/**
 * A piece of a record's output that belongs to another partition than its
 * `Ok` answer: it is re-ingested (with its keys) instead of answered.
 */
export interface OutputPart {
  /** Raw output bytes: newline-terminated JSON Lines. */
  readonly data: Uint8Array;
  readonly partitionKeys?: PartitionKeys;
  /** The part's event timing, signed into its marker when re-ingested. */
  readonly timing?: EventTiming;
}

/** A record answered `Ok`: its output data (base64) and partition keys. */
export interface OkVerdict {
  readonly result: 'Ok';
  /** Output data, base64-encoded. */
  readonly data: string;
  readonly partitionKeys?: PartitionKeys;
  /**
   * The event timing behind `partitionKeys` (EventTimePartitionFunction),
   * both or neither: kept in the marker if the record is re-ingested (see
   * `timingOf`). Never answered. Two fields rather than an object: one
   * object less per record on the partition function's hot path.
   */
  readonly windowEndMs?: number;
  readonly eventTimeMs?: number;
  /**
   * Output for other partitions, to re-ingest; the `Ok` stands only once
   * every part is confirmed (else the record fails `reingest-failed`).
   */
  readonly extraParts?: readonly OutputPart[];
}

/** A record deliberately answered `Dropped`. */
export interface DroppedVerdict {
  readonly result: 'Dropped';
  readonly reason: string;
  /** Why, for the logs (e.g. the schema error); never the record's content. */
  readonly detail?: string;
}

/** A record answered `ProcessingFailed`; Firehose keeps its original data. */
export interface FailedVerdict {
  readonly result: 'ProcessingFailed';
  readonly reason: string;
  /** Why, for the logs; never the record's content. */
  readonly detail: string;
}

/** What the stages decided for one record. */
export type Verdict = OkVerdict | DroppedVerdict | FailedVerdict;

/** A rejection a stage may return instead of a value. */
export type Rejection = DroppedVerdict | FailedVerdict;

/**
 * The event's header: which stream (and Kinesis or MSK source) sent the
 * batch. Read by `runBatch` from the event, passed to the stages and to
 * the overflow policy.
 *
 * @example
 * ```ts
 * const source: BatchSource = { deliveryStreamArn: event.deliveryStreamArn ?? '', sourceKinesisStreamArn: undefined };
 * ```
 */
export interface BatchSource {
  /** `event.deliveryStreamArn`, or '' when absent. */
  readonly deliveryStreamArn: string;
  /** `event.sourceKinesisStreamArn` for a Kinesis Data Stream source. */
  readonly sourceKinesisStreamArn: string | undefined;
  /**
   * `event.sourceMSKArn` for an Amazon MSK source, or '' when the records
   * carry `kafkaRecordValue` without it; `undefined` for other sources.
   */
  readonly sourceMSKArn?: string | undefined;
}
