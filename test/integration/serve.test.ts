import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  ListDeliveryStreamsCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/lib/template.ts';
import {
  errorRecords,
  linesOf,
  rawText,
  readObjects,
} from '../helpers/localObjects.js';

// End to end: `npm start -- --serve` as a child process, produced into by
// the real @aws-sdk/client-firehose and the AWS CLI v1, stopped by SIGTERM.

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'serve-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

interface Served {
  child: ChildProcess;
  endpoint: string;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
}

/** Start serve mode on a free port; resolves once it listens. */
function startServe(
  args: string[],
  command: string[] = [process.execPath, 'local/start.ts'],
): Promise<Served> {
  const [program, ...start] = command as [string, ...string[]];
  const child = spawn(program, [...start, '--serve', '--port', '0', ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  const output = () => ({ stdout, stderr });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve mode did not listen in 20 s: ${stderr}`));
    }, 20_000);
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ child, endpoint: match[1], exited, output });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve mode exited ${code}: ${stderr}`));
    });
  });
}

function sdk(endpoint: string): FirehoseClient {
  return new FirehoseClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** The AWS CLI (v1) against `endpoint`, with dummy credentials and no user config. */
function aws(
  endpoint: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'aws',
      ['--endpoint-url', endpoint, 'firehose', ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: join(scratch, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'no-credentials'),
        },
      },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') throw error;
        resolve({
          code: error === null ? 0 : Number(error.code),
          stdout,
          stderr,
        });
      },
    );
  });
}

/** How many times each line occurs among the objects under `prefix`. */
function lineCounts(folder: string, prefix: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const object of readObjects(folder).filter((o) =>
    o.key.startsWith(prefix),
  ))
    for (const line of linesOf(object))
      counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

const once = (lines: string[]) => new Map(lines.map((line) => [line, 1]));

