/**
 * The parts of `@aws-sdk/client-s3` and `@aws-sdk/client-cloudwatch` every
 * commit run uses: one esbuild entry point of PartitionCommitFunction
 * (template.yaml), so the SDK sits in its own file (its shared core once),
 * loaded on first use by {@link createSdkLoader}.
 *
 * @example
 * ```ts
 * const { S3Client, CloudWatchClient } = await import('./commitSdk.js');
 * ```
 */
export {
  CloudWatchClient,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
export {
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
