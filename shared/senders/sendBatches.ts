import { FailureReason } from '../firehose/reasons.js';
import { backoffDelay } from './backoff.js';
import {
  type BatchEntry,
  type BatchTransport,
  describeCallError,
  type EntryResult,
  isRetryableCallError,
  isRetryableEntryCode,
} from './batchTransport.js';
import { type CallOutcome, callWithTimeout } from './callWithTimeout.js';
import { createConcurrencyLimit } from './concurrencyLimit.js';
import { packBatches } from './packBatches.js';
import {
  buildReport,
  type EntryOutcome,
  type SendReport,
  StopCause,
} from './sendReport.js';

/**
 * Options of {@link sendBatches}. Only `transport` and `deadline` are
 * required.
 *
 * @example
 * ```ts
 * const options: SendBatchesOptions = {
 *   transport,
 *   deadline: Date.now() + context.getRemainingTimeInMillis() - 1_000,
 * };
 * ```
 */
export interface SendBatchesOptions {
  readonly transport: BatchTransport;
  /** Absolute time (ms, on the `now` clock) by which everything has ended. */
  readonly deadline: number;
  /** Calls per entry, first one included. Default 6. */
  readonly maxAttempts?: number;
  /** Backoff base. Default 50. */
  readonly baseDelayMs?: number;
  /** Backoff ceiling. Default 1000. */
  readonly maxDelayMs?: number;
  /** Transport calls in flight at once (backoff waits hold none). Default 4. */
  readonly concurrency?: number;
  /** A call is aborted after this long, or at the deadline. Default 3000. */
  readonly perCallTimeoutMs?: number;
  /**
   * No call starts with less time than this before the deadline: it would
   * likely be aborted, possibly after the endpoint stored the entries (a
   * duplicate for nothing). Default 100.
   */
  readonly minCallMs?: number;
  /** Clock of `deadline`. Default `Date.now`. */
  readonly now?: () => number;
  /** Backoff wait. Default a `setTimeout` promise. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

type Settings = Required<Omit<SendBatchesOptions, 'transport'>>;

interface LastError {
  readonly code: string;
  readonly message: string;
}

const NOT_SENT: LastError = {
  code: 'DeadlineExceeded',
  message: 'the deadline came before the entry could be sent',
};

/**
 * Send entries through a batch transport with retries, within a deadline.
 *
 * Entries are packed into as few calls as the transport's limits allow
 * (entries over the per-record limit are reported `too-large-for-fallback`
 * and never sent); calls run concurrently (`concurrency`). After an
 * answered call only the entries the endpoint refused are resent; a
 * retryable whole-call failure resends the whole call. Retries wait an
 * exponential backoff with full jitter. No call or wait is started that
 * would end after `deadline`, and a call still running at the deadline is
 * aborted. Every input id is in the report exactly once; transport errors
 * never throw, only misuse does (duplicate ids, bad options). Logs nothing.
 *
 * Delivery is at least once: an aborted or timed-out call may still have
 * been stored, so its retry can store the entries twice, and an entry
 * reported failed after a timeout may have arrived. Put an id (e.g. the
 * Firehose `recordId`) in the payload so that consumers can de-duplicate.
 *
 * @throws RangeError on duplicate ids or invalid options.
 * @example
 * ```ts
 * const report = await sendBatches(
 *   records.map((r) => ({ id: r.recordId, data: Buffer.from(r.data, 'base64') })),
 *   { transport: createFirehoseTransport('fallback-stream'), deadline: Date.now() + 5_000 },
 * );
 * for (const [id, outcome] of report.outcomes) {
 *   if (!outcome.delivered) logger.warn('not delivered', { id, ...outcome.detail });
 * }
 * ```
 */
export async function sendBatches(
  entries: readonly BatchEntry[],
  options: SendBatchesOptions,
): Promise<SendReport> {
  const settings = readSettings(options);
  assertUniqueIds(entries);
  const { transport } = options;
  const { calls, rejected } = packBatches(entries, transport.limits);
  const outcomes = new Map<string, EntryOutcome>();
  for (const { entry, bytes, reason } of rejected) {
    outcomes.set(entry.id, {
      delivered: false,
      reason,
      detail: {
        code: 'RecordTooLarge',
        message: `${bytes} bytes > ${transport.limits.maxBytesPerRecord}`,
        attempts: 0,
        stoppedBy: StopCause.tooLarge,
      },
    });
  }

  const limit = createConcurrencyLimit(settings.concurrency);
  let started = 0;

  /** One call within the deadline, or `undefined` if too late to start. */
  async function attempt(
    pending: readonly BatchEntry[],
  ): Promise<CallOutcome | undefined> {
    const release = await limit.acquire();
    try {
      const timeLeft = settings.deadline - settings.now();
      if (timeLeft < Math.max(settings.minCallMs, 1)) return undefined;
      started++;
      const timeout = Math.min(settings.perCallTimeoutMs, timeLeft);
      return await callWithTimeout(transport, pending, timeout);
    } finally {
      release();
    }
  }

  async function deliverCall(call: readonly BatchEntry[]): Promise<void> {
    const lastErrors = new Map<string, LastError>();
    const fail = (entry: BatchEntry, attempts: number, stop: StopCause) => {
      const error = lastErrors.get(entry.id) ?? NOT_SENT;
      outcomes.set(entry.id, {
        delivered: false,
        reason: FailureReason.fallbackFailed,
        detail: { ...error, attempts, stoppedBy: stop },
      });
    };

    let pending = call;
    let attempts = 0;
    while (pending.length > 0) {
      const stop = await waitBeforeAttempt(attempts, settings);
      const outcome = stop === undefined ? await attempt(pending) : undefined;
      if (outcome === undefined) {
        for (const entry of pending) {
          fail(entry, attempts, stop ?? StopCause.deadline);
        }
        return;
      }
      attempts++;

      if (!outcome.answered) {
        const error = describeCallError(outcome.error);
        for (const entry of pending) lastErrors.set(entry.id, error);
        if (isRetryableCallError(outcome.error)) continue;
        for (const entry of pending) {
          fail(entry, attempts, StopCause.notRetryable);
        }
        return;
      }

      const retry: BatchEntry[] = [];
      for (const [index, entry] of pending.entries()) {
        // callWithTimeout checked: one result per entry, in request order.
        const result = outcome.results[index] as EntryResult;
        if (result.ok) {
          outcomes.set(entry.id, { delivered: true, attempts });
          continue;
        }
        lastErrors.set(entry.id, {
          code: result.code,
          message: result.message,
        });
        if (isRetryableEntryCode(result.code)) retry.push(entry);
        else fail(entry, attempts, StopCause.notRetryable);
      }
      pending = retry;
    }
  }

  await Promise.all(calls.map(deliverCall));
  return buildReport(entries, outcomes, started);
}

/**
 * Before attempt `attempts + 1`: the backoff wait, or why not to try again.
 * A wait that would leave less than `minCallMs` before the deadline is not
 * started: the entries fail now rather than at the deadline.
 */
async function waitBeforeAttempt(
  attempts: number,
  settings: Settings,
): Promise<StopCause | undefined> {
  if (attempts >= settings.maxAttempts) return StopCause.maxAttempts;
  if (attempts === 0) return undefined;
  const delay = backoffDelay(attempts, settings);
  if (settings.now() + delay + settings.minCallMs > settings.deadline) {
    return StopCause.deadline;
  }
  await settings.sleep(delay);
  return undefined;
}

function assertUniqueIds(entries: readonly BatchEntry[]): void {
  const seen = new Set<string>();
  for (const { id } of entries) {
    if (seen.has(id)) throw new RangeError(`Duplicate entry id: ${id}`);
    seen.add(id);
  }
}

function readSettings(options: SendBatchesOptions): Settings {
  const settings: Settings = {
    deadline: options.deadline,
    maxAttempts: options.maxAttempts ?? 6,
    baseDelayMs: options.baseDelayMs ?? 50,
    maxDelayMs: options.maxDelayMs ?? 1000,
    concurrency: options.concurrency ?? 4,
    perCallTimeoutMs: options.perCallTimeoutMs ?? 3000,
    minCallMs: options.minCallMs ?? 100,
    now: options.now ?? (() => Date.now()),
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
  };
  const { maxAttempts, concurrency, perCallTimeoutMs } = settings;
  for (const [name, value] of Object.entries({
    maxAttempts,
    concurrency,
    perCallTimeoutMs,
  })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be an integer >= 1, got ${value}`);
    }
  }
  const { baseDelayMs, maxDelayMs, minCallMs } = settings;
  for (const [name, value] of Object.entries({
    baseDelayMs,
    maxDelayMs,
    minCallMs,
  })) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`${name} must be a number >= 0, got ${value}`);
    }
  }
  if (Number.isNaN(settings.deadline)) {
    throw new RangeError('deadline must be a time in ms, got NaN');
  }
  return settings;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
