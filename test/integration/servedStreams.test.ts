import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRealClockDriver } from '../../local/serve/realClockDriver.ts';
import { createServedStreams } from '../../local/serve/servedStreams.ts';
import { readObjects } from '../helpers/localObjects.js';

// The adapter from serve mode to the local Firehose's delivery streams.

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'served-streams-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('createServedStreams', () => {
  it('finds a stream by name, logical id or ARN and describes it from the template', async () => {
    // Prepare
    const served = await createServedStreams({
      out: join(scratch, 'describe'),
      bufferIntervalMs: 2_500,
      onPut: () => {},
    });

    // Act
    const byName = served.backend.find('local-EventStream');
    const byId = served.backend.find('EventStream');
    const byArn = served.backend.find(
      'arn:aws:firehose:us-east-1:123456789012:deliverystream/local-EventStream',
    );
    const description = byName?.describe() as {
      Destinations: {
        ExtendedS3DestinationDescription: Record<string, unknown>;
      }[];
    };
    await served.close({});

    // Assess
    expect(served.backend.names()).toEqual([
      'local-TransformStream',
      'local-EventStream',
      'local-LogsStream',
      'local-LateEventStream',
    ]);
    expect(byId).toBe(byName);
    expect(byArn).toBe(byName);
    expect(served.backend.find('Nope')).toBeUndefined();
    expect(byName?.encrypted).toBe(true);
    expect(
      description.Destinations[0]?.ExtendedS3DestinationDescription,
    ).toMatchObject({
      RoleARN: 'arn:aws:iam::123456789012:role/local-EventStreamRole',
      BucketARN: 'arn:aws:s3:::local-databucket',
      Prefix: expect.stringContaining('!{partitionKeyFromLambda:year}'),
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 2.5 },
      DynamicPartitioningConfiguration: { Enabled: true },
    });
    expect(served.configs.every((c) => c.buffering.intervalMs === 2_500)).toBe(
      true,
    );
    expect(
      served.configs.every(
        (c) => c.processor === undefined || c.processor.intervalMs === 2_500,
      ),
    ).toBe(true);
  });

  it('puts records on the real clock and reports them at close', async () => {
    // Prepare
    const out = join(scratch, 'put');
    let puts = 0;
    const served = await createServedStreams({ out, onPut: () => puts++ });
    // TransformFunction sends nothing for records this small; the endpoint
    // it would re-ingest through is never called.
    served.setFunctionEndpoint('http://127.0.0.1:9');
    const driver = createRealClockDriver({
      streams: served.streams,
      onError: (error) => {
        throw error;
      },
    });
    const before = Date.now();

    // Act
    const ids = served.backend
      .find('TransformStream')
      ?.put([Buffer.from('{"a":1}\n'), Buffer.from('{"b":2}\n')]);
    const after = Date.now();
    await driver.drain();
    const report = served.report({
      PutRecord: 0,
      PutRecordBatch: 1,
      records: 2,
      refused: 0,
    }) as { api: { records: number }; streams: { recordsIn: number }[] };
    await served.close(report);

    // Assess
    expect(ids).toHaveLength(2);
    expect(puts).toBe(1);
    const objects = readObjects(out);
    expect(objects.map((o) => o.text)).toEqual(['{"a":1}\n{"b":2}\n']);
    // The key's hour is the arrival hour on the real clock.
    const hours = [before, after].map(
      (ms) =>
        `transformed/${new Date(ms).toISOString().slice(0, 13).replace(/[-T]/g, '/')}/`,
    );
    expect(hours.some((hour) => objects[0]?.key.startsWith(hour))).toBe(true);
    expect(report.api.records).toBe(2);
    expect(
      JSON.parse(readFileSync(join(out, '.local-firehose.json'), 'utf8')).api,
    ).toEqual({ PutRecord: 0, PutRecordBatch: 1, records: 2, refused: 0 });
  });
});
