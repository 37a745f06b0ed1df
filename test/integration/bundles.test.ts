import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LambdaRunner } from '../../local/lambda/lambdaRunner.ts';
import {
  readEnvVarsFile,
  startFunction,
} from '../../local/lambda/localInvoke.ts';
import {
  listFunctions,
  projectRoot,
  readTemplate,
} from '../../scripts/lib/template.ts';

const STANDARD_BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Which function each sample event in events/ is meant for. */
const EVENT_FUNCTIONS: Readonly<Record<string, string>> = {
  'transform.json': 'TransformFunction',
  'partition.json': 'EventTimePartitionFunction',
  'cloudwatch-logs.json': 'CloudWatchLogsFunction',
};

const functions = listFunctions(readTemplate());
const cases = Object.entries(EVENT_FUNCTIONS)
  .filter(([file, id]) => id in functions && existsSync(eventPath(file)))
  .map(([file, id]) => ({ file, id }));
const envVars = readEnvVarsFile(join(projectRoot, 'events/env.json'));

function eventPath(file: string): string {
  return join(projectRoot, 'events', file);
}

function readEvent(file: string): FirehoseTransformationEvent {
  return JSON.parse(readFileSync(eventPath(file), 'utf8'));
}

/**
 * The caller environment of the bundles: fake credentials and an endpoint
 * nobody listens on, so that no test can ever reach a real AWS account
 * (a fallback send fails fast instead).
 */
function offlineCallerEnv(): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  };
}

const runners = new Map<string, LambdaRunner>();
const logs: string[] = [];

/** One warm instance per function, shared by its events (like Lambda). */
async function runnerFor(logicalId: string): Promise<LambdaRunner> {
  let runner = runners.get(logicalId);
  if (runner === undefined) {
    runner = await startFunction({
      logicalId,
      envVars,
      callerEnv: offlineCallerEnv(),
      logSink: (chunk) => logs.push(chunk.toString('utf8')),
    });
    runners.set(logicalId, runner);
  }
  return runner;
}

afterAll(async () => {
  await Promise.all([...runners.values()].map((runner) => runner.close()));
});

function decode(data: string | undefined): string {
  return Buffer.from(data ?? '', 'base64').toString('utf8');
}

describe('sample events', () => {
  it('include events/transform.json for TransformFunction', () => {
    // Prepare
    const expected = { file: 'transform.json', id: 'TransformFunction' };

    // Act
    const found = cases.find((c) => c.file === expected.file);

    // Assess
    expect(found).toEqual(expected);
  });
});

describe.each(cases)('the $id bundle with events/$file', ({ file, id }) => {
  const event = readEvent(file);
  let response: FirehoseTransformationResult;
  const answers = () => response.records;
  const inputOf = (answer: FirehoseTransformationResultRecord) =>
    event.records.find((r) => r.recordId === answer.recordId);

  beforeAll(async () => {
    const runner = await runnerFor(id);
    response = (await runner.invoke(event)) as FirehoseTransformationResult;
  });

  it('answers every record once, in order, with a valid result', () => {
    // Prepare
    const expectedIds = event.records.map((r) => r.recordId);

    // Act
    const ids = answers().map((a) => a.recordId);

    // Assess
    expect(ids).toEqual(expectedIds);
    for (const answer of answers()) {
      expect(['Ok', 'Dropped', 'ProcessingFailed']).toContain(answer.result);
      expect(typeof answer.data).toBe('string');
    }
  });

  it('answers Ok with newline-terminated JSON Lines', () => {
    // Prepare
    const ok = answers().filter((a) => a.result === 'Ok');

    // Act
    const texts = ok.map((a) => decode(a.data));

    // Assess
    expect(ok.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text.endsWith('\n')).toBe(true);
      expect(text).not.toContain('\r');
      const lines = text.slice(0, -1).split('\n');
      for (const line of lines) {
        expect(line.trim()).toBe(line);
        expect(() => JSON.parse(line)).not.toThrow();
      }
    }
  });

  it('answers ProcessingFailed with the input data unchanged ("" when it was not base64)', () => {
    // Prepare
    const failed = answers().filter((a) => a.result === 'ProcessingFailed');

    // Act
    const pairs = failed.map((a) => [a.data, inputOf(a)?.data ?? '']);

    // Assess
    for (const [output, input] of pairs) {
      expect(output).toBe(STANDARD_BASE64.test(input ?? '') ? input : '');
    }
  });

  it('gives partition keys (strings) to every Ok record of a partitioning function', () => {
    // Prepare
    const partitioning =
      id === 'EventTimePartitionFunction' || id === 'CloudWatchLogsFunction';

    // Act
    const keys = answers()
      .filter((a) => a.result === 'Ok')
      .map((a) => a.metadata?.partitionKeys);

    // Assess
    for (const key of keys) {
      if (!partitioning) {
        expect(key).toBe(undefined);
        continue;
      }
      expect(key).toBeDefined();
      for (const value of Object.values(key ?? {}))
        expect(typeof value).toBe('string');
    }
  });
});

