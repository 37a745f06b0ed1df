import { describe, expect, it } from 'vitest';
import {
  deliveryStreamName,
  type ReingestTarget,
  reingestTarget,
} from '#shared/reingest/reingestTarget.js';
import { firehoseRecord } from '../../helpers/records.js';
import { createFakeTransport } from '../senders/fakeTransport.js';

function fakeTransports() {
  const asked: string[] = [];
  const transport = createFakeTransport(() => ({ each: () => ({ ok: true }) }));
  return {
    asked,
    transports: {
      firehose: (name: string) => {
        asked.push(`firehose:${name}`);
        return transport;
      },
      kinesis: (arn: string) => {
        asked.push(`kinesis:${arn}`);
        return transport;
      },
    },
  };
}

describe('deliveryStreamName', () => {
  it('reads the name from a Firehose ARN and nothing from SAM sample ARNs', () => {
    // Prepare
    const arns = [
      'arn:aws:firehose:us-east-1:123456789012:deliverystream/my-stack-EventStream',
      'arn:aws-cn:firehose:cn-north-1:123456789012:deliverystream/x',
      'arn:aws:kinesis:EXAMPLE',
      '',
    ];

    // Act
    const names = arns.map(deliveryStreamName);

    // Assess
    expect(names).toEqual(['my-stack-EventStream', 'x', undefined, undefined]);
  });
});

describe('reingestTarget', () => {
  it('targets the delivery stream itself for a Direct PUT source', () => {
    // Prepare
    const { asked, transports } = fakeTransports();
    const source = {
      deliveryStreamArn:
        'arn:aws:firehose:us-east-1:123456789012:deliverystream/S',
      sourceKinesisStreamArn: undefined,
    };

    // Act
    const target = reingestTarget(source, transports) as ReingestTarget;

    // Assess
    expect(asked).toEqual(['firehose:S']);
    expect(target.stream).toBe('S');
    expect(target.partitionKeyOf(firehoseRecord('{}'))).toBe(undefined);
  });

  it('targets the Kinesis stream, keeping each record partition key', () => {
    // Prepare
    const { asked, transports } = fakeTransports();
    const arn = 'arn:aws:kinesis:us-east-1:123456789012:stream/source';
    const record = {
      ...firehoseRecord('{}', { recordId: 'r1' }),
      kinesisRecordMetadata: {
        shardId: 'shardId-000000000000',
        partitionKey: 'customer-42',
        approximateArrivalTimestamp: 0,
        sequenceNumber: '1',
        subsequenceNumber: '0',
      },
    };

    // Act
    const target = reingestTarget(
      {
        deliveryStreamArn: 'arn:aws:kinesis:EXAMPLE',
        sourceKinesisStreamArn: arn,
      },
      transports,
    ) as ReingestTarget;

    // Assess
    expect(asked).toEqual([`kinesis:${arn}`]);
    expect(target.partitionKeyOf(record)).toBe('customer-42');
    expect(
      target.partitionKeyOf(firehoseRecord('{}', { recordId: 'r2' })),
    ).toBe('r2');
  });

  it.each([[5], [null], [''], ['k'.repeat(257)]])(
    'keys a record whose metadata partitionKey is %j by its recordId (TypeError, issue 10 §4)',
    (partitionKey) => {
      // Prepare
      const { transports } = fakeTransports();
      const record = {
        ...firehoseRecord('{}', { recordId: 'r1' }),
        kinesisRecordMetadata: { partitionKey } as never,
      };
      const target = reingestTarget(
        {
          deliveryStreamArn: 'arn:aws:kinesis:EXAMPLE',
          sourceKinesisStreamArn: 'arn:aws:kinesis:us-east-1:1:stream/s',
        },
        transports,
      ) as ReingestTarget;

      // Act
      const key = target.partitionKeyOf(record);

      // Assess
      expect(key).toBe('r1');
    },
  );

  it('says why there is no target when the ARN names no stream', () => {
    // Prepare
    const { transports } = fakeTransports();

    // Act
    const target = reingestTarget(
      {
        deliveryStreamArn: 'arn:aws:kinesis:EXAMPLE',
        sourceKinesisStreamArn: undefined,
      },
      transports,
    );

    // Assess
    expect(target).toContain('names no delivery stream');
  });
});
