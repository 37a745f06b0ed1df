// `npm start -- --serve`: the template's streams on the real clock behind
// the Firehose API on 127.0.0.1, until SIGINT/SIGTERM; then everything still
// buffered is flushed and the run is summarised.
import { LOCAL_ACCOUNT_ID, TemplateError } from '../../scripts/lib/template.ts';
import { OutputFolderError } from '../objectSinks.ts';
import { type ApiServer, startApiServer } from './apiServer.ts';
import { createFirehoseApi } from './firehoseApi.ts';
import { type ApiCalls, machinery } from './machinery.ts';
import { createRealClockDriver } from './realClockDriver.ts';
import { createServedStreams, type ServedStreams } from './servedStreams.ts';

/** The port serve mode listens on by default. */
export const DEFAULT_PORT = 4573;

export const SERVE_USAGE = `Usage: npm start -- --serve [options]

Serve the template's delivery streams on the real clock behind the Firehose
API on 127.0.0.1 (PutRecord, PutRecordBatch, ListDeliveryStreams,
DescribeDeliveryStream), for your own AWS SDK or the AWS CLI:

  aws --endpoint-url http://127.0.0.1:4573 firehose put-record \\
    --delivery-stream-name local-EventStream --record '{"Data":"{\\"a\\":1}"}'

Records go through the same processing as \`npm start\` (the Lambda
processors, dynamic partitioning, error prefixes, late data to the fallback
stream). Buffers flush by the template's buffering hints, or every
--buffer-interval. SIGINT/SIGTERM (Ctrl-C) flushes everything and exits 0.

  --port <n>                      default ${DEFAULT_PORT} (0: any free port)
  --buffer-interval <t>           every buffer's interval, e.g. 5s, 500ms, 1m
                                  (default: the template's hints)
  --out <dir>                     the bucket, as a folder (default ./out)
  --s3-endpoint <url>             write to this S3 API instead (e.g. moto_server)
  --bucket <name>                 with --s3-endpoint (default: the template's bucket)
  --parameter-overrides K=V ...   template parameters, as in SAM
  --template <file>               default template.yaml
  --region <region>               default us-east-1
  --active-partition-limit <n>    Firehose's quota per stream (default 500)
  --logs                          show the functions' logs on stderr
  --json                          print the run report as JSON at exit
  -h, --help

Exit status: 0 stopped by a signal, everything flushed; 1 a flush failed or
the port is taken; 2 usage or template error.`;

const SPEC = {
  '--serve': 'boolean',
  '--help': 'boolean',
  '--port': 'number',
  '--buffer-interval': 'string',
  '--out': 'string',
  '--s3-endpoint': 'string',
  '--bucket': 'string',
  '--parameter-overrides': 'list',
  '--template': 'string',
  '--region': 'string',
  '--active-partition-limit': 'number',
  '--logs': 'boolean',
  '--json': 'boolean',
} as const;

/** Signals that stop serve mode (after a flush). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How often serve mode checks that the process that started it still runs. */
const PARENT_CHECK_MS = 250;

/** Where the command writes, and the signals it waits for. */
export interface ServeIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Calls `onSignal` on SIGINT/SIGTERM/SIGHUP (or when the parent process is gone); returns a function that stops listening. */
  onSignal(onSignal: (signal: string) => void): () => void;
}

/**
 * Parse a duration: `500ms`, `5s`, `2m`, or a number of seconds.
 *
 * @example
 *   parseDuration('5s'); // 5000
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (match === null) return undefined;
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const ms =
    unit === 'ms' ? value : unit === 's' ? value * 1000 : value * 60_000;
  return Math.round(ms);
}

interface ServePlan {
  help: boolean;
  port: number;
  bufferIntervalMs: number | undefined;
  json: boolean;
  logs: boolean;
  firehose: {
    templatePath: string | undefined;
    parameterOverrides: Record<string, string>;
    region: string | undefined;
    out: string;
    s3Endpoint: string | undefined;
    bucket: string | undefined;
    activePartitionLimit: number | undefined;
  };
}

function planServe(argv: readonly string[]): ServePlan {
  const { options, positional } = machinery.parseArgs(argv, { ...SPEC });
  const usage = (message: string) => new machinery.UsageError(message);
  const named = options as Record<string, unknown>;
  const text = (key: string) => named[key] as string | undefined;
  if (positional.length > 0)
    throw usage(`unexpected argument ${positional[0]}`);
  const port = (options.port as number | undefined) ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw usage('--port needs a port number (0 to 65535)');
  let bufferIntervalMs: number | undefined;
  const interval = text('bufferInterval');
  if (interval !== undefined) {
    bufferIntervalMs = parseDuration(interval);
    if (bufferIntervalMs === undefined || bufferIntervalMs > 900_000)
      throw usage(
        `--buffer-interval needs a duration up to 900s (e.g. 5s, 500ms), not ${JSON.stringify(interval)}`,
      );
  }
  if (text('bucket') !== undefined && text('s3Endpoint') === undefined)
    throw usage('--bucket needs --s3-endpoint');
  if (text('s3Endpoint') !== undefined && text('out') !== undefined)
    throw usage('--out and --s3-endpoint are exclusive');
  return {
    help: options.help === true,
    port,
    bufferIntervalMs,
    json: options.json === true,
    logs: options.logs === true,
    firehose: {
      templatePath: text('template'),
      parameterOverrides: machinery.parseParameterOverrides(
        options.parameterOverrides,
      ),
      region: text('region'),
      out: text('out') ?? 'out',
      s3Endpoint: text('s3Endpoint'),
      bucket: text('bucket'),
      activePartitionLimit: options.activePartitionLimit as number | undefined,
    },
  };
}

/**
 * Run serve mode with `argv` (the `npm start` arguments, `--serve`
 * included or not); resolves with the exit status once stopped.
 *
 * @example
 *   process.exitCode = await runServe(['--port', '4573', '--buffer-interval', '5s']);
 */
