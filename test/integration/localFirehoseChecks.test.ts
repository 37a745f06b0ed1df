import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FirehoseClient,
  PutRecordBatchCommand,
} from '@aws-sdk/client-firehose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirehoseError } from '../../local/errorCodes.ts';
import {
  type RunReport,
  runLocalFirehose,
  startLocalFirehose,
} from '../../local/localFirehose.ts';
import { checkProcessorResponse } from '../../local/responseCheck.ts';
import {
  errorRecords,
  type LocalObject,
  linesOf,
  readObjects,
} from '../helpers/localObjects.js';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
const LAMBDA_ARN =
  'arn:aws:lambda:us-east-1:123456789012:function:BrokenFunction';

// One tiny processor bundle; MODE (a template parameter) picks how it
// breaks the contract.
const HANDLER = `
const MODE = process.env.MODE;
const keys = (i) => ({ partitionKeys: { k: MODE === 'many-partitions' ? 'p' + i : 'p0' } });
const ok = (r, i) => ({ recordId: r.recordId, result: 'Ok', data: r.data, metadata: keys(i) });
export const handler = async (event) => {
  const records = event.records;
  switch (MODE) {
    case 'missing-id': return { records: records.slice(1).map(ok) };
    case 'duplicate-id': return { records: [...records.map(ok), ok(records[0], 0)] };
    case 'unknown-id': return { records: records.map((r, i) => ({ ...ok(r, i), recordId: i === 0 ? 'nope' : r.recordId })) };
    case 'bad-base64': return { records: records.map((r, i) => ({ ...ok(r, i), data: 'not base64!' })) };
    case 'bad-result': return { records: records.map((r, i) => ({ ...ok(r, i), result: 'Success' })) };
    case 'not-an-object': return 'done';
    case 'oversize': return { records: records.map((r, i) => ({ ...ok(r, i), data: 'A'.repeat(i === 0 ? 7000000 : 4) })) };
    case 'throw': throw new TypeError('boom');
    case 'timeout': await new Promise((resolve) => setTimeout(resolve, 5000)); return { records: [] };
    case 'processing-failed': return { records: records.map((r, i) => i === 0 ? { recordId: r.recordId, result: 'ProcessingFailed', data: r.data } : ok(r, i)) };
    case 'dropped': return { records: records.map((r) => ({ recordId: r.recordId, result: 'Dropped' })) };
    case 'no-keys': return { records: records.map((r, i) => i === 0 ? { recordId: r.recordId, result: 'Ok', data: r.data } : ok(r, i)) };
    default: return { records: records.map(ok) };
  }
};
`;

const TEMPLATE = (codeUri: string) => `
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Mode: { Type: String, Default: ok }
  Retries: { Type: String, Default: "2" }
  Compression: { Type: String, Default: UNCOMPRESSED }
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BrokenFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ${codeUri}
      Handler: broken.handler
      Runtime: nodejs22.x
      Timeout: 1
      Environment:
        Variables:
          MODE: !Ref Mode
  Stream:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Bucket.Arn
        Prefix: "data/!{partitionKeyFromLambda:k}/"
        ErrorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/"
        BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 }
        CompressionFormat: !Ref Compression
        DynamicPartitioningConfiguration: { Enabled: true }
        ProcessingConfiguration:
          Enabled: true
          Processors:
            - Type: Lambda
              Parameters:
                - ParameterName: LambdaArn
                  ParameterValue: !GetAtt BrokenFunction.Arn
                - ParameterName: BufferSizeInMBs
                  ParameterValue: "1"
                - ParameterName: BufferIntervalInSeconds
                  ParameterValue: "60"
                - ParameterName: NumberOfRetries
                  ParameterValue: !Ref Retries
`;

let scratch: string;
let templatePath: string;
let runs = 0;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'local-firehose-checks-'));
  writeFileSync(join(scratch, 'broken.mjs'), HANDLER);
  templatePath = join(scratch, 'template.yaml');
  writeFileSync(templatePath, TEMPLATE(scratch));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const payloads = ['{"n":1}', '{"n":2}', '{"n":3}'];

