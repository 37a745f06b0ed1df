// The first invocation of a fresh process: import the bundle, answer a
// small batch, then the same batch again (warm). With `trace`, a module
// resolve hook records every URL the process resolves (to prove that the
// SDK chunk is not loaded); traced runs are not the timed ones.
// Spec (argv[2], JSON): { bundlePath, handlerName, eventPath, trace }.
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import { lambdaContext, runMeasurement, tallyAnswers } from './invocation.mjs';

runMeasurement(async (spec) => {
  const resolved = [];
  if (spec.trace) {
    registerHooks({
      resolve(specifier, context, nextResolve) {
        const result = nextResolve(specifier, context);
        resolved.push(result.url);
        return result;
      },
    });
  }
  const text = readFileSync(spec.eventPath, 'utf8');
  const first = JSON.parse(text);
  const second = JSON.parse(text);

  const started = performance.now();
  const module = await import(pathToFileURL(spec.bundlePath).href);
  const imported = performance.now();
  const response = await module[spec.handlerName](first, lambdaContext());
  const answered = performance.now();
  await module[spec.handlerName](second, lambdaContext());
  const warm = performance.now();

  return {
    importMs: imported - started,
    firstCallMs: answered - imported,
    secondCallMs: warm - answered,
    // performance.now() counts from the start of the process.
    processStartToFirstAnswerMs: answered,
    tally: tallyAnswers(first, response),
    resolved,
  };
});
