#!/usr/bin/env node
// `npm run invoke -- <LogicalId> <event.json> …`: `sam local invoke` without
// Docker. Runs the function's built bundle (building it first when missing
// or stale) in a child process with its template configuration. Only the
// response goes to stdout; the function's logs go to stderr.
import { readFileSync } from 'node:fs';
import { BuildError } from '../scripts/lib/build.ts';
import {
  messageOf,
  readTemplate,
  resolveParameters,
  TemplateError,
} from '../scripts/lib/template.ts';
import { parseParameterOverrides, UsageError } from './cliArgs.ts';
import { decodeResponse } from './lambda/decodeResponse.ts';
import { invokeBundle, LambdaInvokeError } from './lambda/lambdaRunner.ts';
import {
  ensureBuilt,
  type PreparedFunction,
  prepareFunction,
  readEnvVarsFile,
  runnerOptions,
} from './lambda/localInvoke.ts';
import { type LocalFirehose, startLocalFirehose } from './localFirehose.ts';
import { OutputFolderError } from './objectSinks.ts';
import { formatOutputTree } from './outputTree.ts';
import { readDeliveryStreams, type StreamConfig } from './streamConfig.ts';

const USAGE = `Usage: npm run invoke -- <LogicalId> <event.json | -> [options]

Invoke a function of template.yaml locally, like \`sam local invoke\`
(no Docker): built bundle, template Handler/Timeout/MemorySize/Environment.

Options:
  --env-vars <file>             SAM format: {"Parameters": {...}, "<LogicalId>": {...}};
                                only variables declared in the template are set
  --parameter-overrides K=V ... template parameters (also ParameterKey=K,ParameterValue=V)
  --decode                      print the response with each record's data decoded
  --template <file>             default: template.yaml
  --region <region>             default: AWS_REGION, else us-east-1
  --out <dir>                   where records the function sends to a template
                                stream are written when no Firehose endpoint is
                                configured (default ./out, as npm start)
  -h, --help                    this text

Example:
  npm run invoke -- TransformFunction events/transform.json --env-vars events/env.json --decode

A function that sends records to one of the template's delivery streams
(late records to FALLBACK_STREAM_NAME, re-ingestion into the event's
stream) reaches a local Firehose of the template, as under npm start,
unless AWS_ENDPOINT_URL_FIREHOSE or AWS_ENDPOINT_URL is set; where the
records went is printed on stderr.

Exit status: 0 the handler returned; 1 it threw, timed out or could not be
built; 2 usage error.`;

interface InvokeArgs {
  help?: boolean;
  decode: boolean;
  overrides: string[];
  envVars?: string;
  template?: string;
  region?: string;
  out?: string;
  logicalId: string;
  eventPath: string;
}

function parseArgs(argv: readonly string[]): InvokeArgs {
  const positional: string[] = [];
  const options: Omit<InvokeArgs, 'logicalId' | 'eventPath'> = {
    decode: false,
    overrides: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '-h' || arg === '--help') options.help = true;
    else if (arg === '--decode') options.decode = true;
    else if (arg === '--env-vars' || arg === '-n') options.envVars = value();
    else if (arg === '--template' || arg === '-t') options.template = value();
    else if (arg === '--region') options.region = value();
    else if (arg === '--out') options.out = value();
    else if (arg === '--parameter-overrides') {
      options.overrides.push(value());
      for (;;) {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) break;
        options.overrides.push(next);
        i++;
      }
    } else if (arg.startsWith('-') && arg !== '-')
      throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (options.help) return { ...options, logicalId: '', eventPath: '' };
  const [logicalId, eventPath] = positional;
  if (
    positional.length !== 2 ||
    logicalId === undefined ||
    eventPath === undefined
  )
    throw new UsageError('expected a function logical id and an event file');
  return { ...options, logicalId, eventPath };
}

