import {
  type BatchEntry,
  type BatchTransport,
  type EntryResult,
  TransportResponseError,
} from './batchTransport.js';

/**
 * How one transport call ended: answered (per-entry results, in request
 * order) or failed as a whole (the thrown value).
 *
 * @example
 * ```ts
 * if (!outcome.answered) isRetryableCallError(outcome.error);
 * ```
 */
export type CallOutcome =
  | { readonly answered: true; readonly results: readonly EntryResult[] }
  | { readonly answered: false; readonly error: unknown };

/**
 * Make one transport call and abort it after `timeoutMs`: the signal given
 * to the transport aborts with a `TimeoutError`, and the call ends then
 * even if the transport ignores its signal. Never rejects: whole-call
 * failures, and an answer with the wrong number of results
 * (`TransportResponseError`), come back as `{ answered: false, error }`.
 *
 * @example
 * ```ts
 * const outcome = await callWithTimeout(transport, entries, 3_000);
 * ```
 */
export async function callWithTimeout(
  transport: BatchTransport,
  entries: readonly BatchEntry[],
  timeoutMs: number,
): Promise<CallOutcome> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DOMException(
        `no answer within ${timeoutMs} ms`,
        'TimeoutError',
      );
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    const results = await Promise.race([
      Promise.resolve().then(() => transport.send(entries, controller.signal)),
      timedOut,
    ]);
    if (results.length !== entries.length) {
      const detail = `${results.length} results for ${entries.length} entries`;
      return { answered: false, error: new TransportResponseError(detail) };
    }
    return { answered: true, results };
  } catch (error) {
    return { answered: false, error };
  } finally {
    clearTimeout(timer);
  }
}
