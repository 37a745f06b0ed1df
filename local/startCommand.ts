// `npm start`: run a sample, or the user's records, through the template's
// streams on the local Firehose and print what happened.
import { BuildError } from '../scripts/lib/build.ts';
import { TemplateError } from '../scripts/lib/template.ts';
import {
  parseArgs,
  parseParameterOverrides,
  share,
  UsageError,
} from './cliArgs.ts';
import { count } from './formatUnits.ts';
import type { CommandIo } from './generateEventsCommand.ts';
import { readEnvVarsFile } from './lambda/localInvoke.ts';
import {
  type LocalFirehoseOptions,
  type RunReport,
  runLocalFirehose,
} from './localFirehose.ts';
import { OutputFolderError } from './objectSinks.ts';
import { createProgressBar } from './progressBar.ts';
import { InputError, type InputRecord, openInput } from './readInput.ts';
import { sampleRecordStream } from './sampleRecords.ts';
import { formatSummary, runFailure } from './summaryText.ts';
import { isTimestampFormat, TIMESTAMP_FORMATS } from './timestampFormats.ts';

export const START_USAGE = `Usage: npm start [-- options]

A local Amazon Data Firehose driven by template.yaml: its delivery streams,
their Lambda processors (built bundles), buffering, dynamic partitioning,
error prefixes and the late-data stream, offline. Time is simulated from
the records' arrival times: nothing waits, the same input gives the same
objects. Without --input it runs a generated sample through EventStream.

Input:
  --input <file | ->              replay your records (- = stdin): NDJSON, one
                                  record a line, or a Firehose event JSON (as
                                  \`npm run event\` writes) with its arrival times
  --stream <LogicalId | name>     stream to put them into (default EventStream)
  --arrival-field <path>          arrival time of each record from this field
                                  (ISO-8601 or epoch): lateness replays exactly
  --arrival now                   records arrive now, in file order (default)
Sample (without --input):
  --records <n>                   default 3000
  --late <share> --early <share> --invalid <share>
                                  defaults 0.04, 0.01, 0.01
  --format <${TIMESTAMP_FORMATS.join('|')}>  event-time format (default iso8601)
  --seed <seed>                   default 1 (same seed, same records)
Output:
  --out <dir>                     the bucket, as a folder (default ./out)
  --s3-endpoint <url>             write to this S3 API instead (e.g. moto_server)
  --bucket <name>                 with --s3-endpoint (default: the template's bucket)
Template:
  --parameter-overrides K=V ...   template parameters, as in SAM
  --env-vars <file>               function variables, SAM format (as npm run invoke):
                                  {"Parameters": {...}, "<LogicalId>": {...}}
  --template <file>               default template.yaml
  --region <region>               default us-east-1
  --active-partition-limit <n>    Firehose's quota per stream (default 500)
Other:
  --serve                         serve the Firehose API instead (--serve --help)
  --logs                          show the functions' logs on stderr
  --json                          print the run report as JSON
  -h, --help

Examples:
  npm start
  npm start -- --records 20000 --late 0.1 --seed 7
  npm start -- --input events.ndjson --arrival-field arrivedAt --out ./replay
  cat events.ndjson | npm start -- --input - --parameter-overrides PartitionGranularity=day
  npm run event -- cloudwatch-logs --records 200 --out /tmp/logs.json
  npm start -- --input /tmp/logs.json --stream LogsStream
  npm start -- --s3-endpoint http://127.0.0.1:5000

Exit status: 0 done; 1 the run failed or a batch of records failed (an
invocation error, a rejected response); 2 usage or template error.`;

const SPEC = {
  '--help': 'boolean',
  '--input': 'string',
  '--stream': 'string',
  '--arrival-field': 'string',
  '--arrival': 'string',
  '--records': 'number',
  '--late': 'number',
  '--early': 'number',
  '--invalid': 'number',
  '--format': 'string',
  '--seed': 'string',
  '--out': 'string',
  '--s3-endpoint': 'string',
  '--bucket': 'string',
  '--parameter-overrides': 'list',
  '--env-vars': 'string',
  '--template': 'string',
  '--region': 'string',
  '--active-partition-limit': 'number',
  '--logs': 'boolean',
  '--json': 'boolean',
} as const;

/** What a command line asks `npm start` to do. */
interface RunPlan {
  firehose: LocalFirehoseOptions;
  stream: string;
  logs: boolean;
  json: boolean;
  records: Iterable<InputRecord>;
  /** Records expected (for the progress bar), when known. */
  total: number | undefined;
  /** What was replayed, once the records are read. */
  inputLabel: () => string;
  /** True when the records' arrival is "now" (an --input without --arrival-field). */
  arrivalNow: boolean;
}

/**
 * Run `npm start` with `argv`; resolves with the exit status.
 *
 * @example
 *   process.exitCode = await runStart(process.argv.slice(2));
 */
