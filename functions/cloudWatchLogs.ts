/**
 * CloudWatchLogsFunction: CloudWatch Logs subscription records (gzip) to
 * one JSON line per log event, partitioned by the events' time; control
 * messages dropped; what does not fit the response re-ingested.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { readCloudWatchLogsConfig } from '#shared/cloudwatch/cloudWatchLogsConfig.js';
import { createCloudWatchLogsProcessor } from '#shared/cloudwatch/cloudWatchLogsProcessor.js';
import type { FirehoseResponse } from '#shared/firehose/types.js';
import { readObservability } from '#shared/handler/observabilityConfig.js';
import { logBatchErrors } from '#shared/middlewares/logBatchErrors.js';
import { runBatch } from '#shared/pipeline/runBatch.js';
import { createReingestPolicy } from '#shared/reingest/overflowPolicy.js';
import { readReingestConfig } from '#shared/reingest/reingestConfig.js';
import { readPartitionConfig } from '#shared/time/partitionConfig.js';
import { createPartitioner } from '#shared/time/partitionWindow.js';

// Configuration is read once, at init; the AWS SDK loads only when a
// record has to be re-ingested.
const observability = readObservability(process.env, 'cloudWatchLogs');
const partitionConfig = readPartitionConfig(process.env);
const processor = createCloudWatchLogsProcessor({
  config: readCloudWatchLogsConfig(process.env),
  partition: createPartitioner(partitionConfig),
  earliestEventMs: partitionConfig.earliestEventMs,
  partitionWarningThreshold: partitionConfig.partitionWarningThreshold,
  logger: observability.logger,
});
const overflow = createReingestPolicy(readReingestConfig(process.env));

export const handler = middy<unknown, FirehoseResponse, Error, Context>()
  .use(logBatchErrors({ logger: observability.logger }))
  .handler((event, context) =>
    runBatch(event, context, processor, observability, overflow),
  );