async function runMode(
  parameters: Record<string, string>,
  options: { arrivals?: number[]; activePartitionLimit?: number } = {},
): Promise<{ report: RunReport; objects: LocalObject[] }> {
  runs++;
  const out = join(scratch, `out-${runs}`);
  const arrivals = options.arrivals ?? payloads.map((_, i) => T0 + i);
  const report = await runLocalFirehose({
    templatePath,
    parameterOverrides: parameters,
    activePartitionLimit: options.activePartitionLimit,
    out,
    stream: 'Stream',
    records: arrivals.map((arrivalMs, i) => ({
      data: Buffer.from(payloads[i % payloads.length] as string),
      arrivalMs,
    })),
  });
  return { report, objects: readObjects(out) };
}

function stream(report: RunReport) {
  const found = report.streams[0];
  if (found === undefined) throw new Error('no stream in the report');
  return found;
}

describe('local Firehose: checks on the processor response', () => {
  it.each([
    ['missing-id', FirehoseError.missingRecordId],
    ['unknown-id', FirehoseError.missingRecordId],
    ['duplicate-id', FirehoseError.duplicatedRecordId],
    ['bad-base64', FirehoseError.jsonProcessingException],
    ['bad-result', FirehoseError.jsonProcessingException],
    ['not-an-object', FirehoseError.jsonProcessingException],
  ])('fails the whole batch for %s, without retrying', async (mode, error) => {
    // Act
    const { report, objects } = await runMode({ Mode: mode });

    // Assess
    expect(stream(report).invocations).toBe(1);
    expect(
      objects.every((o) =>
        o.key.startsWith('errors/processing-failed/2026/03/01/'),
      ),
    ).toBe(true);
    const records = errorRecords(objects, 'errors/');
    expect(
      records.map((r) => Buffer.from(r.rawData, 'base64').toString()),
    ).toEqual(payloads);
    for (const record of records) {
      expect(record).toMatchObject({
        errorCode: error.code,
        errorMessage: error.message,
        attemptsMade: 1,
        lambdaArn: LAMBDA_ARN,
      });
      expect(record.arrivalTimestamp).toBeGreaterThanOrEqual(T0);
    }
  });

  it.each([
    ['throw', 'TypeError'],
    ['oversize', 'Function.ResponseSizeTooLarge'],
  ])(
    'retries NumberOfRetries times when the function fails (%s)',
    async (mode, errorType) => {
      // Act
      const { report, objects } = await runMode({ Mode: mode, Retries: '2' });

      // Assess
      expect(stream(report).invocations).toBe(3);
      expect(stream(report).invocationErrors).toEqual({ [errorType]: 3 });
      const records = errorRecords(objects, 'errors/processing-failed/');
      expect(records).toHaveLength(3);
      for (const record of records)
        expect(record).toMatchObject({
          errorCode: 'Lambda.FunctionError',
          attemptsMade: 3,
        });
    },
  );

  it('treats a timeout as a failed invocation', async () => {
    // Act
    const { report, objects } = await runMode({
      Mode: 'timeout',
      Retries: '0',
    });

    // Assess
    expect(stream(report).invocationErrors).toEqual({ 'Sandbox.Timedout': 1 });
    expect(errorRecords(objects, 'errors/processing-failed/')).toHaveLength(3);
  });

  it('writes ProcessingFailed records under the error prefix, the others under Prefix', async () => {
    // Act
    const { report, objects } = await runMode({ Mode: 'processing-failed' });

    // Assess
    const [failed, ...rest] = errorRecords(
      objects,
      'errors/processing-failed/',
    );
    expect(rest).toHaveLength(0);
    expect(failed).toMatchObject({
      errorCode: 'Lambda.ProcessingFailedStatus',
      attemptsMade: 1,
      rawData: Buffer.from('{"n":1}').toString('base64'),
    });
    const data = objects.filter((o) => o.key.startsWith('data/p0/'));
    expect(data.map((o) => o.text)).toEqual(['{"n":2}{"n":3}']);
    expect(stream(report)).toMatchObject({ ok: 2, processingFailed: 1 });
  });

  it('counts Dropped records and writes nothing for them', async () => {
    // Act
    const { report, objects } = await runMode({ Mode: 'dropped' });

    // Assess
    expect(stream(report)).toMatchObject({ dropped: 3, objects: 0 });
    expect(objects).toHaveLength(0);
  });
});