function readEvent(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read event ${path}: ${messageOf(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(
      `event ${path} is not valid JSON: ${messageOf(error)}`,
    );
  }
}

/**
 * The template streams the function may send records to: the one its
 * FALLBACK_STREAM_NAME names, and the event's own stream (re-ingestion).
 * Empty when a Firehose endpoint is configured (the user's choice wins).
 */
function localTargets(
  streams: readonly StreamConfig[],
  prepared: PreparedFunction,
  event: unknown,
): string[] {
  const names = new Set<string>();
  for (const config of streams)
    for (const key of [config.name, config.logicalId, config.arn])
      names.add(key);
  const given = (event as { deliveryStreamArn?: unknown } | null)
    ?.deliveryStreamArn;
  const arn = typeof given === 'string' ? given : undefined;
  const eventStream = arn?.slice(arn.lastIndexOf('/') + 1);
  return [prepared.environment.FALLBACK_STREAM_NAME, eventStream, arn]
    .filter((name): name is string => name !== undefined && names.has(name))
    .filter((name, index, all) => all.indexOf(name) === index);
}

/**
 * The template's streams as the local Firehose would run them; none when
 * it cannot run them (the function itself is still invoked).
 */
function templateStreams(
  templatePath: string | undefined,
  overrides: Record<string, string>,
  prepared: PreparedFunction,
): StreamConfig[] {
  try {
    const template = readTemplate(templatePath);
    return readDeliveryStreams(template, {
      parameters: resolveParameters(template, overrides),
      region: prepared.fn.region,
    }).streams;
  } catch (error) {
    if (error instanceof TemplateError) return [];
    throw error;
  }
}

function endpointConfigured(env: NodeJS.ProcessEnv): boolean {
  return (
    (env.AWS_ENDPOINT_URL_FIREHOSE ?? '') !== '' ||
    (env.AWS_ENDPOINT_URL ?? '') !== ''
  );
}

/** Where the records the function sent to the local Firehose went. */
function describeRouted(firehose: LocalFirehose): string[] {
  const report = firehose.report();
  const lines: string[] = [];
  for (const stream of report.streams) {
    if (stream.recordsIn === 0) continue;
    lines.push(
      `routed: ${stream.recordsIn} record${stream.recordsIn === 1 ? '' : 's'} sent to ${stream.logicalId} (${stream.name}) by the local Firehose, written to ${report.outputLabel}:`,
    );
    lines.push(formatOutputTree(stream.keys, report.outputLabel));
  }
  return lines;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: InvokeArgs;
  let prepared: PreparedFunction;
  let event: unknown;
  try {
    options = parseArgs(argv);
    if (options.help) {
      console.log(USAGE);
      return 0;
    }
    prepared = prepareFunction({
      logicalId: options.logicalId,
      envVars:
        options.envVars === undefined
          ? undefined
          : readEnvVarsFile(options.envVars),
      parameterOverrides: parseParameterOverrides(options.overrides),
      region: options.region,
      templatePath: options.template,
    });
    event = readEvent(options.eventPath);
  } catch (error) {
    if (error instanceof UsageError || error instanceof TemplateError) {
      console.error(`error: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (prepared.ignoredEnvVars.length > 0) {
    console.error(
      `note: --env-vars sets ${prepared.ignoredEnvVars.join(', ')}, not declared in ${options.logicalId}'s Environment: ignored, as sam local invoke does`,
    );
  }
  let firehose: LocalFirehose | undefined;
  try {
    if (await ensureBuilt(prepared))
      console.error(`built ${prepared.fn.logicalId}`);
    const extraEnv: Record<string, string> = {};
    const overrides = parseParameterOverrides(options.overrides);
    const targets = endpointConfigured(process.env)
      ? []
      : localTargets(
          templateStreams(prepared.fn.templatePath, overrides, prepared),
          prepared,
          event,
        );
    if (targets.length > 0) {
      firehose = await startLocalFirehose({
        templatePath: prepared.fn.templatePath,
        parameterOverrides: overrides,
        region: prepared.fn.region,
        out: options.out ?? 'out',
      });
      console.error(
        `note: no Firehose endpoint configured: ${targets.join(', ')} served by a local Firehose at ${firehose.endpoint} (set AWS_ENDPOINT_URL_FIREHOSE to use another)`,
      );
      Object.assign(extraEnv, {
        AWS_ENDPOINT_URL_FIREHOSE: firehose.endpoint,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      });
    }
    const base = runnerOptions(prepared);
    const response = await invokeBundle({
      ...base,
      env: { ...base.env, ...extraEnv },
      event,
    });
    process.stdout.write(
      options.decode
        ? `${JSON.stringify(decodeResponse(response), null, 2)}\n`
        : `${JSON.stringify(response)}\n`,
    );
    if (firehose !== undefined) {
      await firehose.drain();
      for (const line of describeRouted(firehose)) console.error(line);
    }
    return 0;
  } catch (error) {
    if (error instanceof LambdaInvokeError) {
      console.error(
        `${options.logicalId} ${error.phase === 'init' ? 'failed at init' : 'failed'}: ${error.name}: ${error.message}`,
      );
      return 1;
    }
    if (error instanceof OutputFolderError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    if (error instanceof BuildError || error instanceof TemplateError) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    if (firehose !== undefined) {
      const report = firehose.report();
      await firehose.close(report);
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