describe('TransformFunction with events/transform.json', () => {
  const event = readEvent('transform.json');

  async function transform(): Promise<FirehoseTransformationResult> {
    const runner = await runnerFor('TransformFunction');
    return (await runner.invoke(event)) as FirehoseTransformationResult;
  }

  it('gives the expected result for each sample record', async () => {
    // Prepare
    const expected = [
      'Ok', // valid order
      'Ok', // already newline-terminated
      'Ok', // JSON Lines with CRLF and a blank line
      'ProcessingFailed', // invalid against schemas/order.json
      'ProcessingFailed', // not JSON
      'ProcessingFailed', // not base64
      'Ok', // UTF-8 BOM
      'Ok', // integer beyond 2^53
    ];

    // Act
    const response = await transform();

    // Assess
    expect(response.records.map((r) => r.result)).toEqual(expected);
  });

  it('passes canonical JSON Lines through byte for byte', async () => {
    // Prepare
    const input = event.records[1]?.data;

    // Act
    const response = await transform();

    // Assess
    expect(response.records[1]?.data).toBe(input);
  });

  it('splits CRLF JSON Lines into three LF lines and drops the blank line', async () => {
    // Prepare
    const orderIds = ['o-1003', 'o-1004', 'o-1005'];

    // Act
    const text = decode((await transform()).records[2]?.data);

    // Assess
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(
      lines.map((l) => (JSON.parse(l) as { orderId: string }).orderId),
    ).toEqual(orderIds);
  });

  it('strips the BOM and keeps non-ASCII text', async () => {
    // Prepare
    const note = 'café crème, 2× ☕';

    // Act
    const text = decode((await transform()).records[6]?.data);

    // Assess
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect((JSON.parse(text) as { note: string }).note).toBe(note);
  });

  it('keeps an integer beyond 2^53 exactly as sent', async () => {
    // Prepare
    const input = decode(event.records[7]?.data);

    // Act
    const text = decode((await transform()).records[7]?.data);

    // Assess
    expect(text).toContain('"loyaltyAccount":12345678901234567890123');
    expect(text).toBe(`${input}\n`);
  });

  it('logs to its own stdout, never into the response', async () => {
    // Prepare
    logs.length = 0;

    // Act
    await transform();

    // Assess: logs come over the child's stdout pipe, the response over
    // IPC; either may arrive first.
    await vi.waitFor(() => {
      const text = logs.join('');
      expect(text).toContain('"message":"invocation summary"');
      expect(text).toContain('"reason":"schema-mismatch"');
    });
  });
});

/** An answer to an Amazon MSK record carries its payload here. */
interface MskAnswer {
  readonly recordId: string;
  readonly result: string;
  readonly kafkaRecordValue?: string;
  readonly data?: string;
  readonly metadata?: { readonly partitionKeys: Record<string, string> };
}

interface MskEvent {
  readonly records: readonly {
    readonly recordId: string;
    readonly kafkaRecordValue: string;
  }[];
}

describe.each([
  {
    id: 'TransformFunction',
    // o-2003 has currency "eur": invalid against schemas/order.json.
    expected: ['Ok', 'Ok', 'ProcessingFailed', 'Ok'],
  },
  {
    id: 'EventTimePartitionFunction',
    // o-1999 is late; its fallback send fails (no AWS in tests).
    expected: ['Ok', 'Ok', 'Ok', 'ProcessingFailed'],
  },
])(
  'the $id bundle with events/msk.json (Amazon MSK source)',
  ({ id, expected }) => {
    const event = JSON.parse(
      readFileSync(eventPath('msk.json'), 'utf8'),
    ) as MskEvent;
    let answers: readonly MskAnswer[];

    beforeAll(async () => {
      const runner = await runnerFor(id);
      answers = ((await runner.invoke(event)) as { records: MskAnswer[] })
        .records;
    });

    it('answers every record once, in order, in kafkaRecordValue and never in data', () => {
      // Prepare
      const ids = event.records.map((r) => r.recordId);

      // Act
      const results = answers.map((a) => a.result);

      // Assess
      expect(answers.map((a) => a.recordId)).toEqual(ids);
      expect(results).toEqual(expected);
      for (const answer of answers) {
        expect(typeof answer.kafkaRecordValue).toBe('string');
        expect(answer.data).toBe(undefined);
      }
    });

    it('answers a pretty-printed Kafka value as one JSON line', () => {
      // Act
      const text = decode(answers[1]?.kafkaRecordValue);

      // Assess
      expect(text).toBe(
        '{"orderId":"o-2002","timestamp":1795339781,"amount":7,"currency":"EUR","meta":{"eventTime":"2026-11-22T09:29:41Z","source":"kafka"}}\n',
      );
    });

    it('answers ProcessingFailed with the original kafkaRecordValue', () => {
      // Act
      const failed = answers.flatMap((a, i) =>
        a.result === 'ProcessingFailed' ? [[a, event.records[i]] as const] : [],
      );

      // Assess
      expect(failed.length).toBeGreaterThan(0);
      for (const [answer, input] of failed) {
        expect(answer.kafkaRecordValue).toBe(input?.kafkaRecordValue);
      }
    });

    it('partitions by event time only in the partitioning function', () => {
      // Act
      const keys = answers
        .filter((a) => a.result === 'Ok')
        .map((a) => a.metadata?.partitionKeys);

      // Assess
      for (const key of keys) {
        if (id === 'TransformFunction') expect(key).toBe(undefined);
        else expect(key).toMatchObject({ day: '22', hour: '09' });
      }
    });
  },
);

