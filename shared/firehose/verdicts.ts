import { RecordError } from '../errors.js';
import { FailureReason } from './reasons.js';
import type {
  DroppedVerdict,
  EventTiming,
  FailedVerdict,
  OkVerdict,
  OutputPart,
  PartitionKeys,
  Rejection,
} from './types.js';

/**
 * Answer `Ok` with base64 output data and optional partition keys (and the
 * event timing behind them, which re-ingestion signs into its marker).
 *
 * @example
 * ```ts
 * ok(Buffer.from('{"a":1}\n').toString('base64'), { year: '2026' });
 * ok(data, window.keys, { windowEndMs: window.end, eventTimeMs });
 * ```
 */
export function ok(
  data: string,
  partitionKeys?: PartitionKeys,
  timing?: EventTiming,
): OkVerdict {
  if (partitionKeys === undefined) return { result: 'Ok', data };
  return timing === undefined
    ? { result: 'Ok', data, partitionKeys }
    : {
        result: 'Ok',
        data,
        partitionKeys,
        windowEndMs: timing.windowEndMs,
        eventTimeMs: timing.eventTimeMs,
      };
}

/**
 * The event timing an `Ok` verdict carries (see {@link ok}), if any.
 *
 * @example
 * ```ts
 * timingOf(ok('e30K', keys, { windowEndMs: 1, eventTimeMs: 0 })); // { windowEndMs: 1, eventTimeMs: 0 }
 * ```
 */
export function timingOf(verdict: OkVerdict): EventTiming | undefined {
  const { windowEndMs, eventTimeMs } = verdict;
  return windowEndMs === undefined || eventTimeMs === undefined
    ? undefined
    : { windowEndMs, eventTimeMs };
}

/**
 * Answer `Ok` with the output of one partition, and re-ingest the output of
 * the others (`extraParts`) before the answer stands.
 *
 * @example
 * ```ts
 * okWithParts(b64(firstGroup), keys1, [{ data: Buffer.from(secondGroup), partitionKeys: keys2 }]);
 * ```
 */
export function okWithParts(
  data: string,
  partitionKeys: PartitionKeys | undefined,
  extraParts: readonly OutputPart[],
): OkVerdict {
  if (extraParts.length === 0) return ok(data, partitionKeys);
  return partitionKeys === undefined
    ? { result: 'Ok', data, extraParts }
    : { result: 'Ok', data, partitionKeys, extraParts };
}

/**
 * Answer `Dropped` for a deliberate reason (filtered, or delivered elsewhere).
 *
 * @example
 * ```ts
 * dropped('filtered');
 * ```
 */
export function dropped(reason: string, detail?: string): DroppedVerdict {
  return detail === undefined
    ? { result: 'Dropped', reason }
    : { result: 'Dropped', reason, detail };
}

/**
 * Answer `ProcessingFailed`; Firehose writes the original data to the error
 * prefix.
 *
 * @example
 * ```ts
 * failed('invalid-json', 'line 1: not valid JSON at position 3');
 * ```
 */
export function failed(reason: string, detail: string): FailedVerdict {
  return { result: 'ProcessingFailed', reason, detail };
}

/**
 * Turn anything a stage threw into a `ProcessingFailed` verdict: a
 * `RecordError` keeps its reason; anything else is a `stage-error`.
 *
 * @example
 * ```ts
 * try { … } catch (error) { return failedFromError(error); }
 * ```
 */
export function failedFromError(error: unknown): FailedVerdict {
  if (error instanceof RecordError) return failed(error.reason, error.detail);
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return failed(FailureReason.stageError, `${name}: ${message}`);
}

/**
 * Tell a stage's rejection apart from its value.
 *
 * @example
 * ```ts
 * const out = stage(line); if (isRejection(out)) return out;
 * ```
 */
export function isRejection(value: unknown): value is Rejection {
  return (
    typeof value === 'object' &&
    value !== null &&
    'result' in value &&
    (value.result === 'Dropped' || value.result === 'ProcessingFailed')
  );
}

/**
 * The `data` of a `ProcessingFailed` answer: the record's own data, or
 * `""` when it was not base64 (`invalid-base64`), so that every `data` in
 * a response is valid base64 and counts one byte per character. Firehose
 * writes the original record to the error prefix either way.
 *
 * @example
 * ```ts
 * failedData({ recordId: '1', data: 'e30\u014b' }, failed('invalid-base64', '…')); // ''
 * ```
 */
export function failedData(
  record: { readonly data: string },
  verdict: FailedVerdict,
): string {
  return verdict.reason === FailureReason.invalidBase64 ? '' : record.data;
}
