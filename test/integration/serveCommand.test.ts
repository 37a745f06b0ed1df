import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  PutRecordBatchCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseDuration,
  runServe,
  type ServeIo,
} from '../../local/serve/serveCommand.ts';
import { readObjects } from '../helpers/localObjects.js';
import {
  motoClientConfig,
  readObjects as readBucket,
} from '../helpers/motoS3Stream.js';
import { startMotoServer } from '../helpers/motoServer.js';

// runServe in this process, with a signal the test sends.

/** Bytes that are not UTF-8 text: they must arrive unchanged. */
const BINARY = Buffer.from([0, 255, 254, 10, 13, 0xe2, 0x82]);
/** A record as LateEventStream takes it: an envelope with its partition. */
const ENVELOPE =
  '{"reason":"late","partition":{"year":"2026","month":"03","day":"01","hour":"10"},"record":{"kept":true}}';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'serve-command-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function testIo() {
  let stdout = '';
  let stderr = '';
  let signal: ((name: string) => void) | undefined;
  const io: ServeIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    onSignal(onSignal) {
      signal = onSignal;
      return () => {
        signal = undefined;
      };
    },
  };
  return {
    io,
    output: () => ({ stdout, stderr }),
    send: (name: string) => signal?.(name),
    listening: () => signal !== undefined,
    async endpoint(): Promise<string> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match?.[1] !== undefined) return match[1];
        if (Date.now() > deadline) throw new Error(`not listening: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

describe('parseDuration', () => {
  it('reads ms, s, m and plain seconds', () => {
    expect(
      ['500ms', '5s', '1.5s', '2m', '7', '0', '5h', 'soon', ''].map(
        parseDuration,
      ),
    ).toEqual([
      500,
      5000,
      1500,
      120_000,
      7000,
      0,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('runServe', () => {
  it('exits 2 with the usage on a bad option', async () => {
    // Prepare
    const bad = [
      ['--port', 'http'],
      ['--port', '70000'],
      ['--buffer-interval', '16m'],
      ['--input', 'events.ndjson'],
      ['--out', 'x', '--s3-endpoint', 'http://127.0.0.1:1'],
    ];

    // Act
    const runs = await Promise.all(
      bad.map(async (argv) => {
        const io = testIo();
        return [await runServe(argv, io.io), io.output().stderr];
      }),
    );

    // Assess
    for (const [code, stderr] of runs) {
      expect(code).toBe(2);
      expect(stderr).toMatch(/^error: .*\n\nUsage: npm start -- --serve/);
    }
  });

  it('exits 2 on a template it cannot read, listening to no signal', async () => {
    // Prepare
    const io = testIo();

    // Act
    const code = await runServe(
      [
        '--template',
        join(scratch, 'missing.yaml'),
        '--out',
        join(scratch, 'missing'),
      ],
      io.io,
    );

    // Assess
    expect(code).toBe(2);
    expect(io.output().stderr).toMatch(/^error: .*missing\.yaml/);
    expect(io.listening()).toBe(false);
  });

  it('exits 1 when the port is taken', async () => {
    // Prepare
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const io = testIo();

    // Act
    const code = await runServe(
      ['--port', String(port), '--out', join(scratch, 'taken')],
      io.io,
    );
    taken.close();

    // Assess
    expect(code).toBe(1);
    expect(io.output().stderr).toMatch(
      new RegExp(`cannot listen on 127.0.0.1:${port}: .*EADDRINUSE`),
    );
    expect(io.listening()).toBe(false);
  });

  it('applies --buffer-interval to every buffer, says so, and flushes on the signal', async () => {
    // Prepare
    const out = join(scratch, 'interval');
    const io = testIo();
    const running = runServe(
      ['--port', '0', '--out', out, '--buffer-interval', '90s'],
      io.io,
    );
    const endpoint = await io.endpoint();
    const client = new FirehoseClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });

    // Act
    const described = await client.send(
      new DescribeDeliveryStreamCommand({
        DeliveryStreamName: 'local-TransformStream',
      }),
    );
    await client.send(
      new PutRecordCommand({
        DeliveryStreamName: 'local-LateEventStream',
        Record: { Data: Buffer.from(`${ENVELOPE}\n`) },
      }),
    );
    await client.send(
      new PutRecordCommand({
        DeliveryStreamName: 'local-LateEventStream',
        Record: { Data: BINARY },
      }),
    );
    const beforeSignal = readObjects(out);
    io.send('SIGINT');
    const code = await running;
    client.destroy();

    // Assess
    const s3 =
      described.DeliveryStreamDescription?.Destinations?.[0]
        ?.ExtendedS3DestinationDescription;
    expect(s3?.BufferingHints?.IntervalInSeconds).toBe(90);
    expect(
      s3?.ProcessingConfiguration?.Processors?.[0]?.Parameters?.find(
        (p) => p.ParameterName === 'BufferIntervalInSeconds',
      )?.ParameterValue,
    ).toBe('90');
    expect(io.output().stdout).toMatch(
      /local-TransformStream {2}\(TransformStream; buffer 5 MiB \/ 90 s, TransformFunction every 1 MiB \/ 90 s\)/,
    );
    expect(beforeSignal).toEqual([]);
    expect(code).toBe(0);
    const objects = readObjects(out);
    expect(objects.map((o) => o.key)).toEqual([
      expect.stringMatching(
        /^errors\/late\/partitioning-failed\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/local-LateEventStream-1-/,
      ),
      expect.stringMatching(
        /^late\/year=2026\/month=03\/day=01\/hour=10\/local-LateEventStream-1-/,
      ),
    ]);
    // The envelope lands under its own partition, one value per line; the
    // bytes that are not JSON keep their exact bytes in the error record.
    expect(objects[1]?.text).toBe(`${ENVELOPE}\n`);
    const failed = JSON.parse(objects[0]?.text ?? '') as { rawData: string };
    expect(Buffer.from(failed.rawData, 'base64')).toEqual(BINARY);
    expect(io.output().stderr).toMatch(/SIGINT: flushing/);
  });

  it('writes to an S3 API with --s3-endpoint', async () => {
    // Prepare
    const moto = await startMotoServer();
    const io = testIo();
    const running = runServe(
      ['--port', '0', '--s3-endpoint', moto.endpoint],
      io.io,
    );
    const client = new FirehoseClient({
      endpoint: await io.endpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const s3 = new S3Client({
      ...motoClientConfig(moto),
      forcePathStyle: true,
    });

    // Act
    await client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: 'LateEventStream',
        Records: [
          { Data: Buffer.from(`${ENVELOPE}\n`) },
          { Data: Buffer.from(`${ENVELOPE}\n`) },
        ],
      }),
    );
    io.send('SIGTERM');
    const code = await running;
    const texts = await readBucket(s3, 'local-databucket', 'late/');
    client.destroy();
    s3.destroy();
    await moto.stop();

    // Assess
    expect(code).toBe(0);
    expect(texts).toEqual([`${ENVELOPE}\n${ENVELOPE}\n`]);
  }, 60_000);

  it('exits 1 and says so when a flush cannot write its object', async () => {
    // Prepare
    const moto = await startMotoServer();
    const io = testIo();
    const running = runServe(
      ['--port', '0', '--s3-endpoint', moto.endpoint],
      io.io,
    );
    const client = new FirehoseClient({
      endpoint: await io.endpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await client.send(
      new PutRecordCommand({
        DeliveryStreamName: 'local-LateEventStream',
        Record: { Data: Buffer.from('nowhere to go\n') },
      }),
    );
    client.destroy();

    // Act
    await moto.stop();
    io.send('SIGTERM');
    const code = await running;

    // Assess
    expect(code).toBe(1);
    expect(io.output().stderr).toMatch(/local Firehose failed: /);
    expect(io.output().stdout).not.toMatch(/serve mode\)/);
  }, 60_000);
});
