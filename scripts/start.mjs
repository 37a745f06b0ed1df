#!/usr/bin/env node
import { readFileSync } from 'node:fs';
// `npm start`: run the sample event events/transform.json through
// TransformFunction (built bundle, template configuration, events/env.json),
// then print the response with each record's data decoded and a count.
// The function's own logs go to stderr.
import { relative, resolve } from 'node:path';
import { decodeResponse, summarizeResponse } from './lib/decodeResponse.mjs';
import { invokeFunction, readEnvVarsFile } from './lib/localInvoke.mjs';
import { projectRoot } from './lib/template.mjs';

const FUNCTION = 'TransformFunction';
const eventPath = resolve(projectRoot, 'events/transform.json');
const envVarsPath = resolve(projectRoot, 'events/env.json');

try {
  const event = JSON.parse(readFileSync(eventPath, 'utf8'));
  console.error(
    `invoking ${FUNCTION} with ${relative(projectRoot, eventPath)} and ${relative(projectRoot, envVarsPath)}`,
  );
  const response = await invokeFunction({
    logicalId: FUNCTION,
    event,
    envVars: readEnvVarsFile(envVarsPath),
  });
  console.log(JSON.stringify(decodeResponse(response), null, 2));
  console.log(summarizeResponse(response));
} catch (error) {
  console.error(`${FUNCTION} failed: ${error.name}: ${error.message}`);
  process.exitCode = 1;
}