export async function runStart(
  argv: readonly string[],
  io: CommandIo = defaultIo(),
): Promise<number> {
  if (argv.includes('--serve'))
    return (await import('./serve/serveCommand.ts')).runServe(argv);
  let plan: RunPlan | 'help';
  try {
    plan = planRun(argv);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof InputError ||
      error instanceof TemplateError
    ) {
      io.stderr(`error: ${error.message}\n\n${START_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (plan === 'help') {
    io.stdout(`${START_USAGE}\n`);
    return 0;
  }
  const progress = createProgressBar({ total: plan.total });
  let report: RunReport;
  try {
    report = await runLocalFirehose({
      ...plan.firehose,
      stream: plan.stream,
      records: plan.records,
      onProgress: (done) => progress.update(done),
      echoLogs: plan.logs ? (text) => io.stderr(text) : undefined,
    });
    progress.finish();
  } catch (error) {
    progress.finish();
    if (
      error instanceof TemplateError ||
      error instanceof OutputFolderError ||
      error instanceof InputError
    ) {
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof BuildError) {
      io.stderr(`error: ${error.message}\n`);
      return 1;
    }
    io.stderr(
      `local Firehose failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
  // Why the run failed comes first, before the tables.
  const failure = runFailure(report);
  if (failure !== undefined) io.stderr(`error: ${failure}\n`);
  io.stdout(
    plan.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : `${formatSummary(report, {
          input: plan.inputLabel(),
          stream: plan.stream,
          arrivalNow: plan.arrivalNow,
        })}\n`,
  );
  return failure === undefined ? 0 : 1;
}

function planRun(argv: readonly string[]): RunPlan | 'help' {
  const { options, positional } = parseArgs(argv, SPEC);
  if (options.help) return 'help';
  if (positional.length > 0)
    throw new UsageError(`unexpected argument ${positional[0]}`);
  if (options.arrival !== undefined && options.arrival !== 'now')
    throw new UsageError(
      '--arrival takes only "now"; use --arrival-field <path>',
    );
  if (options.arrival !== undefined && options.arrivalField !== undefined)
    throw new UsageError('--arrival and --arrival-field are exclusive');
  if (options.bucket !== undefined && options.s3Endpoint === undefined)
    throw new UsageError('--bucket needs --s3-endpoint');
  if (options.s3Endpoint !== undefined && options.out !== undefined)
    throw new UsageError('--out and --s3-endpoint are exclusive');
  const limit = options.activePartitionLimit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new UsageError(
      `--active-partition-limit needs a positive integer, not ${limit}`,
    );
  const firehose: LocalFirehoseOptions = {
    templatePath: options.template,
    parameterOverrides: parseParameterOverrides(options.parameterOverrides),
    envVars:
      options.envVars === undefined
        ? undefined
        : readEnvVarsFile(options.envVars),
    region: options.region,
    out: options.out ?? 'out',
    s3Endpoint: options.s3Endpoint,
    bucket: options.bucket,
    activePartitionLimit: limit,
  };
  const base = {
    firehose,
    stream: options.stream ?? 'EventStream',
    logs: options.logs === true,
    json: options.json === true,
  };
  if (options.input !== undefined) {
    for (const flag of [
      'records',
      'late',
      'early',
      'invalid',
      'format',
      'seed',
    ] as const)
      if (options[flag] !== undefined)
        throw new UsageError(`--${flag} is for the sample; not with --input`);
    const input = openInput(options.input, {
      arrivalField: options.arrivalField,
    });
    if (input.format === 'firehose-event' && options.arrivalField !== undefined)
      throw new UsageError(
        '--arrival-field is for NDJSON; an event carries approximateArrivalTimestamp',
      );
    const note =
      input.missingArrival > 0
        ? `, ${count(input.missingArrival)} without ${options.arrivalField}`
        : '';
    const from = options.input === '-' ? 'stdin' : options.input;
    return {
      ...base,
      records: input.records,
      total: undefined,
      inputLabel: () => `${records(input.count)} from ${from}${note}`,
      arrivalNow:
        input.format === 'ndjson' && options.arrivalField === undefined,
    };
  }
  if (options.arrivalField !== undefined)
    throw new UsageError('--arrival-field needs --input');
  const late = share(options.late, '--late', 0.04);
  const early = share(options.early, '--early', 0.01);
  const invalid = share(options.invalid, '--invalid', 0.01);
  if (late + early + invalid > 1)
    throw new UsageError('--late + --early + --invalid must not exceed 1');
  const format = options.format ?? 'iso8601';
  if (!isTimestampFormat(format))
    throw new UsageError(`--format is one of ${TIMESTAMP_FORMATS.join(', ')}`);
  const size = options.records ?? 3000;
  if (!Number.isInteger(size) || size < 1)
    throw new UsageError('--records needs a positive integer');
  const seed = options.seed ?? '1';
  const sample = sampleRecordStream({
    count: size,
    seed,
    late,
    early,
    invalid,
    format,
  });
  return {
    ...base,
    records: (function* () {
      for (const record of sample)
        yield { data: Buffer.from(record.text), arrivalMs: record.arrivalMs };
    })(),
    total: size,
    inputLabel: () =>
      `${count(size)} sample record${size === 1 ? '' : 's'} (seed ${seed})`,
    arrivalNow: false,
  };
}

/** `1 record`, `3,000 records`. */
function records(n: number): string {
  return `${count(n)} record${n === 1 ? '' : 's'}`;
}

function defaultIo(): CommandIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}
