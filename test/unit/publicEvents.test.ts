import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkContract } from '../fuzz/contract.js';
import {
  createFuzzFunction,
  type FunctionKind,
} from '../fuzz/fuzzFunctions.js';

const FOLDER = new URL('../fixtures/public-events/', import.meta.url);

type Event = { records: { recordId: string; data?: string }[] };
const load = (name: string): Event =>
  JSON.parse(readFileSync(new URL(name, FOLDER), 'utf8')) as Event;

async function run(kind: FunctionKind, name: string) {
  const event = load(name);
  const outcome = await createFuzzFunction(kind)(event);
  checkContract(event, outcome, { kind, malformed: false });
  return (outcome.response?.records ?? []).map((answer) => ({
    result: answer.result,
    text: Buffer.from(answer.data ?? '', 'base64').toString('utf8'),
  }));
}

describe('public sample events (test/fixtures/public-events)', () => {
  it.each([
    ['powertools-python.kinesisFirehosePutEvent.json', '{"Hello": "World"}\n'],
    [
      'powertools-python.kinesisFirehoseKinesisEvent.json',
      '{"Hello": "World"}\n',
    ],
    ['powertools-python.kinesisFirehoseEvent.json', '{"Hello": "World"}\n'],
    ['powertools-typescript.direct-put.json', '{"Hello":"World"}\n'],
    ['powertools-typescript.from-data-stream.json', '{"Hello":"World"}\n'],
  ])('TransformFunction: %s (%s)', async (name, json) => {
    // Act
    const answers = await run('transform', name);

    // Assess: "Hello World" is not JSON; the JSON record gains its newline.
    expect(answers).toEqual([
      { result: 'ProcessingFailed', text: 'Hello World' },
      { result: 'Ok', text: json },
    ]);
  });

  it.each([
    ['aws-lambda-go.kinesis-firehose-event.json', 2, 'Hello World'],
    ['sam-cli.KinesisFirehoseApachelog.json', 1, 'Hello, this is a test 123.'],
    [
      'sam-cli.KinesisFirehoseStreamsAsSource.json',
      1,
      'Hello, this is a test 123.',
    ],
  ])(
    'TransformFunction: %s fails its plain-text records (%d)',
    async (name, count, text) => {
      // Act
      const answers = await run('transform', name);

      // Assess
      expect(answers).toEqual(
        Array.from({ length: count }, () => ({
          result: 'ProcessingFailed',
          text,
        })),
      );
    },
  );

  it.each([
    ['powertools-python.kinesisFirehosePutEvent.json'],
    ['powertools-python.kinesisFirehoseKinesisEvent.json'],
    ['powertools-python.kinesisFirehoseEvent.json'],
    ['powertools-typescript.direct-put.json'],
    ['powertools-typescript.from-data-stream.json'],
    ['aws-lambda-go.kinesis-firehose-event.json'],
    ['sam-cli.KinesisFirehoseApachelog.json'],
    ['sam-cli.KinesisFirehoseStreamsAsSource.json'],
  ])(
    'EventTimePartitionFunction: %s (no event time in these records)',
    async (name) => {
      // Act
      const answers = await run('partition', name);

      // Assess: not JSON, or JSON without a timestamp field.
      expect(answers.every((a) => a.result === 'ProcessingFailed')).toBe(true);
    },
  );

  it('CloudWatchLogsFunction: SAM CLI sample (one control message, three data messages)', async () => {
    // Act
    const answers = await run(
      'cloudWatchLogs',
      'sam-cli.KinesisFirehoseCloudwatchLogsProcessor.json',
    );

    // Assess
    expect(answers.map((a) => a.result)).toEqual(['Dropped', 'Ok', 'Ok', 'Ok']);
    expect(answers[1]?.text.trimEnd().split('\n')).toHaveLength(3);
  });

  it('CloudWatchLogsFunction: the Firehose samples are not gzip', async () => {
    // Act
    const answers = await run(
      'cloudWatchLogs',
      'powertools-python.kinesisFirehosePutEvent.json',
    );

    // Assess
    expect(answers.map((a) => a.result)).toEqual([
      'ProcessingFailed',
      'ProcessingFailed',
    ]);
  });

  it('MSK (aws-lambda-java-libs), TransformFunction: answered in kafkaRecordValue, Ok with its JSON line', async () => {
    // Prepare
    const event = load('aws-lambda-java-libs.msk_firehose_event.json');

    // Act
    const outcome = await createFuzzFunction('transform')(event);

    // Assess: the contract reads the answer from kafkaRecordValue.
    checkContract(event, outcome, { kind: 'transform', malformed: false });
    const [answer, ...others] = outcome.response?.records ?? [];
    expect(outcome.reingestCalls).toBe(0);
    expect(others).toEqual([]);
    expect(answer?.result).toBe('Ok');
    expect(answer?.data).toBeUndefined();
    expect(
      Buffer.from(answer?.kafkaRecordValue ?? '', 'base64').toString('utf8'),
    ).toBe('{"Name":"Hello World"}\n');
  });

  it('MSK (aws-lambda-java-libs), EventTimePartitionFunction: no event time, failed with its kafkaRecordValue', async () => {
    // Prepare
    const event = load('aws-lambda-java-libs.msk_firehose_event.json');

    // Act
    const outcome = await createFuzzFunction('partition')(event);

    // Assess
    checkContract(event, outcome, { kind: 'partition', malformed: false });
    expect(outcome.response?.records).toEqual([
      {
        recordId: event.records[0]?.recordId,
        result: 'ProcessingFailed',
        kafkaRecordValue: 'eyJOYW1lIjoiSGVsbG8gV29ybGQifQ==',
      },
    ]);
  });

  it('MSK (aws-lambda-java-libs), EventTimePartitionFunction with ON_MISSING_TIMESTAMP=arrival: Ok with keys, in kafkaRecordValue', async () => {
    // Prepare
    const event = load('aws-lambda-java-libs.msk_firehose_event.json');

    // Act
    const outcome = await createFuzzFunction('partition', {
      ON_MISSING_TIMESTAMP: 'arrival',
      // The sample arrived in May 2024: nothing is late by the wall clock.
      ALLOWED_LATENESS: '1h',
    })(event);

    // Assess
    checkContract(event, outcome, { kind: 'partition', malformed: false });
    const [answer] = outcome.response?.records ?? [];
    expect(answer?.data).toBeUndefined();
    expect(answer?.result).toBe('Ok');
    expect(answer?.metadata?.partitionKeys).toMatchObject({
      year: '2024',
      month: '05',
      day: '22',
      hour: '09',
    });
    expect(answer?.kafkaRecordValue).toBe('eyJOYW1lIjoiSGVsbG8gV29ybGQifQo=');
  });
});
