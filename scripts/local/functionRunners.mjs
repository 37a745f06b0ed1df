// Warm local Lambda instances of the template's processor functions, one
// per function, started on first use: esbuild functions from their built
// bundle (built when stale, as `npm run invoke` does), others straight
// from CodeUri. Their AWS SDK is pointed at the local Firehose endpoint
// with fake credentials; nothing of the caller's AWS setup leaks in.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLambdaRunner } from '../lib/lambdaRunner.mjs';
import {
  ensureBuilt,
  prepareFunction,
  runnerOptions,
} from '../lib/localInvoke.mjs';
import { describeFunction, TemplateError } from '../lib/template.mjs';

/**
 * @param {object} options
 * @param {object} options.template parsed template
 * @param {string} options.templatePath
 * @param {Record<string,string>} options.parameters resolved parameters
 * @param {Record<string,string>} options.parameterOverrides as given
 * @param {string} options.region
 * @param {string} options.firehoseEndpoint the local Firehose endpoint
 * @param {{ sinkFor(id: string): (chunk: Buffer) => void }} options.logs
 * @example
 *   const runners = createFunctionRunners({ template, templatePath, parameters, parameterOverrides, region, firehoseEndpoint, logs });
 *   await runners.invoke('EventTimePartitionFunction', event);
 */
export function createFunctionRunners(options) {
  const runners = new Map();

  async function start(logicalId) {
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

  async function baseOptions(logicalId) {
    const fn = describeFunction(options.template, logicalId, {
      parameters: options.parameters,
      region: options.region,
    });
    if (fn.buildMethod === 'esbuild') {
      const prepared = prepareFunction({
        logicalId,
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
      env: fn.environment,
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

function pick(env, names) {
  const out = {};
  for (const name of names) if (env[name] !== undefined) out[name] = env[name];
  return out;
}
