import { describe, expect, it } from 'vitest';
import { readCloudWatchLogsConfig } from '#shared/cloudwatch/cloudWatchLogsConfig.js';
import { createCloudWatchLogsProcessor } from '#shared/cloudwatch/cloudWatchLogsProcessor.js';
import { groupLogEvents } from '#shared/cloudwatch/groupLogEvents.js';
import { createLogEventWriter } from '#shared/cloudwatch/logEventLine.js';
import type { DataMessage } from '#shared/cloudwatch/readCloudWatchLogs.js';
import type { FirehoseRecord } from '#shared/firehose/types.js';
import { createInvocationSummary } from '#shared/observability/invocationSummary.js';
import { createLogger } from '#shared/observability/logger.js';
import { createPartitioner } from '#shared/time/partitionWindow.js';
import {
  dataMessage,
  logEvent,
  logsRecord,
} from '../../helpers/cloudWatchLogs.js';
import { fakeContext } from '../../helpers/records.js';

const at = Date.UTC(2026, 2, 1, 10);
const oneWindow = () => ({ id: 'w', keys: { hour: '10' } });

/** The amplifier: a log group name of 1e6 characters, 400 empty events. */
function amplifier(): DataMessage {
  return dataMessage(
    Array.from({ length: 400 }, () => ({ id: '', timestamp: at, message: '' })),
    { logGroup: 'g'.repeat(1_000_000) },
  ) as unknown as DataMessage;
}

async function processBatch(records: FirehoseRecord[], env = {}) {
  const logger = createLogger({}, {}, () => undefined);
  const processor = createCloudWatchLogsProcessor({
    config: readCloudWatchLogsConfig(env),
    partition: createPartitioner({ granularity: 'hour', timeZone: 'UTC' }),
    earliestEventMs: 0,
    partitionWarningThreshold: 400,
    logger,
  });
  const summary = createInvocationSummary({
    logger,
    namespace: 'T',
    functionName: 't',
  });
  return processor(records, {
    summary,
    context: fakeContext(),
    source: { deliveryStreamArn: '', sourceKinesisStreamArn: undefined },
  });
}

describe('groupLogEvents (output amplification, issue 10 §4)', () => {
  it('stops building at the first line past the budget, not after the whole record', () => {
    // Prepare: every line is ~1 MB; the budget holds 8 of them.
    const message = amplifier();
    const write = createLogEventWriter(message, false);
    let built = 0;
    const line = (event: DataMessage['logEvents'][number]) => {
      const text = write(event);
      built += text.length;
      return text;
    };
    const budget = { remainingBytes: 8_500_000, limitBytes: 8_500_000 };

    // Act
    const act = () =>
      groupLogEvents(message.logEvents, line, oneWindow, budget);

    // Assess: at most the budget plus one line was ever built (400 MB before).
    expect(act).toThrow(/MAX_OUTPUT_BYTES/);
    expect(built).toBeLessThanOrEqual(8_500_000 + 1_000_200);
    expect(budget.remainingBytes).toBe(8_500_000);
  });

  it('takes the bytes of the groups it returns from the budget', () => {
    // Prepare
    const message = dataMessage([logEvent(at, 'a'), logEvent(at, 'b')]);
    const line = createLogEventWriter(message as unknown as DataMessage, false);
    const budget = { remainingBytes: 1_000_000, limitBytes: 1_000_000 };

    // Act
    const groups = groupLogEvents(
      (message as unknown as DataMessage).logEvents,
      line,
      oneWindow,
      budget,
    );

    // Assess
    expect(groups).toHaveLength(1);
    expect(budget.remainingBytes).toBe(
      1_000_000 - Buffer.byteLength(groups[0]?.text ?? ''),
    );
  });
});

describe('CloudWatchLogsFunction and an amplifying record', () => {
  it('fails the 2,367-byte amplifier output-too-large and keeps its neighbours Ok', async () => {
    // Prepare
    const hostile = logsRecord(amplifier());
    const fine = logsRecord(dataMessage([logEvent(at, 'ok')]));
    expect(Buffer.from(hostile.data, 'base64').length).toBeLessThan(4_000);

    // Act
    const verdicts = await processBatch(
      [fine, hostile, fine].map((r, i) => ({ ...r, recordId: `r${i}` })),
    );

    // Assess
    expect(verdicts.map((v) => v.result)).toEqual([
      'Ok',
      'ProcessingFailed',
      'Ok',
    ]);
    expect(verdicts[1]).toMatchObject({ reason: 'output-too-large' });
  });

  it('shares MAX_OUTPUT_BYTES between the records of an invocation, in order', async () => {
    // Prepare: three records of ~600 KB output each, 1 MiB for all.
    const big = () =>
      logsRecord(
        dataMessage(
          Array.from({ length: 600 }, () => logEvent(at, 'm'.repeat(900))),
        ),
      );
    const records = [big(), big(), big()];

    // Act
    const verdicts = await processBatch(records, {
      MAX_OUTPUT_BYTES: '1048576',
    });

    // Assess
    expect(verdicts.map((v) => v.result)).toEqual([
      'Ok',
      'ProcessingFailed',
      'ProcessingFailed',
    ]);
  });
});
