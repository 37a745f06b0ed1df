// The summary `npm start` prints: a table per stream, what the processor
// did (late, early, ProcessingFailed by reason), what went to the error
// prefix and why, and the output tree.
import { bytes, count, duration, table } from './formatUnits.ts';
import { formatOutputTree } from './outputTree.ts';
import type { RunReport, StreamReport } from './runReport.ts';

/**
 * @param report runLocalFirehose()'s report
 * @param info
 * @param info.input what was replayed, e.g. '3,000 sample records (seed 1)'
 * @param info.stream the input stream's logical id
 * @example
 *   console.log(formatSummary(report, { input: '3,000 sample records', stream: 'EventStream'}));
 */
export function formatSummary(
  report: RunReport,
  info: {
    input: string;
    stream: string;
    /** The records arrived "now" (an --input without --arrival-field). */
    arrivalNow?: boolean;
  },
): string {
  const used = report.streams.filter((s) => s.recordsIn > 0);
  const dash = (value: number, show: boolean) => (show ? count(value) : '-');
  const rows = [
    [
      'stream',
      'records in',
      'Ok',
      'Dropped',
      'ProcessingFailed',
      'error prefix',
      'invocations',
      'partitions',
      'objects',
      'bytes',
      'committed',
    ],
    ...used.map((s) => {
      const processed = s.function !== undefined;
      return [
        s.logicalId,
        count(s.recordsIn),
        dash(s.ok, processed),
        dash(s.dropped, processed),
        dash(s.processingFailed, processed),
        count(sum(s.errorRecords)),
        dash(s.invocations, processed),
        dash(s.partitions, s.partitions > 0),
        count(s.objects),
        bytes(s.bytesOut),
        s.committed === null ? '-' : count(s.committed),
      ];
    }),
  ];
  const sections = [
    `Local Firehose: ${info.input} into ${info.stream}, ${duration(report.wallMs)}` +
      (report.simulated.firstArrival
        ? ` (simulated ${report.simulated.firstArrival} → ${report.simulated.lastFlush})`
        : ''),
    table(rows),
  ];
  const hints = used.flatMap((stream) =>
    dominantReasons(stream, info.arrivalNow === true),
  );
  if (hints.length > 0) sections.push(hints.join('\n'));
  for (const stream of used) {
    const details = streamDetails(stream, report);
    if (details.length > 0)
      sections.push(`${stream.logicalId}\n${details.join('\n')}`);
  }
  for (const warning of report.warnings) sections.push(`warning: ${warning}`);
  const objects = report.streams.flatMap((s) => s.keys);
  sections.push(
    objects.length === 0
      ? `Output: nothing written to ${report.output}`
      : `Output: ${report.output}\n\n${formatOutputTree(objects, report.outputLabel)}`,
  );
  return sections.join('\n\n');
}

function streamDetails(stream: StreamReport, report: RunReport): string[] {
  const lines: string[] = [];
  const metrics = stream.functionMetrics;
  const fallback = report.streams.find(
    (s) => s !== stream && s.recordsIn > 0 && s.function === undefined,
  );
  const routed = fallback ? `  → ${fallback.logicalId}` : '';
  if (metrics.Late) lines.push(row('late', metrics.Late, routed));
  if (metrics.Early) lines.push(row('early', metrics.Early, routed));
  const failed = byPrefix(metrics, 'Failed.');
  if (failed.length > 0) {
    lines.push(row('ProcessingFailed by reason', stream.processingFailed));
    for (const [reason, n] of failed) lines.push(row(`  ${reason}`, n));
  }
  const dropped = byPrefix(metrics, 'Dropped.');
  if (dropped.length > 0) {
    lines.push(row('Dropped by reason', stream.dropped));
    for (const [reason, n] of dropped) lines.push(row(`  ${reason}`, n));
  }
  const errors = Object.entries(stream.errorRecords);
  if (errors.length > 0) {
    lines.push(row('error prefix by errorCode', sum(stream.errorRecords)));
    for (const [code, n] of errors) lines.push(row(`  ${code}`, n));
  }
  for (const [type, n] of Object.entries(stream.invocationErrors))
    lines.push(row(`failed invocations: ${type}`, n));
  if (stream.initError !== undefined)
    lines.push(`  ${stream.function} failed at init: ${stream.initError}`);
  for (const failure of stream.batchFailures)
    lines.push(
      `  batch of ${plural(failure.records, 'record')} failed: ${failure.code}: ${failure.detail}`,
    );
  if (stream.moreBatchFailures > 0)
    lines.push(
      `  … and ${plural(stream.moreBatchFailures, 'more failed batch', 'more failed batches')}`,
    );
  return lines;
}

