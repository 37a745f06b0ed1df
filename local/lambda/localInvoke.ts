// What `npm run invoke`, `npm start` and the integration tests share: find a
// function in template.yaml, work out its environment as `sam local invoke`
// would, make sure its bundle is built and fresh, and run it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BuildableFunction,
  buildFunctions,
  distRoot,
  handlerBundlePath,
  isStale,
} from '../../scripts/lib/build.ts';
import {
  applyEnvVars,
  defaultTemplatePath,
  describeFunction,
  messageOf,
  readTemplate,
  resolveParameters,
  TemplateError,
} from '../../scripts/lib/template.ts';
import {
  createLambdaRunner,
  invokeBundle,
  type LambdaRunner,
  type RunnerOptions,
} from './lambdaRunner.ts';

/** Which function to run, and how to configure it. */
export interface FunctionOptions {
  logicalId: string;
  /** A parsed --env-vars document. */
  envVars?: unknown;
  parameterOverrides?: Record<string, string> | undefined;
  region?: string | undefined;
  templatePath?: string | undefined;
}

/** A function ready to run: its description, environment and bundle. */
export interface PreparedFunction {
  fn: BuildableFunction;
  environment: Record<string, string>;
  ignoredEnvVars: string[];
  bundlePath: string;
}

/** Where a run's logs go, and whose environment it inherits. */
export interface RunIo {
  logSink?: ((chunk: Buffer) => void) | undefined;
  callerEnv?: Record<string, string | undefined> | undefined;
}

/** Read a SAM `--env-vars` JSON file. */
export function readEnvVarsFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TemplateError(
      `cannot read --env-vars ${path}: ${messageOf(error)}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TemplateError(
      `--env-vars ${path} is not valid JSON: ${messageOf(error)}`,
    );
  }
}

/**
 * Everything needed to invoke one function locally. Environment
 * precedence, lowest first: template (parameter defaults, then
 * `parameterOverrides`), `envVars.Parameters`, `envVars[logicalId]`.
 *
 * @param options
 * @param options.logicalId e.g. TransformFunction
 * @param [options.envVars] a parsed --env-vars document
 * @param [options.parameterOverrides]
 * @param [options.region]
 * @param [options.templatePath]
 */
export function prepareFunction({
  logicalId,
  envVars,
  parameterOverrides = {},
  region,
  templatePath = defaultTemplatePath,
}: FunctionOptions): PreparedFunction {
  const template = readTemplate(templatePath);
  const parameters = resolveParameters(template, parameterOverrides);
  const fn: BuildableFunction = {
    ...describeFunction(template, logicalId, { parameters, region }),
    templatePath,
  };
  if (fn.buildMethod !== 'esbuild') {
    throw new TemplateError(
      `${logicalId} has no Metadata BuildMethod: esbuild; only esbuild functions can be run locally`,
    );
  }
  const { environment, ignored } =
    envVars === undefined
      ? { environment: fn.environment, ignored: [] }
      : applyEnvVars(fn.environment, envVars, logicalId);
  return {
    fn,
    environment,
    ignoredEnvVars: ignored,
    bundlePath: handlerBundlePath(fn),
  };
}

/** Build the function when its bundle is missing or older than its sources. */
export async function ensureBuilt(
  prepared: PreparedFunction,
): Promise<boolean> {
  if (!isStale(prepared.fn)) return false;
  await buildFunctions({
    only: [prepared.fn.logicalId],
    templatePath: prepared.fn.templatePath,
  });
  return true;
}

/** The options createLambdaRunner / invokeBundle need for a prepared function. */
export function runnerOptions(
  prepared: PreparedFunction,
  extra: Partial<RunnerOptions> = {},
): RunnerOptions {
  return {
    bundlePath: prepared.bundlePath,
    taskRoot: join(distRoot, prepared.fn.logicalId),
    handlerName: prepared.fn.handlerName,
    functionName: prepared.fn.functionName,
    env: prepared.environment,
    timeoutMs: prepared.fn.timeoutSeconds * 1000,
    memoryMb: prepared.fn.memoryMb,
    region: prepared.fn.region,
    ...extra,
  };
}

/**
 * Build if needed and invoke a template function once with an event.
 *
 * @example
 *   const response = await invokeFunction({ logicalId: 'TransformFunction', event, envVars });
 */
export async function invokeFunction({
  event,
  logSink,
  callerEnv,
  ...options
}: FunctionOptions & RunIo & { event: unknown }): Promise<unknown> {
  const prepared = prepareFunction(options);
  await ensureBuilt(prepared);
  return invokeBundle({
    ...runnerOptions(prepared, { logSink, callerEnv }),
    event,
  });
}

/**
 * A warm local instance of a template function (for a local Firehose that
 * invokes it many times). Call `close()` when done.
 */
export async function startFunction({
  logSink,
  callerEnv,
  ...options
}: FunctionOptions & RunIo): Promise<LambdaRunner> {
  const prepared = prepareFunction(options);
  await ensureBuilt(prepared);
  return createLambdaRunner(runnerOptions(prepared, { logSink, callerEnv }));
}
