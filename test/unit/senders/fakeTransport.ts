import type {
  BatchEntry,
  BatchLimits,
  BatchTransport,
  EntryResult,
} from '#shared/senders/batchTransport.js';
import { PutRecordBatchLimits } from '#shared/senders/packBatches.js';

/** What the fake endpoint does with one call. */
export type FakeReply =
  /** Answer with these results (one per entry). */
  | { readonly results: readonly EntryResult[] }
  /** Answer per entry. */
  | { readonly each: (entry: BatchEntry) => EntryResult }
  /** Fail the whole call. */
  | { readonly error: unknown }
  /** Never answer; `honourSignal: false` also ignores the abort. */
  | { readonly hang: true; readonly honourSignal?: boolean };

/** One call as the fake endpoint saw it. */
export interface FakeCall {
  readonly ids: readonly string[];
  readonly startedAt: number;
  endedAt?: number;
  readonly signal: AbortSignal;
}

/** A scripted transport that records calls, concurrency and confirmations. */
export interface FakeTransport extends BatchTransport {
  readonly calls: FakeCall[];
  /** Ids the endpoint confirmed, in confirmation order (repeats kept). */
  readonly confirmed: string[];
  /** Highest number of calls in flight at once. */
  readonly maxInFlight: () => number;
}

export const ok: EntryResult = { ok: true };

/** A per-entry refusal as Firehose reports it. */
export function refused(
  code = 'ServiceUnavailableException',
  message = 'Slow down.',
): EntryResult {
  return { ok: false, code, message };
}

/** An error shaped like an AWS SDK v3 service exception. */
export function sdkError(
  name: string,
  status: number,
  fault: 'client' | 'server' = status >= 500 ? 'server' : 'client',
): Error {
  return Object.assign(new Error(`${name} from the fake endpoint`), {
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status },
  });
}

/**
 * A fake transport: `script(callIndex, entries)` says what each call does;
 * each call takes `latencyMs` (on the timers, faked or not) before answering.
 */
export function createFakeTransport(
  script: (callIndex: number, entries: readonly BatchEntry[]) => FakeReply,
  options: { latencyMs?: number; limits?: BatchLimits } = {},
): FakeTransport {
  const calls: FakeCall[] = [];
  const confirmed: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  async function send(
    entries: readonly BatchEntry[],
    signal: AbortSignal,
  ): Promise<readonly EntryResult[]> {
    const call: FakeCall = {
      ids: entries.map((entry) => entry.id),
      startedAt: Date.now(),
      signal,
    };
    const reply = script(calls.length, entries);
    calls.push(call);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if ('hang' in reply) {
        return await new Promise<never>((_, reject) => {
          if (reply.honourSignal === false) return;
          signal.addEventListener('abort', () => reject(signal.reason));
        });
      }
      await delay(options.latencyMs ?? 10, signal);
      if ('error' in reply) throw reply.error;
      const results =
        'each' in reply ? entries.map(reply.each) : [...reply.results];
      results.forEach((result, index) => {
        const entry = entries[index];
        if (result.ok && entry !== undefined) confirmed.push(entry.id);
      });
      return results;
    } finally {
      inFlight--;
      call.endedAt = Date.now();
    }
  }

  return {
    limits: options.limits ?? PutRecordBatchLimits,
    send,
    calls,
    confirmed,
    maxInFlight: () => maxInFlight,
  };
}

/** `count` entries `e0`, `e1`, … of `bytes` bytes each. */
export function entries(count: number, bytes = 10, prefix = 'e'): BatchEntry[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${prefix}${index}`,
    data: new Uint8Array(bytes),
  }));
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
