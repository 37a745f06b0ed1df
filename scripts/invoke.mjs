#!/usr/bin/env node
// `npm run invoke -- <LogicalId> <event.json> …`: `sam local invoke` without
// Docker. Runs the function's built bundle (building it first when missing
// or stale) in a child process with its template configuration. Only the
// response goes to stdout; the function's logs go to stderr.
import { readFileSync } from 'node:fs';
import { BuildError } from './lib/build.mjs';
import { decodeResponse } from './lib/decodeResponse.mjs';
import { invokeBundle, LambdaInvokeError } from './lib/lambdaRunner.mjs';
import {
  ensureBuilt,
  prepareFunction,
  readEnvVarsFile,
  runnerOptions,
} from './lib/localInvoke.mjs';
import { TemplateError } from './lib/template.mjs';
import { parseParameterOverrides, UsageError } from './local/cliArgs.mjs';

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
  -h, --help                    this text

Example:
  npm run invoke -- TransformFunction events/transform.json --env-vars events/env.json --decode

Exit status: 0 the handler returned; 1 it threw, timed out or could not be
built; 2 usage error.`;

function parseArgs(argv) {
  const positional = [];
  const options = { decode: false, overrides: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
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
    else if (arg === '--parameter-overrides') {
      options.overrides.push(value());
      while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--'))
        options.overrides.push(argv[++i]);
    } else if (arg.startsWith('-') && arg !== '-')
      throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (options.help) return options;
  if (positional.length !== 2)
    throw new UsageError('expected a function logical id and an event file');
  [options.logicalId, options.eventPath] = positional;
  return options;
}

function readEvent(path) {
  let text;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read event ${path}: ${error.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`event ${path} is not valid JSON: ${error.message}`);
  }
}

async function main(argv) {
  let options;
  let prepared;
  let event;
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
  try {
    if (await ensureBuilt(prepared))
      console.error(`built ${prepared.fn.logicalId}`);
    const response = await invokeBundle(runnerOptions(prepared, { event }));
    process.stdout.write(
      options.decode
        ? `${JSON.stringify(decodeResponse(response), null, 2)}\n`
        : `${JSON.stringify(response)}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof LambdaInvokeError) {
      console.error(
        `${options.logicalId} ${error.phase === 'init' ? 'failed at init' : 'failed'}: ${error.name}: ${error.message}`,
      );
      return 1;
    }
    if (error instanceof BuildError || error instanceof TemplateError) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
