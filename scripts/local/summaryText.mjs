// The summary `npm start` prints: a table per stream, what the processor
// did (late, early, ProcessingFailed by reason), what went to the error
// prefix and why, and the output tree.
import { bytes, count, duration, table } from './formatUnits.mjs';
import { formatOutputTree } from './outputTree.mjs';

/**
 * @param {object} report runLocalFirehose()'s report
 * @param {object} info
 * @param {string} info.input what was replayed, e.g. '3,000 sample records (seed 1)'
 * @param {string} info.stream the input stream's logical id
 * @example
 *   console.log(formatSummary(report, { input: '3,000 sample records', stream: 'EventStream'}));
 */
export function formatSummary(report, info) {
  const used = report.streams.filter((s) => s.recordsIn > 0);
  const dash = (value, show) => (show ? count(value) : '-');
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

function streamDetails(stream, report) {
  const lines = [];
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
  for (const failure of stream.batchFailures)
    lines.push(
      `  batch of ${count(failure.records)} failed: ${failure.code}: ${failure.detail}`,
    );
  return lines;
}

function row(label, value, note = '') {
  return `  ${label.padEnd(32)}${count(value).padStart(8)}${note}`;
}

function byPrefix(metrics, prefix) {
  return Object.entries(metrics)
    .filter(([name]) => name.startsWith(prefix))
    .map(([name, n]) => [name.slice(prefix.length), n])
    .sort((a, b) => b[1] - a[1]);
}

function sum(counts) {
  return Object.values(counts).reduce((total, n) => total + n, 0);
}
