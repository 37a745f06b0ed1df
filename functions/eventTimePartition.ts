/**
 * EventTimePartitionFunction: TransformFunction's stages, then partition
 * keys from each record's event time for Firehose dynamic partitioning;
 * late and early records go to the fallback stream.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { FirehoseResponse } from '#shared/firehose/types.js';
import {
  checkTimestampField,
  readInputFormatConfig,
} from '#shared/formats/formatConfig.js';
import { readObservability } from '#shared/handler/observabilityConfig.js';
import { createReturnedRecordJudge } from '#shared/lateness/judgeReturned.js';
import { readLatenessConfig } from '#shared/lateness/latenessConfig.js';
import { logBatchErrors } from '#shared/middlewares/logBatchErrors.js';
import type { LineStage } from '#shared/pipeline/lineStages.js';
import { readerForInputFormat } from '#shared/pipeline/logRecords.js';
import { createPartitionProcessor } from '#shared/pipeline/partitionRecords.js';
import { runBatch } from '#shared/pipeline/runBatch.js';
import { createRecordDecoder } from '#shared/records/decodeRecord.js';
import { readDecompressConfig } from '#shared/records/decompressConfig.js';
import { createReingestPolicy } from '#shared/reingest/overflowPolicy.js';
import { readReingestConfig } from '#shared/reingest/reingestConfig.js';
import { createFirehoseTransport } from '#shared/senders/firehoseTransport.js';
import { createEventTimeStage } from '#shared/time/eventTimeStage.js';
import { readPartitionConfig } from '#shared/time/partitionConfig.js';
import {
  createSchemaStage,
  readSchemaConfig,
} from '#shared/validation/schemaStage.js';

// Configuration is read once, at init. The AWS SDK is not loaded here: the
// transport imports it when the first late record has to be sent.
const observability = readObservability(process.env, 'eventTimePartition');
const partitionConfig = readPartitionConfig(process.env);
const lateness = readLatenessConfig(process.env);
const schemaStage = createSchemaStage(readSchemaConfig(process.env));
const stages: LineStage[] = schemaStage === undefined ? [] : [schemaStage];
const fallback =
  lateness.fallbackStreamName === ''
    ? undefined
    : createFirehoseTransport(lateness.fallbackStreamName);
// A record that comes back from re-ingestion keeps its keys, but is judged
// late again on its new arrival time (the partition commit relies on it).
const overflow = createReingestPolicy(readReingestConfig(process.env), {
  judgeReturned: createReturnedRecordJudge({ lateness, fallback }),
});
// INPUT_FORMAT other than json: records are read as log lines or CSV rows,
// and partitioned by the parsed TIMESTAMP_FIELD (default timestamp).
const inputFormat = readInputFormatConfig(process.env);
checkTimestampField(
  inputFormat,
  partitionConfig.timestampField,
  partitionConfig.timestampFieldSpec,
);

const processor = createPartitionProcessor({
  stages,
  fieldPath: partitionConfig.timestampField,
  eventTime: createEventTimeStage(partitionConfig),
  lateness,
  partitionWarningThreshold: partitionConfig.partitionWarningThreshold,
  fallback,
  logger: observability.logger,
  decoder: createRecordDecoder(readDecompressConfig(process.env)),
  readRecord: readerForInputFormat(inputFormat, stages),
});

export const handler = middy<unknown, FirehoseResponse, Error, Context>()
  .use(logBatchErrors({ logger: observability.logger }))
  .handler((event, context) =>
    runBatch(event, context, processor, observability, overflow),
  );
