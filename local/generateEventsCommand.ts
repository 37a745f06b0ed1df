// `npm run event`: a Firehose transformation event, generated from a seed
// (the same seed gives byte-identical output), on stdout or in a file.
import { writeFileSync } from 'node:fs';
import type { FirehoseEvent } from '#shared/firehose/types.js';
import {
  createResolver,
  DEFAULT_REGION,
  readTemplate,
} from '../scripts/lib/template.ts';
import { type ParsedOptions, parseArgs, share, UsageError } from './cliArgs.ts';
import { cloudWatchLogsRecords } from './cloudWatchLogsSamples.ts';
import { buildFirehoseEvent, firehoseRecordId } from './firehoseEvent.ts';
import { createRandom } from './prng.ts';
import { generateSampleRecords } from './sampleRecords.ts';
import { isTimestampFormat, TIMESTAMP_FORMATS } from './timestampFormats.ts';

/** Where a command writes. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const EVENT_USAGE = `Usage: npm run event -- <firehose | cloudwatch-logs> [options]

Print a Firehose transformation event (JSON) for \`npm run invoke\`, built
from a seed: the same options give byte-identical output.

  firehose          clickstream and order records (JSON), with event-time
                    jitter and a share of late, early and invalid records
  cloudwatch-logs   gzip CloudWatch Logs subscription payloads: a
                    CONTROL_MESSAGE, then DATA_MESSAGEs of several log events

Options:
  --records <n>          records in the event (default 10)
  --late <share>         late records / log events (default 0.1 for firehose, 0 for logs)
  --early <share>        early records (firehose; default 0.05)
  --invalid <share>      invalid records (default 0.1 for firehose, 0 for logs)
  --format <${TIMESTAMP_FORMATS.join('|')}>  event-time format (firehose; default iso8601)
  --seed <seed>          default 1
  --stream <LogicalId>   deliveryStreamArn of this template stream
                         (default EventStream, LogsStream for cloudwatch-logs when present)
  --out <file>           write to a file instead of stdout
  -h, --help

Examples:
  npm run event -- firehose --records 50 --late 0.2 --seed 7 --out /tmp/event.json
  npm run invoke -- EventTimePartitionFunction /tmp/event.json --decode
  npm run event -- cloudwatch-logs --records 5 --out /tmp/logs.json
  npm run invoke -- CloudWatchLogsFunction /tmp/logs.json --decode`;

const SPEC = {
  '--help': 'boolean',
  '--records': 'number',
  '--late': 'number',
  '--early': 'number',
  '--invalid': 'number',
  '--format': 'string',
  '--seed': 'string',
  '--stream': 'string',
  '--out': 'string',
  '--template': 'string',
} as const;

/** The options of generateEvent (`npm run event`'s flags). */
export type EventOptions = ParsedOptions<typeof SPEC>;

/**
 * Run `npm run event` with `argv`; returns the exit status.
 *
 * @example
 *   runGenerateEvents(['firehose', '--records', '3', '--seed', '9']);
 */
export function runGenerateEvents(
  argv: readonly string[],
  io: CommandIo = defaultIo(),
): number {
  let event: FirehoseEvent;
  let options: EventOptions;
  try {
    const parsed = parseArgs(argv, SPEC);
    options = parsed.options;
    if (options.help) {
      io.stdout(`${EVENT_USAGE}\n`);
      return 0;
    }
    if (parsed.positional.length !== 1)
      throw new UsageError('expected one kind: firehose or cloudwatch-logs');
    event = generateEvent(parsed.positional[0] ?? '', options);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n\n${EVENT_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const text = `${JSON.stringify(event, null, 2)}\n`;
  if (options.out === undefined) io.stdout(text);
  else writeFileSync(options.out, text);
  return 0;
}

/**
 * The event itself (also used by tests).
 *
 * @example
 *   generateEvent('firehose', { records: 5, seed: '1' }).records.length; // 5
 */
export function generateEvent(
  kind: string,
  options: EventOptions = {},
): FirehoseEvent {
  const count = options.records ?? 10;
  if (!Number.isInteger(count) || count < 1 || count > 100_000)
    throw new UsageError('--records needs an integer between 1 and 100000');
  const seed = options.seed ?? '1';
  let records: { data: Buffer; arrivalMs: number }[];
  let defaultStream: string;
  if (kind === 'firehose') {
    const format = options.format ?? 'iso8601';
    if (!isTimestampFormat(format))
      throw new UsageError(
        `--format is one of ${TIMESTAMP_FORMATS.join(', ')}`,
      );
    const late = share(options.late, '--late', 0.1);
    const early = share(options.early, '--early', 0.05);
    const invalid = share(options.invalid, '--invalid', 0.1);
    if (late + early + invalid > 1)
      throw new UsageError('--late + --early + --invalid must not exceed 1');
    records = generateSampleRecords({
      count,
      seed,
      late,
      early,
      invalid,
      format,
      spanMs: count * 250,
    }).map((record) => ({
      data: Buffer.from(record.text),
      arrivalMs: record.arrivalMs,
    }));
    defaultStream = 'EventStream';
  } else if (kind === 'cloudwatch-logs') {
    if (options.format !== undefined || options.early !== undefined)
      throw new UsageError('--format and --early are for firehose events');
    records = cloudWatchLogsRecords({
      count,
      seed,
      late: share(options.late, '--late', 0),
      invalid: share(options.invalid, '--invalid', 0),
    });
    defaultStream = 'LogsStream';
  } else {
    throw new UsageError(`unknown kind ${kind}: firehose or cloudwatch-logs`);
  }
  const random = createRandom(`${seed}/invocation`);
  return buildFirehoseEvent({
    invocationId: random.uuid(),
    deliveryStreamArn: streamArn(
      options.stream,
      defaultStream,
      options.template,
    ),
    region: DEFAULT_REGION,
    records: records.map((record, index) => ({
      ...record,
      recordId: firehoseRecordId(1, index + 1),
    })),
  });
}

/** The local ARN of a template stream (as `npm start` names it). */
function streamArn(
  requested: string | undefined,
  fallback: string,
  templatePath: string | undefined,
): string {
  const template = readTemplate(templatePath);
  const resources = template.Resources ?? {};
  const isStream = (id: string) =>
    resources[id]?.Type === 'AWS::KinesisFirehose::DeliveryStream';
  if (requested !== undefined && !isStream(requested))
    throw new UsageError(
      `--stream ${requested} is not a delivery stream of the template`,
    );
  const id = requested ?? (isStream(fallback) ? fallback : undefined);
  const name = id === undefined ? `local-${fallback}` : `local-${id}`;
  if (id === undefined)
    return `arn:aws:firehose:${DEFAULT_REGION}:123456789012:deliverystream/${name}`;
  return String(
    createResolver(template).resolve({ 'Fn::GetAtt': [id, 'Arn'] }),
  );
}

function defaultIo(): CommandIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}
