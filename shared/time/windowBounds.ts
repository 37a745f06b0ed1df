/**
 * The exact [start, end) of a partition window in a zone with DST or other
 * offset changes.
 *
 * A window is the set of instants whose wall time (instant + offset) falls in
 * the nominal wall interval [wallStart, wallEnd). On a span of constant
 * offset `o` that set is the interval [wallStart - o, wallEnd - o) clipped to
 * the span; the window containing `t` is the union of those pieces that
 * touch each other and hold `t`. Only offset changes within two days of the
 * nominal edges can move an edge (no zone's offset or jump exceeds a day).
 */
import { DAY_MS } from './calendar.js';
import { type OffsetSpan, offsetSpans } from './offsetSpans.js';

const MARGIN_MS = 2 * DAY_MS;

/** A half-open interval of instants. */
export interface Bounds {
  readonly start: number;
  readonly end: number;
}

/**
 * The maximal interval around `epochMs` whose wall time in `zone` stays in
 * [wallStart, wallEnd) (both wall times read as UTC milliseconds).
 *
 * @throws Error when `epochMs` is not in the window (an internal fault).
 * @example
 * ```ts
 * // America/New_York, 2026-11-01 hour 01 (it happens twice): 05:00Z-07:00Z
 * windowBounds('America/New_York', Date.UTC(2026, 10, 1, 5, 30), Date.UTC(2026, 10, 1, 1), Date.UTC(2026, 10, 1, 2), -4 * 3600000);
 * // { start: Date.UTC(2026, 10, 1, 5), end: Date.UTC(2026, 10, 1, 7) }
 * ```
 */
export function windowBounds(
  zone: string,
  epochMs: number,
  wallStart: number,
  wallEnd: number,
  offsetAtEpoch: number,
): Bounds {
  const probe = { at: epochMs, offset: offsetAtEpoch };
  const pieces: Bounds[] = [];
  if (wallEnd - wallStart <= 2 * MARGIN_MS) {
    const spans = offsetSpans(
      zone,
      wallStart - MARGIN_MS,
      wallEnd + MARGIN_MS,
      probe,
    );
    collect(spans, wallStart, wallEnd, pieces);
  } else {
    const near = (edge: number) =>
      offsetSpans(zone, edge - MARGIN_MS, edge + MARGIN_MS, probe);
    collect(near(wallStart), wallStart, wallEnd, pieces);
    // Far from both edges every instant's wall time is inside the window.
    pieces.push({ start: wallStart + MARGIN_MS, end: wallEnd - MARGIN_MS });
    collect(near(wallEnd), wallStart, wallEnd, pieces);
  }
  return around(pieces, epochMs);
}

function collect(
  spans: readonly OffsetSpan[],
  wallStart: number,
  wallEnd: number,
  pieces: Bounds[],
): void {
  for (const span of spans) {
    const start = Math.max(span.from, wallStart - span.offset);
    const end = Math.min(span.to, wallEnd - span.offset);
    if (start < end) pieces.push({ start, end });
  }
}

function around(pieces: Bounds[], epochMs: number): Bounds {
  pieces.sort((a, b) => a.start - b.start);
  let start = Number.NaN;
  let end = Number.NaN;
  for (const piece of pieces) {
    if (piece.start <= end) {
      end = Math.max(end, piece.end);
      continue;
    }
    if (start <= epochMs && epochMs < end) break;
    start = piece.start;
    end = piece.end;
  }
  if (!(start <= epochMs && epochMs < end)) {
    throw new Error('partition window: the instant is outside its window');
  }
  return { start, end };
}
