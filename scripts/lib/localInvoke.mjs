// What `npm run invoke`, `npm start` and the integration tests share: find a
// function in template.yaml, work out its environment as `sam local invoke`
// would, make sure its bundle is built and fresh, and run it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildFunctions,
  distRoot,
  handlerBundlePath,
  isStale,
} from './build.mjs';
import { createLambdaRunner, invokeBundle } from './lambdaRunner.mjs';
import {
  applyEnvVars,
  defaultTemplatePath,
  describeFunction,
  readTemplate,
  resolveParameters,
  TemplateError,
} from './template.mjs';

/** Read a SAM `--env-vars` JSON file. */
export function readEnvVarsFile(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TemplateError(`cannot read --env-vars ${path}: ${error.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TemplateError(
      `--env-vars ${path} is not valid JSON: ${error.message}`,
    );
  }
}

/**
 * Everything needed to invoke one function locally. Environment
 * precedence, lowest first: template (parameter defaults, then
 * `parameterOverrides`), `envVars.Parameters`, `envVars[logicalId]`.
 *
 * @param {object} options
 * @param {string} options.logicalId e.g. TransformFunction
 * @param {object} [options.envVars] a parsed --env-vars document
 * @param {Record<string,string>} [options.parameterOverrides]
 * @param {string} [options.region]
 * @param {string} [options.templatePath]
 */
export function prepareFunction({
  logicalId,
  envVars,
  parameterOverrides = {},
  region,
  templatePath = defaultTemplatePath,
}) {
  const template = readTemplate(templatePath);
  const parameters = resolveParameters(template, parameterOverrides);
  const fn = {
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
export async function ensureBuilt(prepared) {
  if (!isStale(prepared.fn)) return false;
  await buildFunctions({ only: [prepared.fn.logicalId] });
  return true;
}

/** The options createLambdaRunner / invokeBundle need for a prepared function. */
export function runnerOptions(prepared, extra = {}) {
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
}) {
  const prepared = prepareFunction(options);
  await ensureBuilt(prepared);
  return invokeBundle(runnerOptions(prepared, { event, logSink, callerEnv }));
}

/**
 * A warm local instance of a template function (for a local Firehose that
 * invokes it many times). Call `close()` when done.
 */
export async function startFunction({ logSink, callerEnv, ...options }) {
  const prepared = prepareFunction(options);
  await ensureBuilt(prepared);
  return createLambdaRunner(runnerOptions(prepared, { logSink, callerEnv }));
}
