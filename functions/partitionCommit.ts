/**
 * PartitionCommitFunction: on a schedule, compute EventStream's watermark
 * from DataFreshness and write a `_SUCCESS` manifest into every event-time
 * partition that is complete and not yet committed (docs/partition-commit.md).
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createCloudWatchFreshness } from '#shared/commit/cloudWatchFreshness.js';
import {
  FRESHNESS_PERIOD_MS,
  readCommitConfig,
} from '#shared/commit/commitConfig.js';
import {
  type CommitReport,
  commitPartitions,
} from '#shared/commit/commitPartitions.js';
import { createEventBridgePublisher } from '#shared/commit/eventBridgePublisher.js';
import { createS3PartitionStore } from '#shared/commit/s3PartitionStore.js';
import { readScheduleTime } from '#shared/commit/scheduleEvent.js';
import { CommitEventError } from '#shared/errors.js';
import { logBatchErrors } from '#shared/middlewares/logBatchErrors.js';
import { createLogger } from '#shared/observability/logger.js';
import { createPartitioner } from '#shared/time/partitionWindow.js';

// Configuration is read once, at init; the SDKs load on first use.
const logger = createLogger(process.env, { function: 'partitionCommit' });
const config = readCommitConfig(process.env);
const options = {
  bucket: config.bucket,
  deliveryStream: config.deliveryStreamName,
  prefix: config.prefix,
  partition: createPartitioner(config),
  rule: {
    allowedLatenessMs: config.allowedLatenessMs,
    lookbackMs: config.lookbackMs,
  },
  freshness: {
    periodMs: FRESHNESS_PERIOD_MS,
    publicationDelayMs: config.publicationDelayMs,
    idleAfterMs: config.idleAfterMs,
  },
  readFreshness: createCloudWatchFreshness(config.deliveryStreamName),
  store: createS3PartitionStore(config.bucket),
  publish:
    config.eventBusName === ''
      ? undefined
      : createEventBridgePublisher(config.eventBusName),
  concurrency: 8,
};

export const handler = middy<unknown, CommitReport, Error, Context>()
  .use(logBatchErrors({ logger }))
  .handler(async (event) => {
    const report = await commitPartitions(readScheduleTime(event), options);
    const { watermarkMs, evidence } = report.watermark;
    logger.log('info', 'commit run', {
      watermark:
        watermarkMs === undefined ? null : new Date(watermarkMs).toISOString(),
      evidence,
      candidates: report.candidates,
      committed: report.committed,
      alreadyCommitted: report.alreadyCommitted,
    });
    const failure = report.publishFailures[0];
    if (failure !== undefined) {
      throw new CommitEventError(
        failure.prefix,
        `${report.publishFailures.length} event(s) not published`,
        { cause: failure.error },
      );
    }
    return report;
  });
