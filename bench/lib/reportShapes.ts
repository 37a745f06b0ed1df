// Print the per-shape table (issue 11) with its method, and evaluate its
// targets.
import type { Settings, Target } from './context.ts';
import {
  SHAPE_ORDER_SEED,
  SHAPE_TARGETS,
  SHAPE_TIME_ZONE,
  type ShapeRatios,
  type ShapeRow,
} from './shapes.ts';
import { fixed, integer, table } from './stats.ts';

/** How the table is measured, printed with it (and in docs/performance.md). */
export function shapeMethod(settings: Settings): string {
  return [
    `Method: full batches (request and predicted response ≤ 6 MB). One fresh process per row holds TransformFunction, EventTimePartitionFunction twice (PARTITION_TIMEZONE=UTC and ${SHAPE_TIME_ZONE}, each bundle imported with its own environment; RECORD_SCHEMA unset) and the four baselines.`,
    `${settings.shapeRounds} rounds after ${Math.max(1, settings.shapeWarmup)} untimed warm-up round(s) (the first one checks every answer against the baselines'); in each round every contender runs once, in a random order (seeded, ${SHAPE_ORDER_SEED} + row).`,
    `Each call gets an event freshly JSON.parse'd from the request text OUTSIDE the timed region (as the runtime parses it before the handler); the timed region is the handler call plus JSON.stringify of its response. Ratio = baseline ms ÷ function ms of the same round; the table shows medians over rounds.`,
    `Baselines: naive = base64 decode → JSON.parse → JSON.stringify + "\\n" → encode; floor = decode → UTF-8 → JSON.parse, answer the input data unchanged; hand UTC = JSON.parse, new Date(ts), getUTC* with padStart (year/month/day/hour), Ok with re-stringified data + "\\n" and metadata.partitionKeys; Intl = the same with one Intl.DateTimeFormat('en-US', { timeZone: '${SHAPE_TIME_ZONE}' }) and formatToParts per record.`,
  ].join('\n');
}

const ratio = (value: number | undefined): string => `${fixed(value, 2)}×`;
const rate = (value: number | undefined): string =>
  value === undefined ? '–' : integer(value);

export function printShapes(rows: readonly ShapeRow[], settings: Settings) {
  if (rows.length === 0) return;
  console.log(
    `\nThroughput per record shape (records/s of one call; ÷: same-round ratio to the baseline, median over rounds; NY = ${SHAPE_TIME_ZONE})`,
  );
  console.log(shapeMethod(settings));
  console.log(
    table(
      [
        'id',
        'shape',
        'final \\n',
        'records',
        'transform rec/s',
        '÷ floor',
        '÷ naive',
        'partition UTC rec/s',
        '÷ hand UTC',
        'partition NY rec/s',
        '÷ Intl NY',
        'check',
      ],
      rows.map((row) => [
        row.id,
        row.label,
        row.newline ? 'yes' : 'no',
        integer(row.records),
        rate(row.recordsPerSecond.transform),
        ratio(row.ratios.transformVsFloor),
        ratio(row.ratios.transformVsNaive),
        rate(row.recordsPerSecond.partitionUtc),
        ratio(row.ratios.partitionVsHandUtc),
        rate(row.recordsPerSecond.partitionZone),
        ratio(row.ratios.partitionZoneVsIntl),
        row.status === 'ok'
          ? 'answers agree'
          : `INVALID: ${row.problems.join('; ')}`,
      ]),
    ),
  );
  console.log(
    table(
      ['baseline rec/s', ...rows.map((row) => row.id)],
      (
        [
          ['naive', 'naive'],
          ['floor', 'floor'],
          ['hand UTC', 'handUtc'],
          ['Intl', 'intlZone'],
        ] as const
      ).map(([label, name]) => [
        label,
        ...rows.map((row) => rate(row.recordsPerSecond[name])),
      ]),
    ),
  );
}

function ratioTarget(
  row: ShapeRow,
  key: keyof ShapeRatios,
  min: number,
  what: string,
): Target {
  const value = row.ratios[key];
  const label = `${what} · ${row.label}${row.newline ? '' : ', no final \\n'} ≥ ${min}×`;
  if (row.status !== 'ok' || Number.isNaN(value)) {
    return { label, pass: false, value: 'invalid run', margin: '' };
  }
  return {
    label,
    pass: value >= min,
    value: ratio(value),
    margin: `${value >= min ? '+' : ''}${fixed(100 * (value / min - 1), 0)}%`,
  };
}

/** Issue 11's targets, one per row and ratio. */
export function shapeTargets(rows: readonly ShapeRow[]): Target[] {
  const targets: Target[] = [];
  for (const row of rows) {
    targets.push(
      row.newline
        ? ratioTarget(
            row,
            'transformVsFloor',
            SHAPE_TARGETS.transformVsFloor,
            'transform ÷ floor',
          )
        : ratioTarget(
            row,
            'transformVsNaive',
            SHAPE_TARGETS.transformVsNaiveRaw,
            'transform ÷ naive',
          ),
      ratioTarget(
        row,
        'partitionVsHandUtc',
        row.newline
          ? SHAPE_TARGETS.partitionVsHandUtc
          : SHAPE_TARGETS.partitionVsHandUtcRaw,
        'partition UTC ÷ hand-written',
      ),
      ratioTarget(
        row,
        'partitionZoneVsIntl',
        SHAPE_TARGETS.partitionZoneVsIntl,
        `partition ${SHAPE_TIME_ZONE} ÷ Intl`,
      ),
    );
  }
  return targets;
}