describe('npm start -- --serve', () => {
  it('serves the API to the SDK and the CLI, and flushes everything on SIGTERM', async () => {
    // Prepare
    const out = join(scratch, 'flush-on-exit');
    const served = await startServe(['--out', out]);
    const client = sdk(served.endpoint);
    const now = Date.now();
    const onTime = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({
        id: `ev-${i}`,
        timestamp: new Date(now - i * 1000).toISOString(),
      }),
    );
    const late = Array.from({ length: 3 }, (_, i) =>
      JSON.stringify({
        id: `late-${i}`,
        timestamp: new Date(now - 3 * 3_600_000).toISOString(),
      }),
    );
    const invalid = ['{"id":"bad-1",', 'not json at all'];
    const transformed = [
      '{"orderId":"sdk-1","n":1}',
      '{"orderId":"sdk-2","n":2}',
    ];
    const cliRecords = [
      '{"orderId":"cli-1"}',
      '{"orderId":"cli-2"}',
      '{"orderId":"cli-3"}',
    ];

    // Act
    const list = await client.send(new ListDeliveryStreamsCommand({}));
    const described = await client.send(
      new DescribeDeliveryStreamCommand({
        DeliveryStreamName: 'local-EventStream',
      }),
    );
    const batch = await client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: 'local-EventStream',
        Records: [...onTime, ...late, ...invalid].map((text) => ({
          Data: Buffer.from(text),
        })),
      }),
    );
    for (const text of transformed)
      await client.send(
        new PutRecordCommand({
          DeliveryStreamName: 'local-TransformStream',
          Record: { Data: Buffer.from(text) },
        }),
      );
    const refused = await Promise.all(
      [
        new PutRecordCommand({
          DeliveryStreamName: 'local-NoSuchStream',
          Record: { Data: Buffer.from('x') },
        }),
        new PutRecordBatchCommand({
          DeliveryStreamName: 'local-TransformStream',
          Records: Array.from({ length: 501 }, () => ({
            Data: Buffer.from('{}'),
          })),
        }),
        new PutRecordCommand({
          DeliveryStreamName: 'local-TransformStream',
          Record: { Data: Buffer.alloc(1_024_001, 32) },
        }),
        new PutRecordBatchCommand({
          DeliveryStreamName: 'local-TransformStream',
          Records: Array.from({ length: 5 }, () => ({
            Data: Buffer.alloc(1_000_000, 32),
          })),
        }),
      ].map((command) =>
        client.send(command as PutRecordCommand).then(
          () => 'accepted',
          (error: { name: string; $metadata: { httpStatusCode?: number } }) =>
            `${error.name} ${error.$metadata.httpStatusCode}`,
        ),
      ),
    );
    // Each CLI run starts Python: run them side by side.
    const [cliOne, cliBatch, cliMissing, cliList] = await Promise.all([
      aws(served.endpoint, [
        'put-record',
        '--delivery-stream-name',
        'local-TransformStream',
        '--record',
        JSON.stringify({ Data: cliRecords[0] }),
      ]),
      aws(served.endpoint, [
        'put-record-batch',
        '--delivery-stream-name',
        'local-TransformStream',
        '--records',
        JSON.stringify(cliRecords.slice(1).map((Data) => ({ Data }))),
      ]),
      aws(served.endpoint, [
        'put-record',
        '--delivery-stream-name',
        'local-NoSuchStream',
        '--record',
        '{"Data":"x"}',
      ]),
      aws(served.endpoint, ['list-delivery-streams']),
    ]);
    const beforeSignal = readObjects(out).length;
    served.child.kill('SIGTERM');
    const code = await served.exited;
    client.destroy();

    // Assess
    expect(code).toBe(0);
    expect(list.DeliveryStreamNames).toEqual([
      'local-EventStream',
      'local-LateEventStream',
      'local-LogsStream',
      'local-TransformStream',
    ]);
    const s3 =
      described.DeliveryStreamDescription?.Destinations?.[0]
        ?.ExtendedS3DestinationDescription;
    expect(s3?.DynamicPartitioningConfiguration?.Enabled).toBe(true);
    expect(s3?.ProcessingConfiguration?.Processors?.[0]?.Type).toBe('Lambda');
    expect(batch.FailedPutCount).toBe(0);
    expect(batch.RequestResponses).toHaveLength(25);
    expect(refused).toEqual([
      'ResourceNotFoundException 400',
      'ValidationException 400',
      'ValidationException 400',
      'InvalidArgumentException 400',
    ]);
    expect(cliOne.code).toBe(0);
    expect(JSON.parse(cliOne.stdout)).toHaveProperty('RecordId');
    expect(cliBatch.code).toBe(0);
    expect(JSON.parse(cliBatch.stdout).FailedPutCount).toBe(0);
    expect(cliMissing.code).not.toBe(0);
    expect(cliMissing.stderr).toMatch(/ResourceNotFoundException/);
    expect(JSON.parse(cliList.stdout).DeliveryStreamNames).toHaveLength(4);
    // The template's intervals are long: nothing was written before the signal.
    expect(beforeSignal).toBe(0);
    expect(lineCounts(out, 'transformed/')).toEqual(
      once([...transformed, ...cliRecords]),
    );
    expect(lineCounts(out, 'events/')).toEqual(once(onTime));
    // Late records reach the fallback stream in the function's envelope.
    const envelopes = [...lineCounts(out, 'late/')].map(([line, n]) => {
      const envelope = JSON.parse(line) as { reason: string; record: unknown };
      return [envelope.reason, JSON.stringify(envelope.record), n];
    });
    expect(envelopes.sort()).toEqual(late.map((text) => ['late', text, 1]));
    expect(
      errorRecords(readObjects(out), 'errors/events/processing-failed/')
        .map(rawText)
        .sort(),
    ).toEqual([...invalid].sort());
    expect(
      readObjects(out).filter(
        (o) =>
          !/^(transformed|events|late|errors\/events\/processing-failed)\//.test(
            o.key,
          ),
      ),
    ).toEqual([]);
    expect(served.output().stdout).toMatch(
      /serve mode\): 30 records from producers in 3 PutRecord and 2 PutRecordBatch calls \(5 refused\)/,
    );
    expect(served.output().stderr).toMatch(/SIGTERM: flushing/);
  }, 90_000);

  it('flushes on the real clock at --buffer-interval while it serves', async () => {
    // Prepare
    const out = join(scratch, 'interval');
    const served = await startServe(['--out', out, '--buffer-interval', '1s']);
    const records = ['{"orderId":"tick-1"}', '{"orderId":"tick-2"}'];

    // Act
    const put = await aws(served.endpoint, [
      'put-record-batch',
      '--delivery-stream-name',
      'local-TransformStream',
      '--records',
      JSON.stringify(records.map((Data) => ({ Data }))),
    ]);
    const deadline = Date.now() + 15_000;
    while (lineCounts(out, 'transformed/').size < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const whileServing = lineCounts(out, 'transformed/');
    const stillRunning = served.child.exitCode === null;
    served.child.kill('SIGINT');
    const code = await served.exited;

    // Assess
    expect(put.code).toBe(0);
    expect(whileServing).toEqual(once(records));
    expect(stillRunning).toBe(true);
    expect(code).toBe(0);
    expect(lineCounts(out, 'transformed/')).toEqual(once(records));
  }, 60_000);

  it('flushes when `npm start` is stopped by a SIGTERM sent to npm alone', async () => {
    // Prepare
    const out = join(scratch, 'npm');
    const served = await startServe(
      ['--out', out],
      ['npm', 'start', '-s', '--'],
    );
    const client = sdk(served.endpoint);
    const records = ['{"orderId":"npm-1"}', '{"orderId":"npm-2"}'];

    // Act
    await client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: 'local-TransformStream',
        Records: records.map((text) => ({ Data: Buffer.from(text) })),
      }),
    );
    client.destroy();
    served.child.kill('SIGTERM');
    // npm goes at once; its output pipe closes when serve mode has exited.
    await served.exited;

    // Assess
    expect(lineCounts(out, 'transformed/')).toEqual(once(records));
    expect(served.output().stderr).toMatch(
      /(SIGTERM|parent process gone): flushing/,
    );
    expect(served.output().stdout).toMatch(
      /serve mode\): 2 records from producers/,
    );
  }, 60_000);
});
