/**
 * A zone's UTC offset as spans of constant offset, found by sampling every
 * six hours and binary-searching each change to the second (tz transitions
 * fall on whole seconds). Samples are aligned to a fixed grid and cached per
 * zone, so neighbouring windows reuse them.
 */
import { HOUR_MS } from './calendar.js';
import { offsetMs } from './zonedTime.js';

/** An interval [from, to) of instants with one offset. */
export interface OffsetSpan {
  readonly from: number;
  readonly to: number;
  readonly offset: number;
}

/** A point whose offset is already known (it refines the search). */
export interface OffsetProbe {
  readonly at: number;
  readonly offset: number;
}

const CELL_MS = 6 * HOUR_MS;
const CACHE_LIMIT = 4096;
const cellsByZone = new Map<string, Map<number, readonly OffsetSpan[]>>();

/**
 * Spans of constant offset covering at least [from, to), in order.
 * Offset changes closer together than six hours that return to the same
 * offset are only seen when `probe` falls between them.
 *
 * @example
 * ```ts
 * offsetSpans('America/New_York', Date.UTC(2026, 2, 7), Date.UTC(2026, 2, 9));
 * // [{ from: …, to: 2026-03-08T07:00Z, offset: -18000000 }, { from: 2026-03-08T07:00Z, to: …, offset: -14400000 }]
 * ```
 */
export function offsetSpans(
  zone: string,
  from: number,
  to: number,
  probe?: OffsetProbe,
): OffsetSpan[] {
  let cells = cellsByZone.get(zone);
  if (cells === undefined || cells.size > CACHE_LIMIT) {
    cells = new Map();
    cellsByZone.set(zone, cells);
  }
  const spans: OffsetSpan[] = [];
  const last = Math.floor((to - 1) / CELL_MS);
  for (let index = Math.floor(from / CELL_MS); index <= last; index++) {
    let cell = cells.get(index);
    if (cell === undefined || (probe && !agrees(cell, probe))) {
      cell = searchCell(zone, index, probe);
      cells.set(index, cell);
    }
    for (const span of cell) append(spans, span);
  }
  return spans;
}

function agrees(cell: readonly OffsetSpan[], probe: OffsetProbe): boolean {
  for (const span of cell) {
    if (probe.at >= span.from && probe.at < span.to) {
      return span.offset === probe.offset;
    }
  }
  return true;
}

function searchCell(
  zone: string,
  index: number,
  probe: OffsetProbe | undefined,
): OffsetSpan[] {
  const from = index * CELL_MS;
  const to = from + CELL_MS;
  const points = [from];
  const offsets = [offsetMs(from, zone)];
  if (probe && probe.at > from && probe.at < to) {
    const at = probe.at - (((probe.at % 1000) + 1000) % 1000);
    if (at > from) {
      points.push(at);
      offsets.push(offsetMs(at, zone));
    }
  }
  points.push(to);
  offsets.push(offsetMs(to, zone));

  const starts = [from];
  const values = [offsets[0] as number];
  for (let i = 0; i + 1 < points.length; i++) {
    const lo = offsets[i] as number;
    const hi = offsets[i + 1] as number;
    if (lo !== hi) {
      findChanges(zone, points[i] as number, lo, points[i + 1] as number, hi, {
        starts,
        values,
      });
    }
  }
  const spans: OffsetSpan[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as number;
    // A change exactly at `to` belongs to the next cell.
    if (start >= to) break;
    spans.push({
      from: start,
      to: Math.min(starts[i + 1] ?? to, to),
      offset: values[i] as number,
    });
  }
  return spans;
}

function findChanges(
  zone: string,
  low: number,
  lowOffset: number,
  high: number,
  highOffset: number,
  out: { starts: number[]; values: number[] },
): void {
  let lo = low;
  let hi = high;
  // Invariant: offset(lo) = lowOffset, offset(hi) = highOffset.
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    const offset = offsetMs(mid, zone);
    if (offset === lowOffset) lo = mid;
    else if (offset === highOffset) hi = mid;
    else {
      findChanges(zone, lo, lowOffset, mid, offset, out);
      findChanges(zone, mid, offset, hi, highOffset, out);
      return;
    }
  }
  out.starts.push(hi);
  out.values.push(highOffset);
}

function append(spans: OffsetSpan[], span: OffsetSpan): void {
  const previous = spans[spans.length - 1];
  if (previous !== undefined && previous.offset === span.offset) {
    spans[spans.length - 1] = {
      from: previous.from,
      to: span.to,
      offset: span.offset,
    };
  } else {
    spans.push(span);
  }
}
