import { FailureReason } from '../firehose/reasons.js';
import type { Verdict } from '../firehose/types.js';
import { failed } from '../firehose/verdicts.js';
import type { InvocationSummary } from '../observability/invocationSummary.js';
import type { BatchTransport } from '../senders/batchTransport.js';
import {
  buildFallbackPayload,
  type EnvelopeFacts,
} from './fallbackEnvelope.js';
import type { LatenessConfig } from './latenessConfig.js';
import { type RoutedRecord, routeToFallback } from './routeToFallback.js';

/** What the envelope of a routed record is built from. */
type EnvelopeLines = Parameters<typeof buildFallbackPayload>[0];

/** The late and early records of one invocation, on their way to the fallback stream. */
export interface FallbackRouting {
  /**
   * Build the envelope of the record answered at `index` and set it aside
   * for sending. A record whose envelope would pass the fallback stream's
   * per-record limit is not routed: its `too-large-for-fallback` verdict is
   * returned (and counted `FallbackFailed`); otherwise `undefined`.
   */
  route(
    index: number,
    lines: EnvelopeLines,
    facts: EnvelopeFacts,
  ): Verdict | undefined;
  /**
   * Send what was routed, within the invocation's time budget, and write
   * each routed record's verdict into `verdicts` (`Dropped` only when
   * confirmed), counting `FallbackDelivered` / `FallbackFailed`.
   */
  send(
    verdicts: Verdict[],
    context: { getRemainingTimeInMillis(): number },
  ): Promise<void>;
}

/**
 * One invocation's routing to the fallback stream, shared by fresh late
 * records (partitionRecords) and re-ingested records that came back late
 * (judgeReturned), so that both answer alike.
 *
 * @example
 * ```ts
 * const routing = createFallbackRouting(transport, lateness, summary);
 * const refused = routing.route(i, lines, facts);
 * if (refused !== undefined) verdicts[i] = refused;
 * await routing.send(verdicts, context);
 * ```
 */
export function createFallbackRouting(
  transport: BatchTransport,
  lateness: Pick<
    LatenessConfig,
    'fallbackSafetyMarginMs' | 'fallbackMaxAttempts'
  >,
  summary: Pick<InvocationSummary, 'count'>,
): FallbackRouting {
  const routed: RoutedRecord[] = [];
  const indexOf = new Map<string, number>();
  const limit = transport.limits.maxBytesPerRecord;
  return {
    route(index, lines, facts) {
      const payload = buildFallbackPayload(lines, facts, limit);
      if (payload === undefined) {
        summary.count('FallbackFailed');
        return failed(
          FailureReason.tooLargeForFallback,
          `the fallback envelope would pass the ${limit} bytes a fallback record may carry`,
        );
      }
      indexOf.set(facts.recordId, index);
      routed.push({ recordId: facts.recordId, payload });
      return undefined;
    },
    async send(verdicts, context) {
      if (routed.length === 0) return;
      const outcomes = await routeToFallback(routed, {
        transport,
        deadline:
          Date.now() +
          context.getRemainingTimeInMillis() -
          lateness.fallbackSafetyMarginMs,
        maxAttempts: lateness.fallbackMaxAttempts,
      });
      for (const [recordId, verdict] of outcomes) {
        verdicts[indexOf.get(recordId) as number] = verdict;
        summary.count(
          verdict.result === 'Dropped' ? 'FallbackDelivered' : 'FallbackFailed',
        );
      }
    },
  };
}
