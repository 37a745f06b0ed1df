// The first invocation of a fresh process: import the bundle, answer a
// small batch, then the same batch again (warm). With `trace`, a module
// resolve hook records every URL the process resolves (to prove that the
// SDK chunk is not loaded); traced runs are not the timed ones.
// Spec (argv[2], JSON): { bundlePath, handlerName, eventPath, trace }.
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { FirehoseEvent } from '../../shared/firehose/types.ts';
import {
  type Handler,
  lambdaContext,
  runMeasurement,
  type Tally,
  tallyAnswers,
} from './invocation.ts';

export interface FirstInvokeSpec {
  bundlePath: string;
  handlerName: string;
  eventPath: string;
  trace?: boolean;
}

export interface FirstInvocation {
  importMs: number;
  firstCallMs: number;
  secondCallMs: number;
  processStartToFirstAnswerMs: number;
  tally: Tally;
  resolved: string[];
}

runMeasurement(async (spec: FirstInvokeSpec): Promise<FirstInvocation> => {
  const resolved: string[] = [];
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
  const first = JSON.parse(text) as FirehoseEvent;
  const second = JSON.parse(text) as FirehoseEvent;

  const started = performance.now();
  const module = (await import(pathToFileURL(spec.bundlePath).href)) as Record<
    string,
    Handler
  >;
  const handler = module[spec.handlerName] as Handler;
  const imported = performance.now();
  const response = await handler(first, lambdaContext());
  const answered = performance.now();
  await handler(second, lambdaContext());
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
