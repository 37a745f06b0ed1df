import type { DeliveryStreamDescription } from '@aws-sdk/client-firehose';
import { describe, expect, it } from 'vitest';
import {
  AttachError,
  planAttach,
  withLambdaProcessor,
} from '../../../scripts/lib/attachPlan.ts';

const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:transform';
const SETTINGS = {
  functionArn: ARN,
  bufferSizeMb: 1,
  bufferIntervalSeconds: 60,
};

function stream(
  destination: Record<string, unknown>,
): DeliveryStreamDescription {
  return {
    DeliveryStreamName: 'orders',
    DeliveryStreamARN:
      'arn:aws:firehose:eu-west-1:123456789012:deliverystream/orders',
    VersionId: '7',
    Destinations: [
      { DestinationId: 'destinationId-000000000001', ...destination },
    ],
  } as DeliveryStreamDescription;
}

describe('withLambdaProcessor', () => {
  it('replaces a Lambda processor in place, keeping its other parameters', () => {
    // Prepare
    const processors = [
      { Type: 'RecordDeAggregation' as const, Parameters: [] },
      {
        Type: 'Lambda' as const,
        Parameters: [
          { ParameterName: 'LambdaArn' as const, ParameterValue: 'arn:old' },
          { ParameterName: 'NumberOfRetries' as const, ParameterValue: '5' },
          { ParameterName: 'RoleArn' as const, ParameterValue: 'arn:role' },
        ],
      },
      { Type: 'AppendDelimiterToRecord' as const },
    ];

    // Act
    const out = withLambdaProcessor(processors, SETTINGS);

    // Assess
    expect(out.map((p) => p.Type)).toEqual([
      'RecordDeAggregation',
      'Lambda',
      'AppendDelimiterToRecord',
    ]);
    expect(out[1]?.Parameters).toEqual([
      { ParameterName: 'LambdaArn', ParameterValue: ARN },
      { ParameterName: 'BufferSizeInMBs', ParameterValue: '1' },
      { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '60' },
      { ParameterName: 'NumberOfRetries', ParameterValue: '5' },
      { ParameterName: 'RoleArn', ParameterValue: 'arn:role' },
    ]);
  });

  it('inserts the Lambda processor before jq extraction and delimiters', () => {
    // Prepare
    const processors = [
      { Type: 'Decompression' as const },
      { Type: 'MetadataExtraction' as const },
    ];

    // Act
    const out = withLambdaProcessor(processors, SETTINGS);

    // Assess
    expect(out.map((p) => p.Type)).toEqual([
      'Decompression',
      'Lambda',
      'MetadataExtraction',
    ]);
  });
});

describe('planAttach', () => {
  it('sends only the processing configuration, with the version and destination ids', () => {
    // Prepare
    const description = stream({
      ExtendedS3DestinationDescription: {
        RoleARN: 'arn:aws:iam::123456789012:role/fh',
        BucketARN: 'arn:aws:s3:::b',
        Prefix: 'events/!{partitionKeyFromLambda:day}/',
        DynamicPartitioningConfiguration: { Enabled: true },
      },
    });

    // Act
    const plan = planAttach(description, SETTINGS);

    // Assess
    expect(Object.keys(plan.request.ExtendedS3DestinationUpdate ?? {})).toEqual(
      ['ProcessingConfiguration'],
    );
    expect(plan.request.CurrentDeliveryStreamVersionId).toBe('7');
    expect(plan.request.DestinationId).toBe('destinationId-000000000001');
    expect(plan.notes).toEqual([]);
    expect(plan.roleArn).toBe('arn:aws:iam::123456789012:role/fh');
  });

  it('restates a plain S3 destination, which Firehose does not merge into an extended one', () => {
    // Prepare
    const plain = stream({
      S3DestinationDescription: {
        RoleARN: 'arn:aws:iam::123456789012:role/fh',
        BucketARN: 'arn:aws:s3:::b',
        Prefix: 'raw/',
        BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
        CompressionFormat: 'GZIP',
      },
    });

    // Act
    const update = planAttach(plain, SETTINGS).request
      .ExtendedS3DestinationUpdate;

    // Assess
    expect(update).toMatchObject({
      RoleARN: 'arn:aws:iam::123456789012:role/fh',
      BucketARN: 'arn:aws:s3:::b',
      Prefix: 'raw/',
      BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
      CompressionFormat: 'GZIP',
      ProcessingConfiguration: { Enabled: true },
    });
  });

  it('grants the role invoke and configuration reads on the function and its qualifiers', () => {
    // Prepare
    const description = stream({ ExtendedS3DestinationDescription: {} });

    // Act
    const plan = planAttach(description, {
      ...SETTINGS,
      functionArn: `${ARN}:live`,
    });

    // Assess
    expect(plan.roleStatement).toEqual({
      Sid: 'InvokeProcessor',
      Effect: 'Allow',
      Action: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'],
      Resource: [ARN, `${ARN}:*`],
    });
  });

  it('says when dynamic partitioning is off, or on without Lambda keys in the prefix', () => {
    // Prepare
    const off = stream({ S3DestinationDescription: { Prefix: 'raw/' } });
    const unused = stream({
      ExtendedS3DestinationDescription: {
        Prefix: 'raw/',
        DynamicPartitioningConfiguration: { Enabled: true },
      },
    });

    // Act
    const [offNote] = planAttach(off, SETTINGS).notes;
    const [unusedNote] = planAttach(unused, SETTINGS).notes;

    // Assess
    expect(offNote).toContain('Dynamic partitioning is OFF on orders');
    expect(offNote).toContain('by arrival time, not event time');
    expect(unusedNote).toContain('uses no !{partitionKeyFromLambda:…}');
  });

  it('refuses a stream that does not deliver to S3', () => {
    // Prepare
    const http = stream({ HttpEndpointDestinationDescription: {} });

    // Act
    const plan = () => planAttach(http, SETTINGS);

    // Assess
    expect(plan).toThrow(AttachError);
    expect(plan).toThrow('only S3 destinations can be attached');
  });
});
