/**
 * The commit watermark: an instant W such that every record that entered
 * the delivery stream before W has been delivered (to its prefix or the
 * error prefix), derived from `DeliveryToS3.DataFreshness` datapoints.
 * docs/partition-commit.md gives the reasoning; the rule in short:
 *
 * - a datapoint of the period [s, s + p) with Maximum M seconds says that
 *   at some instant τ ≥ s the oldest undelivered record was at most M old,
 *   so everything that entered before τ − M ≥ s − M is delivered; one
 *   second more is taken off in case Firehose rounds the age down:
 *   `s − M − 1 s`;
 * - an idle stream publishes no datapoint: a run of empty periods at least
 *   `idleAfterMs` long, all past the publication delay, says the stream
 *   held nothing at their start: W ≥ the start of the run's last period;
 * - W is the largest of these bounds (delivery is never undone, so each
 *   bound stays true later). No bound at all: no watermark.
 */

/** One DataFreshness datapoint: its period's start and the period's Maximum. */
export interface FreshnessDatapoint {
  /** Start of the period (epoch ms), as GetMetricData reports it. */
  readonly timestampMs: number;
  /** Maximum DataFreshness in the period, in seconds. */
  readonly maximumSeconds: number;
}

/** The periods that were read: [fromMs, toMs), `periodMs` each. */
export interface FreshnessWindow {
  readonly fromMs: number;
  readonly toMs: number;
  readonly periodMs: number;
}

/** What the watermark rests on. */
export const WatermarkEvidence = {
  freshness: 'freshness',
  idle: 'idle',
  none: 'none',
} as const;
export type WatermarkEvidence =
  (typeof WatermarkEvidence)[keyof typeof WatermarkEvidence];

/** The watermark and what it rests on. */
export interface Watermark {
  /** Epoch ms; `undefined` when nothing can be said (no commit). */
  readonly watermarkMs: number | undefined;
  readonly evidence: WatermarkEvidence;
  /** Datapoints used. */
  readonly datapoints: number;
}

/** Margin for a DataFreshness value rounded down to whole seconds. */
export const FRESHNESS_RESOLUTION_MS = 1_000;

/**
 * Align a freshness window on whole periods, ending `publicationDelayMs`
 * before `nowMs` (periods that recent may still be missing datapoints) and
 * reaching `spanMs` back.
 *
 * @example
 * ```ts
 * freshnessWindow(Date.parse('2026-03-01T12:05:30Z'), { periodMs: 60_000, publicationDelayMs: 300_000, spanMs: 3_600_000 });
 * // { fromMs: 11:00:00Z, toMs: 12:00:00Z, periodMs: 60000 }
 * ```
 */
export function freshnessWindow(
  nowMs: number,
  options: {
    readonly periodMs: number;
    readonly publicationDelayMs: number;
    readonly spanMs: number;
  },
): FreshnessWindow {
  const { periodMs } = options;
  const toMs =
    Math.floor((nowMs - options.publicationDelayMs) / periodMs) * periodMs;
  const periods = Math.max(1, Math.ceil(options.spanMs / periodMs));
  return { fromMs: toMs - periods * periodMs, toMs, periodMs };
}

/**
 * Compute the watermark from the datapoints of a window.
 * `idleAfterMs` undefined: an idle stream never advances the watermark.
 *
 * @example
 * ```ts
 * computeWatermark([{ timestampMs: Date.parse('2026-03-01T12:00:00Z'), maximumSeconds: 300 }], window, 900_000);
 * // { watermarkMs: Date.parse('2026-03-01T11:54:59Z'), evidence: 'freshness', datapoints: 1 }
 * ```
 */
export function computeWatermark(
  datapoints: readonly FreshnessDatapoint[],
  window: FreshnessWindow,
  idleAfterMs: number | undefined,
): Watermark {
  const { fromMs, toMs, periodMs } = window;
  let best: number | undefined;
  let evidence: WatermarkEvidence = WatermarkEvidence.none;
  const busy = new Set<number>();
  let used = 0;
  for (const point of datapoints) {
    if (
      !Number.isFinite(point.timestampMs) ||
      !Number.isFinite(point.maximumSeconds)
    ) {
      continue;
    }
    const start = Math.floor(point.timestampMs / periodMs) * periodMs;
    if (start < fromMs || start >= toMs) continue;
    busy.add(start);
    used++;
    const ageMs = Math.ceil(Math.max(0, point.maximumSeconds) * 1000);
    const bound = start - ageMs - FRESHNESS_RESOLUTION_MS;
    if (best === undefined || bound > best) {
      best = bound;
      evidence = WatermarkEvidence.freshness;
    }
  }
  if (idleAfterMs !== undefined) {
    const needed = Math.max(1, Math.ceil(idleAfterMs / periodMs));
    let run = 0;
    for (let start = fromMs; start < toMs; start += periodMs) {
      run = busy.has(start) ? 0 : run + 1;
      if (run >= needed && (best === undefined || start > best)) {
        best = start;
        evidence = WatermarkEvidence.idle;
      }
    }
  }
  return { watermarkMs: best, evidence, datapoints: used };
}
