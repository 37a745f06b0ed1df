/**
 * The {@link FreshnessSource} on CloudWatch: GetMetricData for
 * `AWS/Firehose` `DeliveryToS3.DataFreshness` of one delivery stream, the
 * Maximum of each period.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { createSdkLoader } from '../senders/loadSdk.js';
import type { FreshnessSource } from './commitPartitions.js';
import type { FreshnessDatapoint } from './watermark.js';

type CloudWatchSdk = typeof import('./commitSdk.js');

const loadCloudWatchSdk = createSdkLoader<CloudWatchSdk>(
  '../shared/commit/commitSdk.mjs',
  ['@aws-sdk', 'client-cloudwatch'],
);

/** The metric the watermark is read from. */
export const DATA_FRESHNESS = {
  namespace: 'AWS/Firehose',
  metricName: 'DeliveryToS3.DataFreshness',
  dimension: 'DeliveryStreamName',
} as const;

/**
 * Create the CloudWatch freshness source of one delivery stream.
 *
 * @example
 * ```ts
 * const readFreshness = createCloudWatchFreshness('my-EventStream');
 * await readFreshness({ fromMs, toMs, periodMs: 60_000 });
 * ```
 */
export function createCloudWatchFreshness(
  deliveryStreamName: string,
): FreshnessSource {
  let client: Promise<{ sdk: CloudWatchSdk; cw: CloudWatchClient }> | undefined;
  return async function readFreshness(window) {
    client ??= loadCloudWatchSdk().then((sdk) => ({
      sdk,
      cw: new sdk.CloudWatchClient({}),
    }));
    const { sdk, cw } = await client;
    const points: FreshnessDatapoint[] = [];
    let token: string | undefined;
    do {
      const page = await cw.send(
        new sdk.GetMetricDataCommand({
          StartTime: new Date(window.fromMs),
          EndTime: new Date(window.toMs),
          ScanBy: 'TimestampAscending',
          NextToken: token,
          MetricDataQueries: [
            {
              Id: 'freshness',
              ReturnData: true,
              MetricStat: {
                Metric: {
                  Namespace: DATA_FRESHNESS.namespace,
                  MetricName: DATA_FRESHNESS.metricName,
                  Dimensions: [
                    {
                      Name: DATA_FRESHNESS.dimension,
                      Value: deliveryStreamName,
                    },
                  ],
                },
                Period: Math.round(window.periodMs / 1000),
                Stat: 'Maximum',
              },
            },
          ],
        }),
      );
      for (const result of page.MetricDataResults ?? []) {
        const timestamps = result.Timestamps ?? [];
        const values = result.Values ?? [];
        timestamps.forEach((timestamp, i) => {
          const value = values[i];
          if (value === undefined) return;
          points.push({
            timestampMs: timestamp.getTime(),
            maximumSeconds: value,
          });
        });
      }
      token = page.NextToken;
    } while (token !== undefined && token !== '');
    return points;
  };
}
