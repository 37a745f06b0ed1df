/**
 * The partition function's fused path for the most common record: one
 * JSON object on one line, with or without its final `\n`, read straight
 * from its bytes: the scanner checks the syntax and notes where the event
 * time is, the stage's rule reads it from the bytes, the window comes from
 * the stage's cache, and the verdict follows; no line, record or string
 * object is made on the way. Anything else — several lines, surrounding
 * whitespace, not UTF-8, no such field, a timestamp in another form, out
 * of range, late or early — is declined, and the general path decides it
 * (with the same answer for what this path accepts: the property tests
 * hold them to it).
 */
import { isUtf8 } from 'node:buffer';
import type { LatenessRule } from '../lateness/classifyLateness.js';
import {
  type FieldCapture,
  resetNonAscii,
  Scan,
  sawNonAscii,
  scanJson,
} from '../records/jsonScan.js';
import type { FusedEventTime } from '../time/eventTimeStage.js';
import type { PartitionWindow } from '../time/partitionWindow.js';
import { base64WithNewline } from './scanRecord.js';

/** What {@link FusedPartition} found for an accepted record. */
export interface FusedResult {
  window: PartitionWindow | undefined;
  eventTimeMs: number;
  /** The answer's data: the record's own, plus `\n` when it had none. */
  output: string;
}

/**
 * Decide one record (its base64 `data` and decoded `bytes`) on the fused
 * path: true with `into` filled in when it is an on-time one-line object,
 * false when the general path must decide it.
 */
export type FusedPartition = (
  data: string,
  bytes: Buffer,
  arrivalMs: number,
  into: FusedResult,
) => boolean;

const NEWLINE = 0x0a;
const INDEX = /^\d+$/;
const WHITESPACE = new Uint8Array(256);
WHITESPACE[0x20] = WHITESPACE[0x09] = WHITESPACE[0x0a] = WHITESPACE[0x0d] = 1;

// Shared by every call (synchronous): scanJson resets it.
const CAPTURE: FieldCapture = { start: -1, end: -1, topIsObject: false };

/**
 * The fused path for `fieldPath` (TIMESTAMP_FIELD as keys), or `undefined`
 * when it cannot serve: no stage rule to read from bytes, an empty path,
 * or array indexes in it (the scanner follows object keys only).
 *
 * @example
 * ```ts
 * const fused = createFusedPartition(['ts'], stage.fused, lateness);
 * const into = { window: undefined, eventTimeMs: 0, output: '' };
 * if (fused?.(record.data, bytes, record.approximateArrivalTimestamp, into)) ok(into.output, into.window.keys);
 * ```
 */
export function createFusedPartition(
  fieldPath: readonly string[],
  eventTime: FusedEventTime | undefined,
  rule: LatenessRule,
): FusedPartition | undefined {
  if (
    eventTime === undefined ||
    fieldPath.length === 0 ||
    fieldPath.some((segment) => INDEX.test(segment))
  ) {
    return undefined;
  }
  const segments = fieldPath.map((segment) => Buffer.from(segment, 'utf8'));
  const { instantOf, partition } = eventTime;
  const { allowedLatenessMs, maxFutureSkewMs } = rule;
  return function fusedPartition(data, bytes, arrivalMs, into) {
    const length = bytes.length;
    let end = length;
    const newline = bytes.indexOf(NEWLINE);
    if (newline !== -1) {
      if (newline !== length - 1) return false;
      end = newline;
    }
    if (
      end === 0 ||
      WHITESPACE[bytes[0] as number] === 1 ||
      WHITESPACE[bytes[end - 1] as number] === 1
    ) {
      return false;
    }
    resetNonAscii();
    if (
      scanJson(bytes, 0, end, segments, CAPTURE) !== Scan.valid ||
      !CAPTURE.topIsObject ||
      CAPTURE.start === -1 ||
      // Only a record with a byte of 0x80 or above can be invalid UTF-8.
      (sawNonAscii() && !isUtf8(bytes))
    ) {
      return false;
    }
    const ms = instantOf(bytes, CAPTURE.start, CAPTURE.end);
    if (Number.isNaN(ms)) return false;
    let window: PartitionWindow;
    try {
      window = partition(ms);
    } catch {
      return false; // out of range in the zone: the general path says why
    }
    // classifyLateness's rule: anything not on time is routed by the
    // general path.
    if (
      arrivalMs > window.end + allowedLatenessMs ||
      ms > arrivalMs + maxFutureSkewMs
    ) {
      return false;
    }
    into.window = window;
    into.eventTimeMs = ms;
    into.output = newline === -1 ? base64WithNewline(bytes) : data;
    return true;
  };
}
