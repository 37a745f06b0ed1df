// DescribeDeliveryStream's DeliveryStreamDescription for a local stream,
// with the members the model requires (botocore firehose service-2.json:
// DeliveryStreamDescription, ExtendedS3DestinationDescription) and the
// buffering this server actually applies.
import type { LocalStreamConfig } from '../streamConfig.ts';

/** Template values a stream config does not keep, resolved. */
export interface TemplateDestination {
  roleArn?: string | undefined;
  prefix?: string | undefined;
  errorOutputPrefix?: string | undefined;
  encryptionKeyType?: string | undefined;
}

/** Every local stream has one destination, with this id (as Firehose numbers them). */
export const DESTINATION_ID = 'destinationId-000000000001';

const MB = 1024 * 1024;

/**
 * @example
 *   describeDeliveryStream(config, { roleArn, prefix }, Date.now()).DeliveryStreamStatus; // 'ACTIVE'
 */
export function describeDeliveryStream(
  config: LocalStreamConfig,
  destination: TemplateDestination,
  createdMs: number,
): Record<string, unknown> {
  const processor = config.processor;
  const processors: Record<string, unknown>[] = [];
  if (processor !== undefined)
    processors.push({
      Type: 'Lambda',
      Parameters: [
        { ParameterName: 'LambdaArn', ParameterValue: processor.lambdaArn },
        {
          ParameterName: 'NumberOfRetries',
          ParameterValue: String(processor.retries),
        },
        {
          ParameterName: 'BufferSizeInMBs',
          ParameterValue: String(processor.bufferSizeBytes / MB),
        },
        {
          ParameterName: 'BufferIntervalInSeconds',
          ParameterValue: String(processor.intervalMs / 1000),
        },
      ],
    });
  if (config.appendDelimiter)
    processors.push({ Type: 'AppendDelimiterToRecord' });
  const s3: Record<string, unknown> = {
    RoleARN: destination.roleArn ?? '',
    BucketARN: `arn:aws:s3:::${config.bucket}`,
    Prefix: destination.prefix ?? config.prefix.text,
    ErrorOutputPrefix: destination.errorOutputPrefix ?? config.errorPrefix.text,
    BufferingHints: {
      SizeInMBs: config.buffering.sizeBytes / MB,
      IntervalInSeconds: config.buffering.intervalMs / 1000,
    },
    CompressionFormat: config.compression,
    EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
    ProcessingConfiguration: {
      Enabled: processors.length > 0,
      Processors: processors,
    },
    DynamicPartitioningConfiguration: {
      Enabled: config.dynamicPartitioning,
    },
    CustomTimeZone: config.timeZone,
  };
  const seconds = Math.floor(createdMs / 1000);
  return {
    DeliveryStreamName: config.name,
    DeliveryStreamARN: config.arn,
    DeliveryStreamStatus: 'ACTIVE',
    DeliveryStreamType: 'DirectPut',
    ...(destination.encryptionKeyType === undefined
      ? {}
      : {
          DeliveryStreamEncryptionConfiguration: {
            KeyType: destination.encryptionKeyType,
            Status: 'ENABLED',
          },
        }),
    VersionId: '1',
    CreateTimestamp: seconds,
    LastUpdateTimestamp: seconds,
    Destinations: [
      {
        DestinationId: DESTINATION_ID,
        ExtendedS3DestinationDescription: s3,
      },
    ],
    HasMoreDestinations: false,
  };
}
