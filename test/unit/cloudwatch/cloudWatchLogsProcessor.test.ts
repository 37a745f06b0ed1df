import { describe, expect, it } from 'vitest';
import { readCloudWatchLogsConfig } from '#shared/cloudwatch/cloudWatchLogsConfig.js';
import { createCloudWatchLogsProcessor } from '#shared/cloudwatch/cloudWatchLogsProcessor.js';
import type {
  FirehoseRecord,
  OkVerdict,
  Verdict,
} from '#shared/firehose/types.js';
import { createInvocationSummary } from '#shared/observability/invocationSummary.js';
import { createLogger } from '#shared/observability/logger.js';
import { createPartitioner } from '#shared/time/partitionWindow.js';
import {
  controlMessage,
  dataMessage,
  logEvent,
  logsRecord,
} from '../../helpers/cloudWatchLogs.js';
import { fakeContext, unb64 } from '../../helpers/records.js';

const t = (hour: number, minute = 0) => Date.UTC(2026, 2, 1, hour, minute);

async function process(
  records: FirehoseRecord[],
  env: Record<string, string> = {},
): Promise<{ verdicts: readonly Verdict[]; logs: Record<string, unknown>[] }> {
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({}, {}, (line) => logs.push(JSON.parse(line)));
  const processor = createCloudWatchLogsProcessor({
    config: readCloudWatchLogsConfig(env),
    partition: createPartitioner({ granularity: 'hour', timeZone: 'UTC' }),
    earliestEventMs: Date.UTC(2000, 0, 1),
    partitionWarningThreshold: 1,
    logger,
  });
  const summary = createInvocationSummary({
    logger,
    namespace: 'T',
    functionName: 't',
  });
  const verdicts = await processor(records, {
    summary,
    context: fakeContext(),
    source: { deliveryStreamArn: '', sourceKinesisStreamArn: undefined },
  });
  return { verdicts, logs };
}

const lines = (data: string | Uint8Array) =>
  (typeof data === 'string' ? unb64(data) : Buffer.from(data).toString())
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { message: string });

describe('createCloudWatchLogsProcessor', () => {
  it('drops control messages and writes a line per log event with hour keys', async () => {
    // Prepare
    const events = [logEvent(t(10, 1), 'a'), logEvent(t(10, 59), 'b')];
    const records = [
      logsRecord(controlMessage()),
      logsRecord(dataMessage(events)),
    ];

    // Act
    const { verdicts } = await process(records);

    // Assess
    expect(verdicts[0]).toEqual({
      result: 'Dropped',
      reason: 'control-message',
    });
    const okVerdict = verdicts[1] as OkVerdict;
    expect(okVerdict.result).toBe('Ok');
    expect(okVerdict.partitionKeys).toEqual({
      year: '2026',
      month: '03',
      day: '01',
      hour: '10',
      dt: '2026-03-01',
    });
    expect(okVerdict.extraParts).toBe(undefined);
    expect(lines(okVerdict.data).map((l) => l.message)).toEqual(['a', 'b']);
  });

  it('files log events of other hours in parts with their own keys', async () => {
    // Prepare: 10:xx, 11:xx, 10:xx, 12:xx
    const events = [
      logEvent(t(10, 5), 'ten-a'),
      logEvent(t(11, 5), 'eleven'),
      logEvent(t(10, 6), 'ten-b'),
      logEvent(t(12, 0), 'twelve'),
    ];

    // Act
    const { verdicts, logs } = await process([logsRecord(dataMessage(events))]);

    // Assess
    const okVerdict = verdicts[0] as OkVerdict;
    expect(okVerdict.partitionKeys?.hour).toBe('10');
    expect(lines(okVerdict.data).map((l) => l.message)).toEqual([
      'ten-a',
      'ten-b',
    ]);
    const parts = okVerdict.extraParts ?? [];
    expect(parts.map((p) => p.partitionKeys?.hour)).toEqual(['11', '12']);
    expect(parts.map((p) => lines(p.data).map((l) => l.message))).toEqual([
      ['eleven'],
      ['twelve'],
    ]);
    expect(
      logs.some((l) => l.message === 'many partitions in one invocation'),
    ).toBe(true);
  });

  it('fails a record with a log event before EARLIEST_EVENT_TIME, naming the event', async () => {
    // Prepare
    const events = [logEvent(t(10), 'ok'), logEvent(0, 'epoch zero')];

    // Act
    const { verdicts } = await process([logsRecord(dataMessage(events))]);

    // Assess
    expect(verdicts[0]).toMatchObject({
      result: 'ProcessingFailed',
      reason: 'timestamp-out-of-range',
    });
    expect((verdicts[0] as { detail: string }).detail).toContain(
      'logEvents[1]',
    );
  });

  it('embeds JSON messages when EMBED_JSON_MESSAGE=true', async () => {
    // Prepare
    const events = [logEvent(t(10), '{"level":"warn"}')];

    // Act
    const { verdicts } = await process([logsRecord(dataMessage(events))], {
      EMBED_JSON_MESSAGE: 'true',
    });

    // Assess
    const [line] = lines((verdicts[0] as OkVerdict).data);
    expect(line?.message).toEqual({ level: 'warn' });
  });

  it('fails corrupt records with their reason and leaves the others alone', async () => {
    // Prepare
    const good = logsRecord(dataMessage([logEvent(t(10), 'fine')]));
    const notGzip = {
      ...good,
      recordId: 'x',
      data: Buffer.from('{}').toString('base64'),
    };

    // Act
    const { verdicts } = await process([notGzip, good]);

    // Assess
    expect(verdicts.map((v) => v.result)).toEqual(['ProcessingFailed', 'Ok']);
    expect(verdicts[0]).toMatchObject({ reason: 'not-gzip' });
  });
});

describe('createCloudWatchLogsProcessor with EMBED_JSON_MESSAGE=true', () => {
  it('keeps a lone surrogate of a JSON message as its escape, never U+FFFD', async () => {
    // Prepare: the subscription JSON carries `\ud800` as an escape.
    const message = '{"s":"a\ud800b"}';
    const records = [logsRecord(dataMessage([logEvent(t(10), message)]))];

    // Act
    const { verdicts } = await process(records, { EMBED_JSON_MESSAGE: 'true' });

    // Assess
    const okVerdict = verdicts[0] as OkVerdict;
    expect(okVerdict.result).toBe('Ok');
    const bytes = Buffer.from(okVerdict.data, 'base64');
    expect(bytes.includes(Buffer.from('\ufffd', 'utf8'))).toBe(false);
    expect(bytes.toString('utf8')).toContain('"message":{"s":"a\\ud800b"}');
  });
});
