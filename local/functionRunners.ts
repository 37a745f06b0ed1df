// Warm local Lambda instances of the template's processor functions, one
// per function, started on first use: esbuild functions from their built
// bundle (built when stale, as `npm run invoke` does), others straight
// from CodeUri. Their AWS SDK is pointed at the local Firehose endpoint
// with fake credentials; nothing of the caller's AWS setup leaks in.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FirehoseEvent } from '#shared/firehose/types.js';
import {
  applyEnvVars,
  describeFunction,
  type Template,
  TemplateError,
} from '../scripts/lib/template.ts';
import type { LogCollector } from './functionLogs.ts';
import {
  createLambdaRunner,
  type LambdaRunner,
  type RunnerOptions,
} from './lambda/lambdaRunner.ts';
import {
  ensureBuilt,
  prepareFunction,
  runnerOptions,
} from './lambda/localInvoke.ts';

/** Options of createFunctionRunners. */
export interface FunctionRunnersOptions {
  template: Template;
  templatePath: string;
  /** Resolved parameters. */
  parameters: Record<string, string>;
  /** As given. */
  parameterOverrides: Record<string, string>;
  /** A parsed --env-vars document (SAM format), applied as `npm run invoke` does. */
  envVars?: unknown;
  region: string;
  /** The local Firehose endpoint. */
  firehoseEndpoint: string;
  logs: Pick<LogCollector, 'sinkFor'>;
}

/** The template's functions as warm local instances. */
export interface FunctionRunners {
  invoke(logicalId: string, event: FirehoseEvent): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * @param options
 * @param options.template parsed template
 * @param options.templatePath
 * @param options.parameters resolved parameters
 * @param options.parameterOverrides as given
 * @param options.region
 * @param options.firehoseEndpoint the local Firehose endpoint
 * @param options.logs
 * @example
 *   const runners = createFunctionRunners({ template, templatePath, parameters, parameterOverrides, region, firehoseEndpoint, logs });
 *   await runners.invoke('EventTimePartitionFunction', event);
 */
export function createFunctionRunners(
  options: FunctionRunnersOptions,
): FunctionRunners {
  const runners = new Map<string, Promise<LambdaRunner>>();

  async function start(logicalId: string): Promise<LambdaRunner> {
    const base = await baseOptions(logicalId);
    return createLambdaRunner({
      ...base,
      env: {
        ...base.env,
        AWS_ENDPOINT_URL_FIREHOSE: options.firehoseEndpoint,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_REGION: options.region,
      },
      region: options.region,
      callerEnv: pick(process.env, ['PATH', 'HOME', 'LANG']),
      logSink: options.logs.sinkFor(logicalId),
    });
  }

  async function baseOptions(logicalId: string): Promise<RunnerOptions> {
    const fn = describeFunction(options.template, logicalId, {
      parameters: options.parameters,
      region: options.region,
    });
    if (fn.buildMethod === 'esbuild') {
      const prepared = prepareFunction({
        logicalId,
        envVars: options.envVars,
        parameterOverrides: options.parameterOverrides,
        region: options.region,
        templatePath: options.templatePath,
      });
      await ensureBuilt(prepared);
      return runnerOptions(prepared);
    }
    // A function without a build step: its handler file is in CodeUri.
    const bundlePath = ['.mjs', '.js', '.cjs']
      .map((ext) => join(fn.codeUri, `${fn.handlerFile}${ext}`))
      .find((path) => existsSync(path));
    if (bundlePath === undefined) {
      throw new TemplateError(
        `${logicalId}: no ${fn.handlerFile}.mjs/.js in ${fn.codeUri} (and no BuildMethod: esbuild)`,
      );
    }
    return {
      bundlePath,
      taskRoot: fn.codeUri,
      isolate: false,
      handlerName: fn.handlerName,
      functionName: fn.functionName,
      env:
        options.envVars === undefined
          ? fn.environment
          : applyEnvVars(fn.environment, options.envVars, logicalId)
              .environment,
      timeoutMs: fn.timeoutSeconds * 1000,
      memoryMb: fn.memoryMb,
    };
  }

  return {
    async invoke(logicalId, event) {
      let runner = runners.get(logicalId);
      if (runner === undefined) {
        runner = start(logicalId);
        runners.set(logicalId, runner);
      }
      return (await runner).invoke(event);
    },
    async close() {
      const started = await Promise.allSettled(runners.values());
      await Promise.all(
        started
          .filter((outcome) => outcome.status === 'fulfilled')
          .map((outcome) => outcome.value.close()),
      );
    },
  };
}

function pick(
  env: Record<string, string | undefined>,
  names: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
