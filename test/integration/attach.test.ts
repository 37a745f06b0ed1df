import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CreateDeliveryStreamCommand,
  type DeliveryStreamDescription,
  DescribeDeliveryStreamCommand,
  FirehoseClient,
} from '@aws-sdk/client-firehose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/lib/template.ts';
import { motoClientConfig } from '../helpers/motoS3Stream.js';
import { type MotoServer, startMotoServer } from '../helpers/motoServer.js';

const FUNCTION_ARN =
  'arn:aws:lambda:us-east-1:123456789012:function:orders-TransformFunction-ABC';
const ROLE = 'arn:aws:iam::123456789012:role/orders-firehose';

let moto: MotoServer;
let firehose: FirehoseClient;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node scripts/attach.ts …` as npm run attach runs it, against moto. */
function attach(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(projectRoot, 'scripts/attach.ts'), ...args],
      {
        cwd: projectRoot,
        env: {
          PATH: process.env.PATH,
          AWS_ENDPOINT_URL: moto.endpoint,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function createStream(
  name: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: name,
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: {
        RoleARN: ROLE,
        BucketARN: 'arn:aws:s3:::existing-bucket',
        Prefix: 'raw/',
        ErrorOutputPrefix: 'errors/raw/!{firehose:error-output-type}/',
        BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 120 },
        CompressionFormat: 'GZIP',
        ...extra,
      },
    }),
  );
}

async function describeStream(
  name: string,
): Promise<DeliveryStreamDescription> {
  const answer = await firehose.send(
    new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }),
  );
  return answer.DeliveryStreamDescription as DeliveryStreamDescription;
}

function lambdaParameters(stream: DeliveryStreamDescription) {
  const processors =
    stream.Destinations?.[0]?.ExtendedS3DestinationDescription
      ?.ProcessingConfiguration?.Processors ?? [];
  return processors.map((p) => [
    p.Type,
    Object.fromEntries(
      (p.Parameters ?? []).map((q) => [q.ParameterName, q.ParameterValue]),
    ),
  ]);
}

beforeAll(async () => {
  moto = await startMotoServer();
  firehose = new FirehoseClient(motoClientConfig(moto));
}, 30_000);

afterAll(async () => {
  await moto?.stop();
});

describe('npm run attach', () => {
  it('sets the function as the processor and keeps the rest of the destination', async () => {
    // Prepare
    await createStream('orders');
    const before = await describeStream('orders');

    // Act
    const run = await attach(
      '--stream',
      'orders',
      '--function',
      FUNCTION_ARN,
      '--buffer-size-mb',
      '0.5',
      '--buffer-interval',
      '30',
    );
    const after = await describeStream('orders');

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(Number(after.VersionId)).toBe(Number(before.VersionId) + 1);
    expect(lambdaParameters(after)).toEqual([
      [
        'Lambda',
        {
          LambdaArn: FUNCTION_ARN,
          BufferSizeInMBs: '0.5',
          BufferIntervalInSeconds: '30',
          NumberOfRetries: '3',
        },
      ],
    ]);
    const kept = after.Destinations?.[0]?.ExtendedS3DestinationDescription;
    expect(kept).toMatchObject({
      RoleARN: ROLE,
      BucketARN: 'arn:aws:s3:::existing-bucket',
      Prefix: 'raw/',
      ErrorOutputPrefix: 'errors/raw/!{firehose:error-output-type}/',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 120 },
      CompressionFormat: 'GZIP',
    });
    expect(run.stdout).toContain('Before (orders):');
    expect(run.stdout).toContain('After (orders):');
    expect(run.stdout).toContain(
      `"CurrentDeliveryStreamVersionId": "${before.VersionId}"`,
    );
    expect(run.stdout).toContain(`The stream's role (${ROLE})`);
    expect(run.stdout).toContain('"lambda:InvokeFunction"');
    expect(run.stdout).toContain('"lambda:GetFunctionConfiguration"');
    expect(run.stdout).toContain(`"${FUNCTION_ARN}:*"`);
    expect(run.stdout).toContain('Dynamic partitioning is OFF on orders');
    expect(run.stdout).toContain(
      'can only be enabled when a stream is created',
    );
    expect(run.stdout).toContain(
      'arn:aws:firehose:us-east-1:123456789012:deliverystream/orders',
    );
  });

  it('changes nothing with --dry-run but prints the request', async () => {
    // Prepare
    await createStream('clicks');
    const before = await describeStream('clicks');

    // Act
    const run = await attach(
      '--stream',
      'clicks',
      '--function',
      FUNCTION_ARN,
      '--dry-run',
    );
    const after = await describeStream('clicks');

    // Assess
    expect(run.code).toBe(0);
    expect(after).toEqual(before);
    expect(lambdaParameters(after)).toEqual([]);
    expect(run.stdout).toContain('dry run: not sent, nothing changed');
    expect(run.stdout).toContain('"ExtendedS3DestinationUpdate"');
    expect(run.stdout).toContain(`"ParameterValue": "${FUNCTION_ARN}"`);
    expect(run.stdout).not.toContain('After (clicks):');
  });

  it('resolves a logical id through the stack and says nothing against partition keys on a partitioned stream', async () => {
    // Prepare
    await createStream('partitioned', {
      Prefix: 'events/year=!{partitionKeyFromLambda:year}/',
      DynamicPartitioningConfiguration: { Enabled: true },
    });
    const cloudFormation = new CloudFormationClient(motoClientConfig(moto));
    await cloudFormation.send(
      new CreateStackCommand({
        StackName: 'pipeline',
        TemplateBody: JSON.stringify({
          Resources: {
            EventTimePartitionFunctionRole: {
              Type: 'AWS::IAM::Role',
              Properties: {
                AssumeRolePolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Principal: { Service: 'lambda.amazonaws.com' },
                      Action: 'sts:AssumeRole',
                    },
                  ],
                },
              },
            },
            EventTimePartitionFunction: {
              Type: 'AWS::Lambda::Function',
              Properties: {
                Runtime: 'nodejs22.x',
                Handler: 'index.handler',
                Role: {
                  'Fn::GetAtt': ['EventTimePartitionFunctionRole', 'Arn'],
                },
                Code: { ZipFile: 'exports.handler = async () => ({})' },
              },
            },
          },
        }),
      }),
    );

    // Act
    const run = await attach(
      '--stream',
      'partitioned',
      '--function',
      'EventTimePartitionFunction',
      '--stack',
      'pipeline',
    );
    const after = await describeStream('partitioned');

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [[, parameters] = []] = lambdaParameters(after);
    expect(String((parameters as Record<string, string>).LambdaArn)).toMatch(
      /^arn:aws:lambda:us-east-1:123456789012:function:pipeline-EventTimePartitionFunction-/,
    );
    expect(run.stdout).not.toContain('Dynamic partitioning is OFF');
  });

  it('fails with exit code 1 for an unknown stream', async () => {
    // Act
    const run = await attach('--stream', 'nope', '--function', FUNCTION_ARN);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no delivery stream nope');
    expect(run.stdout).toBe('');
  });

  it.each([
    [['--function', FUNCTION_ARN], '--stream is required'],
    [['--stream', 'orders'], '--function is required'],
    [
      ['--stream', 'orders', '--function', 'TransformFunction'],
      'give its stack with --stack',
    ],
    [
      [
        '--stream',
        'orders',
        '--function',
        'arn:aws:sns:us-east-1:123456789012:t',
      ],
      'is not a Lambda function ARN',
    ],
    [
      [
        '--stream',
        'orders',
        '--function',
        FUNCTION_ARN,
        '--buffer-size-mb',
        '5',
      ],
      '--buffer-size-mb "5": expected a number from 0.2 to 3',
    ],
    [
      [
        '--stream',
        'orders',
        '--function',
        FUNCTION_ARN,
        '--buffer-interval',
        '901',
      ],
      '--buffer-interval "901"',
    ],
    [
      [
        '--stream',
        'orders',
        '--function',
        FUNCTION_ARN,
        '--bufer-size-mb',
        '1',
      ],
      "Unknown option '--bufer-size-mb'",
    ],
  ])('exits 2 on bad arguments %j', async (args, message) => {
    // Prepare
    await createStream('orders').catch((error: Error) => {
      if (error.name !== 'ResourceInUseException') throw error;
    });
    const before = await describeStream('orders');

    // Act
    const run = await attach(...args);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Usage: npm run attach');
    expect(await describeStream('orders')).toEqual(before);
  });
});
