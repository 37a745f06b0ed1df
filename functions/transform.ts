/**
 * TransformFunction: decode, validate (optional JSON Schema) and normalise
 * every record to newline-terminated JSON Lines.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { FirehoseResponse } from '#shared/firehose/types.js';
import { readInputFormatConfig } from '#shared/formats/formatConfig.js';
import { readObservability } from '#shared/handler/observabilityConfig.js';
import { logBatchErrors } from '#shared/middlewares/logBatchErrors.js';
import type { LineStage } from '#shared/pipeline/lineStages.js';
import {
  readerForInputFormat,
  transformLogRecord,
} from '#shared/pipeline/logRecords.js';
import type { BatchProcessor } from '#shared/pipeline/runBatch.js';
import { runBatch } from '#shared/pipeline/runBatch.js';
import { transformRecord } from '#shared/pipeline/transformRecord.js';
import { createRecordDecoder } from '#shared/records/decodeRecord.js';
import { readDecompressConfig } from '#shared/records/decompressConfig.js';
import { createReingestPolicy } from '#shared/reingest/overflowPolicy.js';
import { readReingestConfig } from '#shared/reingest/reingestConfig.js';
import {
  createSchemaStage,
  readSchemaConfig,
} from '#shared/validation/schemaStage.js';

// Configuration is read once, at init: a bad value fails the cold start
// with the variable's name instead of failing every record.
const observability = readObservability(process.env, 'transform');
const schemaStage = createSchemaStage(readSchemaConfig(process.env));
const stages: LineStage[] = schemaStage === undefined ? [] : [schemaStage];
// gzip records are decompressed (DECOMPRESS), within MAX_DECOMPRESSED_BYTES.
const decoder = createRecordDecoder(readDecompressConfig(process.env));
// INPUT_FORMAT other than json: log lines or CSV rows become JSON lines
// before the stages; JSON input keeps its own path.
const readLog = readerForInputFormat(
  readInputFormatConfig(process.env),
  stages,
);
const processor: BatchProcessor = (records) => {
  const decode = decoder.forBatch();
  return readLog === undefined
    ? records.map((record) => transformRecord(record, stages, decode))
    : records.map((record) => transformLogRecord(readLog, record, decode));
};
// What does not fit in the 6 MB response goes back into the stream.
const overflow = createReingestPolicy(readReingestConfig(process.env));

export const handler = middy<unknown, FirehoseResponse, Error, Context>()
  .use(logBatchErrors({ logger: observability.logger }))
  .handler((event, context) =>
    runBatch(event, context, processor, observability, overflow),
  );