describe('TransformFunction with a gzip-compressed record (DECOMPRESS=auto)', () => {
  it('answers the decompressed JSON Lines, and the original data when it fails', async () => {
    // Prepare
    const order =
      '{"orderId":"o-3001","timestamp":"2026-11-22T09:29:41Z","amount":1,"currency":"EUR"}';
    const bad = '{"orderId":"o-3002"}';
    const event = readEvent('transform.json');
    const records = [order, bad].map((text, i) => ({
      recordId: `gzip-${i}`,
      approximateArrivalTimestamp: 1795339800000,
      data: gzipSync(`${text}\n`).toString('base64'),
    }));
    const runner = await runnerFor('TransformFunction');

    // Act
    const response = (await runner.invoke({
      ...event,
      records,
    })) as FirehoseTransformationResult;

    // Assess
    expect(response.records.map((r) => r.result)).toEqual([
      'Ok',
      'ProcessingFailed',
    ]);
    expect(decode(response.records[0]?.data)).toBe(`${order}\n`);
    expect(response.records[1]?.data).toBe(records[1]?.data);
  });
});

describe('CloudWatchLogsFunction with events/cloudwatch-logs.json', () => {
  const event = readEvent('cloudwatch-logs.json');

  async function logsFunction(): Promise<FirehoseTransformationResult> {
    const runner = await runnerFor('CloudWatchLogsFunction');
    return (await runner.invoke(event)) as FirehoseTransformationResult;
  }

  it('gives the expected result for each sample record', async () => {
    // Prepare
    const expected = [
      'Ok', // one log event
      'Dropped', // control message
      'Ok', // three log events
      'ProcessingFailed', // truncated gzip
      'ProcessingFailed', // not gzip
    ];

    // Act
    const response = await logsFunction();

    // Assess
    expect(response.records.map((r) => r.result)).toEqual(expected);
  });

  it('writes one line per log event with the log group fields, partitioned by event time', async () => {
    // Prepare
    const keys = {
      year: '2026',
      month: '11',
      day: '22',
      hour: '09',
      dt: '2026-11-22',
    };

    // Act
    const answer = (await logsFunction()).records[2];

    // Assess
    const lines = decode(answer?.data).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      message: 'order accepted',
      logGroup: '/aws/lambda/checkout',
      owner: '123456789012',
      subscriptionFilters: ['checkout-to-firehose'],
    });
    expect(answer?.metadata?.partitionKeys).toEqual(keys);
  });

  it('embeds a JSON message verbatim with EMBED_JSON_MESSAGE=true (events/env.json)', async () => {
    // Prepare
    const embedded =
      '"message":{"level":"info","orderId":"o-1001","traceId":12345678901234567890123}';

    // Act
    const text = decode((await logsFunction()).records[2]?.data);

    // Assess
    expect(text).toContain(embedded);
  });

  it('logs the reasons of the corrupt records', async () => {
    // Prepare
    logs.length = 0;

    // Act
    await logsFunction();

    // Assess: the logs may arrive after the response (pipe vs IPC).
    await vi.waitFor(() => {
      const text = logs.join('');
      expect(text).toContain('"reason":"invalid-gzip"');
      expect(text).toContain('"reason":"not-gzip"');
    });
  });
});

describe('EventTimePartitionFunction in an isolated task root', () => {
  it('loads the AWS SDK from its own bundle file to send a late record', async () => {
    // Prepare
    const arrival = Date.UTC(2026, 10, 22, 9, 30);
    // events/env.json reads the event time from meta.eventTime.
    const late = {
      orderId: 'o-late',
      meta: { eventTime: '2026-11-22T05:10:00Z' },
    };
    const event = {
      invocationId: 'late-1',
      deliveryStreamArn:
        'arn:aws:firehose:us-east-1:123456789012:deliverystream/EventStream',
      region: 'us-east-1',
      records: [
        {
          recordId: 'late-record',
          approximateArrivalTimestamp: arrival,
          data: Buffer.from(JSON.stringify(late)).toString('base64'),
        },
      ],
    };
    const runner = await runnerFor('EventTimePartitionFunction');
    logs.length = 0;

    // Act
    const response = (await runner.invoke(
      event,
    )) as FirehoseTransformationResult;

    // Assess
    // Nothing listens on the endpoint: the send fails at the network, which
    // proves the SDK was found (a missing module would fail differently).
    expect(response.records[0]?.result).toBe('ProcessingFailed');
    await vi.waitFor(() => {
      const text = logs.join('');
      expect(text).toContain('"reason":"fallback-failed"');
      expect(text).toContain('ECONNREFUSED');
      expect(text).not.toContain('ERR_MODULE_NOT_FOUND');
    });
  });
});
