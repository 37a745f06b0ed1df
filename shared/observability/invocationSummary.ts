import type { Verdict } from '../firehose/types.js';
import type { Logger } from './logger.js';

/** At most this many per-record lines per invocation; then only a count. */
export const MAX_RECORD_LOG_LINES = 20;

/** Counters of one invocation, emitted as one log line with EMF metrics. */
export interface InvocationSummary {
  /** Add to a named counter (e.g. `Late`, `ArrivalTimeUsed`). */
  count(name: string, amount?: number): void;
  /** Count final verdicts and log (bounded) the records not answered Ok. */
  verdicts(
    records: readonly { recordId: string }[],
    verdicts: readonly Verdict[],
  ): void;
  /** Write the summary line (structured log + CloudWatch EMF). */
  emit(fields?: object): void;
}

/** Options of {@link createInvocationSummary}. */
export interface SummaryOptions {
  readonly logger: Logger;
  /** CloudWatch metrics namespace. */
  readonly namespace: string;
  /** Dimension value: the function's short name. */
  readonly functionName: string;
  readonly now?: () => number;
}

/**
 * Collect an invocation's counters and write them once, as a single JSON
 * line that is both the human summary and an EMF document (CloudWatch
 * extracts the metrics from it; no API call, no SDK).
 *
 * @example
 * ```ts
 * const summary = createInvocationSummary({ logger, namespace: 'FirehoseProcessors', functionName: 'transform' });
 * summary.verdicts(records, verdicts);
 * summary.emit({ bytesIn, bytesOut });
 * ```
 */
export function createInvocationSummary(
  options: SummaryOptions,
): InvocationSummary {
  const now = options.now ?? Date.now;
  const started = now();
  const counters = new Map<string, number>();
  let recordLines = 0;
  let suppressed = 0;
  const add = (name: string, amount = 1) => {
    counters.set(name, (counters.get(name) ?? 0) + amount);
  };

  return {
    count: add,
    verdicts(records, verdicts) {
      add('RecordsIn', records.length);
      let okCount = 0;
      for (let i = 0; i < verdicts.length; i++) {
        const verdict = verdicts[i] as Verdict;
        if (verdict.result === 'Ok') {
          okCount++;
          continue;
        }
        add(verdict.result);
        const prefix = verdict.result === 'Dropped' ? 'Dropped' : 'Failed';
        add(`${prefix}.${verdict.reason}`);
        if (verdict.result === 'Dropped' && verdict.detail === undefined) {
          continue;
        }
        if (recordLines >= MAX_RECORD_LOG_LINES) {
          suppressed++;
          continue;
        }
        recordLines++;
        options.logger.log(
          verdict.result === 'Dropped' ? 'info' : 'warn',
          verdict.result === 'Dropped' ? 'record dropped' : 'record failed',
          {
            recordId: (records[i] as { recordId: string }).recordId,
            result: verdict.result,
            reason: verdict.reason,
            detail: verdict.detail,
          },
        );
      }
      if (okCount > 0) add('Ok', okCount);
    },
    emit(fields) {
      add('DurationMs', now() - started);
      const metrics: Record<string, number> = {};
      for (const name of ['RecordsIn', 'Ok', 'Dropped', 'ProcessingFailed']) {
        metrics[name] = counters.get(name) ?? 0;
      }
      for (const [name, value] of counters) metrics[name] = value;
      options.logger.log('info', 'invocation summary', {
        ...fields,
        ...metrics,
        recordLogLinesSuppressed: suppressed,
        function: options.functionName,
        _aws: {
          Timestamp: now(),
          CloudWatchMetrics: [
            {
              Namespace: options.namespace,
              Dimensions: [['function']],
              Metrics: Object.keys(metrics).map((Name) => ({
                Name,
                Unit: unitOf(Name),
              })),
            },
          ],
        },
      });
    },
  };
}

function unitOf(name: string): string {
  if (name === 'DurationMs') return 'Milliseconds';
  if (name.startsWith('Bytes')) return 'Bytes';
  return 'Count';
}