describe('local Firehose: dynamic partitioning', () => {
  it('sends a record without its partition key to partitioning-failed', async () => {
    // Act
    const { objects } = await runMode({ Mode: 'no-keys' });

    // Assess
    const records = errorRecords(objects, 'errors/partitioning-failed/');
    expect(records).toHaveLength(1);
    expect(records[0]?.errorCode).toBe(
      'DynamicPartitioning.MetadataExtractionFailed',
    );
    expect(objects.filter((o) => o.key.startsWith('data/p0/'))).toHaveLength(1);
  });

  it('sends records past the active-partition limit to the error prefix', async () => {
    // Act
    const { objects } = await runMode(
      { Mode: 'many-partitions' },
      { activePartitionLimit: 2 },
    );

    // Assess
    expect(
      objects
        .filter((o) => o.key.startsWith('data/'))
        .map((o) => o.key.split('/')[1]),
    ).toEqual(['p0', 'p1']);
    const records = errorRecords(objects, 'errors/activePartitionExceeded/');
    expect(records.map((r) => r.errorCode)).toEqual([
      'DynamicPartitioning.ActivePartitionsLimitExceeded',
    ]);
    expect(Buffer.from(records[0]?.rawData ?? '', 'base64').toString()).toBe(
      '{"n":3}',
    );
  });
});

describe('local Firehose: buffering on simulated time', () => {
  it('invokes per processor interval and writes per destination interval', async () => {
    // Act: arrivals at 0, 30, 70 and 130 s; both intervals are 60 s.
    const { report, objects } = await runMode(
      {},
      { arrivals: [0, 30_000, 70_000, 130_000].map((ms) => T0 + ms) },
    );

    // Assess
    expect(stream(report).invocations).toBe(3);
    expect(objects.map((o) => [o.key.slice(0, 43), o.text])).toEqual([
      ['data/p0/local-Stream-1-2026-03-01-12-00-00-', '{"n":1}{"n":2}'],
      ['data/p0/local-Stream-1-2026-03-01-12-01-10-', '{"n":3}'],
      ['data/p0/local-Stream-1-2026-03-01-12-02-10-', '{"n":1}'],
    ]);
  });

  it('compresses objects with GZIP', async () => {
    // Act
    const { objects } = await runMode({ Compression: 'GZIP' });

    // Assess
    expect(objects).toHaveLength(1);
    expect(objects[0]?.key).toMatch(/\.gz$/);
    expect(linesOf(objects[0] as LocalObject)).toEqual([
      '{"n":1}{"n":2}{"n":3}',
    ]);
  });
});

describe('local Firehose: the PutRecordBatch endpoint', () => {
  it('takes records from @aws-sdk/client-firehose and refuses what Firehose refuses', async () => {
    // Prepare
    const out = join(scratch, 'api');
    const firehose = await startLocalFirehose({ templatePath, out });
    const client = new FirehoseClient({
      endpoint: firehose.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const put = (name: string, count: number) =>
      client.send(
        new PutRecordBatchCommand({
          DeliveryStreamName: name,
          Records: Array.from({ length: count }, (_, i) => ({
            Data: Buffer.from(`{"n":${i}}`),
          })),
        }),
      );
    try {
      // Act
      const accepted = await put('local-Stream', 3);
      const unknown = await put('no-such-stream', 1).catch((e: Error) => e);
      const tooMany = await put('local-Stream', 501).catch((e: Error) => e);
      await firehose.drain();

      // Assess
      expect(accepted.FailedPutCount).toBe(0);
      expect(accepted.RequestResponses).toHaveLength(3);
      expect(unknown).toMatchObject({ name: 'ResourceNotFoundException' });
      expect(tooMany).toMatchObject({ name: 'ValidationException' });
      expect(firehose.report().streams[0]?.recordsIn).toBe(3);
    } finally {
      client.destroy();
      await firehose.close();
    }
    expect(readObjects(out).map((o) => o.text)).toEqual([
      '{"n":0}{"n":1}{"n":2}',
    ]);
  });
});

describe('checkProcessorResponse', () => {
  it('accepts Dropped and ProcessingFailed answers without data', () => {
    // Act
    const checked = checkProcessorResponse(['a', 'b'], {
      records: [
        { recordId: 'a', result: 'Dropped' },
        { recordId: 'b', result: 'ProcessingFailed' },
      ],
    });

    // Assess
    expect(checked.error).toBeUndefined();
    expect(checked.answers?.get('a')?.result).toBe('Dropped');
  });

  it('refuses an Ok answer without data', () => {
    // Act
    const checked = checkProcessorResponse(['a'], {
      records: [{ recordId: 'a', result: 'Ok' }],
    });

    // Assess
    expect(checked.error?.code).toBe('Lambda.JsonProcessingException');
  });
});
