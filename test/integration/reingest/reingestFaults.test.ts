import type {
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaRunner } from '../../../local/lambda/lambdaRunner.ts';
import { startFunction } from '../../../local/lambda/localInvoke.ts';
import {
  dataMessage,
  logEvent,
  logsRecord,
  type TestLogEvent,
} from '../../helpers/cloudWatchLogs.js';
import {
  type FakeFirehoseServer,
  startFakeFirehose,
} from '../senders/fakeFirehoseServer.js';

const LIMIT = 6_291_456;
const hour = Date.UTC(2026, 2, 1, 10);
// 7 records of ~1.4 MB of output: ~13 MB of answers for a 6 MB response.
const batches: TestLogEvent[][] = Array.from({ length: 7 }, (_, r) =>
  Array.from({ length: 1_400 }, (_, i) =>
    logEvent(hour + i, `fault ${r} ${i} ${'f'.repeat(800)}`),
  ),
);
const event: FirehoseTransformationEvent = {
  invocationId: 'faults-1',
  deliveryStreamArn:
    'arn:aws:firehose:us-east-1:123456789012:deliverystream/local-LogsStream',
  region: 'us-east-1',
  records: batches.map((events, r) =>
    logsRecord(dataMessage(events), { recordId: `f-${r}` }),
  ),
};

let server: FakeFirehoseServer;
const runners: LambdaRunner[] = [];
const logs: string[] = [];

async function runner(endpoint: string): Promise<LambdaRunner> {
  const started = await startFunction({
    logicalId: 'CloudWatchLogsFunction',
    callerEnv: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL: endpoint,
    },
    logSink: (chunk) => logs.push(chunk.toString('utf8')),
  });
  runners.push(started);
  return started;
}

/** The record (index) whose events a re-ingested payload carries. */
function recordOf(payload: string): number {
  const line = payload.split('\n')[1] ?? '';
  return Number(
    (JSON.parse(line) as { message: string }).message.split(' ')[1],
  );
}

beforeAll(async () => {
  server = await startFakeFirehose();
});

afterAll(async () => {
  await Promise.all(runners.map((r) => r.close()));
  await server.close();
});

describe('CloudWatchLogsFunction bundle when re-ingestion fails', () => {
  it('answers Dropped only the records whose every piece was stored', async () => {
    // Prepare: the endpoint always refuses the pieces of record 6.
    server.reset(() => ({
      kind: 'partial',
      refuse: (payload) => recordOf(payload) === 6,
    }));
    const cwl = await runner(server.endpoint);

    // Act
    const response = (await cwl.invoke(event)) as FirehoseTransformationResult;

    // Assess
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(
      LIMIT,
    );
    const stored = new Set(server.stored.map(recordOf));
    const results = response.records.map((r) => r.result);
    expect(results[6]).toBe('ProcessingFailed');
    expect(response.records[6]?.data).toBe(event.records[6]?.data);
    expect(results).toContain('Dropped');
    results.forEach((result, r) => {
      if (result === 'Dropped') expect(stored.has(r)).toBe(true);
    });
    expect(stored.has(6)).toBe(false);
    expect(logs.join('')).toContain('"reason":"reingest-failed"');
  });

  it('drops nothing when the endpoint is dead', async () => {
    // Prepare: nothing listens on port 9.
    const cwl = await runner('http://127.0.0.1:9');

    // Act
    const response = (await cwl.invoke(event)) as FirehoseTransformationResult;

    // Assess
    const results = response.records.map((r) => r.result);
    expect(results).not.toContain('Dropped');
    expect(results).toContain('ProcessingFailed');
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(
      LIMIT,
    );
  });
});
