import { describe, expect, it } from 'vitest';
import { dropped, failed, ok } from '#shared/firehose/verdicts.js';
import {
  createInvocationSummary,
  MAX_RECORD_LOG_LINES,
} from '#shared/observability/invocationSummary.js';
import { createLogger } from '#shared/observability/logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({}, { function: 'test' }, (line) =>
    lines.push(JSON.parse(line)),
  );
  return { lines, logger };
}

describe('createInvocationSummary', () => {
  it('writes one summary line that is also an EMF document', () => {
    // Prepare
    const { lines, logger } = capture();
    const summary = createInvocationSummary({
      logger,
      namespace: 'Test',
      functionName: 'transform',
      now: () => 1_000,
    });
    const records = [{ recordId: 'a' }, { recordId: 'b' }, { recordId: 'c' }];

    // Act
    summary.verdicts(records, [
      ok('e30K'),
      failed('invalid-json', 'line 1'),
      dropped('filtered'),
    ]);
    summary.count('Late', 2);
    summary.emit();

    // Assess
    const last = lines.at(-1) as Record<string, unknown>;
    expect(last).toMatchObject({
      message: 'invocation summary',
      RecordsIn: 3,
      Ok: 1,
      ProcessingFailed: 1,
      Dropped: 1,
      'Failed.invalid-json': 1,
      'Dropped.filtered': 1,
      Late: 2,
      function: 'transform',
    });
    const emf = (
      last._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }
    ).CloudWatchMetrics[0];
    expect(emf?.Metrics.map((m) => m.Name)).toContain('Failed.invalid-json');
  });

  it('logs at most a bounded number of record lines, then a count', () => {
    // Prepare
    const { lines, logger } = capture();
    const summary = createInvocationSummary({
      logger,
      namespace: 'Test',
      functionName: 'transform',
    });
    const records = Array.from({ length: 100 }, (_, i) => ({
      recordId: `${i}`,
    }));

    // Act
    summary.verdicts(
      records,
      records.map(() => failed('invalid-json', 'line 1')),
    );
    summary.emit();

    // Assess
    const recordLines = lines.filter((l) => l.message === 'record failed');
    expect(recordLines).toHaveLength(MAX_RECORD_LOG_LINES);
    expect(lines.at(-1)).toMatchObject({
      recordLogLinesSuppressed: 100 - MAX_RECORD_LOG_LINES,
    });
  });
});