function row(label: string, value: number, note = ''): string {
  return `  ${label.padEnd(32)}${count(value).padStart(8)}${note}`;
}

function byPrefix(
  metrics: Record<string, number>,
  prefix: string,
): [string, number][] {
  return Object.entries(metrics)
    .filter(([name]) => name.startsWith(prefix))
    .map(([name, n]): [string, number] => [name.slice(prefix.length), n])
    .sort((a, b) => b[1] - a[1]);
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, n) => total + n, 0);
}

/** `1 record`, `3 records`. */
function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/**
 * Why a run failed, when a batch of records failed (every invocation
 * attempt failed, or the response was rejected): the function's init
 * error first when it could not start. `undefined` for a good run.
 *
 * @example
 *   runFailure(report); // 'EventStream: 92 batches failed: EventTimePartitionFunction failed at init: …'
 */
export function runFailure(report: RunReport): string | undefined {
  const reasons = report.streams.flatMap((stream) => {
    const failed = stream.batchFailures.length + stream.moreBatchFailures;
    const first = stream.batchFailures[0];
    if (failed === 0 || first === undefined) return [];
    const why =
      stream.initError === undefined
        ? `${first.code}: ${first.detail}`
        : `${stream.function} failed at init: ${stream.initError}`;
    return [
      `${stream.logicalId}: ${plural(failed, 'batch', 'batches')} of records failed (${plural(sum(stream.errorRecords), 'record')} to the error prefix): ${why}`,
    ];
  });
  return reasons.length === 0 ? undefined : reasons.join('\n');
}

/** What changes the outcome when most records share one reason. */
const ADVICE: Record<string, (arrivalNow: boolean) => string> = {
  'missing-timestamp': () =>
    'the function reads the event time from TIMESTAMP_FIELD: name your field with --parameter-overrides TimestampField=<path> (or TIMESTAMP_FIELD in --env-vars)',
  'invalid-timestamp': () =>
    'TIMESTAMP_FIELD holds no time the function reads: check --parameter-overrides TimestampField=<path> and TimestampFormat=<format>',
  'invalid-json': () =>
    'the records are not JSON: NDJSON input needs one JSON document a line',
  late: (arrivalNow) =>
    arrivalNow
      ? 'your records arrive now, so past event times are late: give each its arrival time with --arrival-field <path>'
      : 'their event time is older than the partition close plus AllowedLateness: --parameter-overrides AllowedLateness=<duration> widens it',
  early: (arrivalNow) =>
    arrivalNow
      ? 'your records arrive now: give each its arrival time with --arrival-field <path>'
      : 'their event time is ahead of arrival by more than MaxFutureSkew: --parameter-overrides MaxFutureSkew=<duration>',
};

/**
 * A note for each reason shared by more than half of a stream's records
 * (failed, dropped, late or early), naming the setting that changes it.
 */
function dominantReasons(stream: StreamReport, arrivalNow: boolean): string[] {
  if (stream.function === undefined || stream.recordsIn === 0) return [];
  const metrics = stream.functionMetrics;
  const outcomes: [string, string, number][] = [
    ...byPrefix(metrics, 'Failed.').map(
      ([reason, n]): [string, string, number] => ['failed', reason, n],
    ),
    ...byPrefix(metrics, 'Dropped.')
      // Routed records are Dropped here: the late/early notes cover them.
      .filter(([reason]) => reason !== 'delivered-to-fallback')
      .map(([reason, n]): [string, string, number] => [
        'were dropped',
        reason,
        n,
      ]),
    ['were routed', 'late', metrics.Late ?? 0],
    ['were routed', 'early', metrics.Early ?? 0],
  ];
  return outcomes
    .filter(([, , n]) => n * 2 > stream.recordsIn)
    .map(([verb, reason, n]) => {
      const share = Math.round((100 * n) / stream.recordsIn);
      const advice = ADVICE[reason]?.(arrivalNow);
      return `note: ${count(n)} of ${plural(stream.recordsIn, 'record')} into ${stream.logicalId} (${share} %) ${verb} ${reason}${advice === undefined ? '' : `: ${advice}`}`;
    });
}
