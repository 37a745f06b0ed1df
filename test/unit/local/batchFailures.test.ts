import { describe, expect, it } from 'vitest';
import { createDeliveryStream } from '../../../local/deliveryStream.ts';
import { LambdaInvokeError } from '../../../local/lambda/lambdaRunner.ts';
import type { RunReport, StreamReport } from '../../../local/runReport.ts';
import { compilePrefix } from '../../../local/s3Prefix.ts';
import type { StreamConfig } from '../../../local/streamConfig.ts';
import { formatSummary, runFailure } from '../../../local/summaryText.ts';

const config: StreamConfig = {
  logicalId: 'EventStream',
  name: 'local-EventStream',
  arn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/local-EventStream',
  bucket: 'b',
  prefix: compilePrefix('events/!{timestamp:yyyy}/', { error: false }),
  errorPrefix: compilePrefix('errors/!{firehose:error-output-type}/', {
    error: true,
  }),
  dynamicPartitioning: false,
  compression: 'UNCOMPRESSED',
  timeZone: 'UTC',
  buffering: { sizeBytes: 1 << 20, intervalMs: 60_000 },
  processor: {
    functionLogicalId: 'Fn',
    lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:Fn',
    // One record per batch: each put dispatches a batch.
    bufferSizeBytes: 1,
    intervalMs: 60_000,
    retries: 0,
  },
  appendDelimiter: false,
  deaggregateJson: false,
  metadataQuery: undefined,
};

describe('createDeliveryStream', () => {
  it('keeps 10 batch failures and counts the others', async () => {
    // Prepare
    const stream = createDeliveryStream({
      config,
      serial: 1,
      clock: { now: () => 0 },
      invoke: async () => {
        throw new LambdaInvokeError(
          { errorType: 'Error', errorMessage: 'boom' },
          'init',
        );
      },
      sink: { put: async () => undefined },
      activePartitionLimit: 500,
      region: 'us-east-1',
    });

    // Act
    for (let i = 0; i < 13; i++) stream.put([{ data: Buffer.from('{}') }]);
    await stream.idle();

    // Assess
    expect(stream.stats.batchFailures).toHaveLength(10);
    expect(stream.stats.moreBatchFailures).toBe(3);
    expect(stream.stats.initError).toBe('Error: boom');
  });
});

describe('formatSummary', () => {
  const stream: StreamReport = {
    logicalId: 'EventStream',
    name: 'local-EventStream',
    function: 'Fn',
    recordsIn: 1,
    bytesIn: 2,
    ok: 0,
    dropped: 0,
    processingFailed: 0,
    delivered: 0,
    invocations: 1,
    invocationErrors: { Error: 1 },
    batchFailures: [
      { code: 'Lambda.FunctionError', detail: 'Error: boom', records: 1 },
    ],
    moreBatchFailures: 4,
    initError: undefined,
    errorRecords: { 'Lambda.FunctionError': 1 },
    partitions: 0,
    objects: 0,
    dataObjects: 0,
    errorObjects: 0,
    bytesOut: 0,
    keys: [],
    committed: null,
    manifests: [],
    commitWatermark: null,
    uncommitted: [],
    functionMetrics: {},
  };
  const report: RunReport = {
    output: '/tmp/out',
    outputLabel: './out',
    wallMs: 5,
    simulated: { firstArrival: null, lastFlush: null },
    api: { PutRecord: 0, PutRecordBatch: 0, records: 0, refused: 0 },
    warnings: [],
    skipped: [],
    streams: [stream],
  };

  it('says how many failed batches it does not list, and "1 record"', () => {
    // Act
    const text = formatSummary(report, { input: 'x', stream: 'EventStream' });

    // Assess
    expect(text).toContain(
      '  batch of 1 record failed: Lambda.FunctionError: Error: boom',
    );
    expect(text).toContain('  … and 4 more failed batches');
  });

  it('gives the reason a run failed, counting every failed batch', () => {
    // Act
    const failure = runFailure(report);

    // Assess
    expect(failure).toBe(
      'EventStream: 5 batches of records failed (1 record to the error prefix): Lambda.FunctionError: Error: boom',
    );
  });
});