export async function runServe(
  argv: readonly string[],
  io: ServeIo = processIo(),
): Promise<number> {
  let plan: ServePlan;
  try {
    plan = planServe(argv);
  } catch (error) {
    if (error instanceof machinery.UsageError) {
      io.stderr(`error: ${error.message}\n\n${SERVE_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (plan.help) {
    io.stdout(`${SERVE_USAGE}\n`);
    return 0;
  }

  let failure: unknown;
  let wake: () => void = () => {};
  let stopListening: () => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    wake = () => resolve('error');
    stopListening = io.onSignal((signal) => {
      stopListening();
      resolve(signal);
    });
  });
  const fail = (error: unknown) => {
    failure ??= error;
    wake();
  };

  let served: ServedStreams;
  const driverRef: { poke(): void } = { poke: () => {} };
  try {
    served = await createServedStreams({
      ...plan.firehose,
      bufferIntervalMs: plan.bufferIntervalMs,
      echoLogs: plan.logs ? (text) => io.stderr(text) : undefined,
      onPut: () => driverRef.poke(),
    });
  } catch (error) {
    stopListening();
    if (error instanceof TemplateError || error instanceof OutputFolderError) {
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const driver = createRealClockDriver({
    streams: served.streams,
    onError: fail,
  });
  driverRef.poke = driver.poke;
  const producers = createFirehoseApi({
    backend: served.backend,
    accountId: LOCAL_ACCOUNT_ID,
  });
  const functions = createFirehoseApi({
    backend: served.backend,
    accountId: LOCAL_ACCOUNT_ID,
  });
  let server: ApiServer;
  try {
    server = await startApiServer({ api: producers, port: plan.port });
  } catch (error) {
    io.stderr(
      `error: cannot listen on 127.0.0.1:${plan.port}: ${(error as Error).message}\n`,
    );
    stopListening();
    await served.close({});
    return 1;
  }
  const loopback = await startApiServer({ api: functions, port: 0 });
  served.setFunctionEndpoint(loopback.endpoint);
  io.stdout(banner(served, server.endpoint, plan.bufferIntervalMs));

  const reason = await stopped;
  if (reason !== 'error') io.stderr(`${reason}: flushing what is buffered…\n`);
  producers.stopAccepting();
  const ignore = io.onSignal((signal) => {
    if (signal.startsWith('SIG'))
      io.stderr(`${signal} ignored: still flushing what is buffered\n`);
  });
  await server.close();
  try {
    await driver.drain();
  } catch (error) {
    fail(error);
  }
  const report = served.report(sumCalls(producers.calls, functions.calls));
  await loopback.close();
  await served.close(report);
  ignore();
  if (failure !== undefined) {
    io.stderr(
      `local Firehose failed: ${(failure as Error).stack ?? String(failure)}\n`,
    );
    return 1;
  }
  io.stdout(
    plan.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : `${summary(report, producers.calls)}\n`,
  );
  return 0;
}

function banner(
  served: ServedStreams,
  endpoint: string,
  intervalMs: number | undefined,
): string {
  const lines = [`listening on ${endpoint}`, 'streams:'];
  for (const config of served.configs) {
    const buffering = `buffer ${config.buffering.sizeBytes / 1024 / 1024} MiB / ${config.buffering.intervalMs / 1000} s`;
    const processor =
      config.processor === undefined
        ? ''
        : `, ${config.processor.functionLogicalId} every ${config.processor.bufferSizeBytes / 1024 / 1024} MiB / ${config.processor.intervalMs / 1000} s`;
    lines.push(
      `  ${config.name}  (${config.logicalId}; ${buffering}${processor})`,
    );
  }
  for (const warning of served.warnings) lines.push(`warning: ${warning}`);
  lines.push(
    `output: ${served.output}${intervalMs === undefined ? '' : `; --buffer-interval ${intervalMs / 1000} s`}`,
    'Ctrl-C (SIGINT) or SIGTERM flushes everything buffered and exits.',
  );
  return `${lines.join('\n')}\n`;
}

function summary(
  report: ReturnType<typeof machinery.buildReport>,
  calls: ApiCalls,
): string {
  const text = machinery.formatSummary(report, { input: '', stream: '' });
  const rest = text.split('\n').slice(1).join('\n');
  return `Local Firehose (serve mode): ${calls.records} records from producers in ${calls.PutRecord} PutRecord and ${calls.PutRecordBatch} PutRecordBatch calls (${calls.refused} refused)\n${rest}`;
}

function sumCalls(a: ApiCalls, b: ApiCalls): ApiCalls {
  return {
    PutRecord: a.PutRecord + b.PutRecord,
    PutRecordBatch: a.PutRecordBatch + b.PutRecordBatch,
    records: a.records + b.records,
    refused: a.refused + b.refused,
  };
}

function processIo(): ServeIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    onSignal(onSignal) {
      const handler = (signal: NodeJS.Signals) => onSignal(signal);
      for (const signal of STOP_SIGNALS) process.on(signal, handler);
      // `npm start` runs us under `sh -c`: a SIGTERM sent to npm alone
      // stops npm and the shell, not us. Losing the parent counts as one.
      const parent = process.ppid;
      const watch = setInterval(() => {
        if (process.ppid === parent) return;
        clearInterval(watch);
        onSignal('parent process gone');
      }, PARENT_CHECK_MS);
      watch.unref();
      return () => {
        for (const signal of STOP_SIGNALS) process.off(signal, handler);
        clearInterval(watch);
      };
    },
  };
}
