// What every measuring process shares: load a handler (a built bundle or a
// baseline), give it a Lambda-like context, check its answers, report back
// to the parent over IPC (stdout is /dev/null: the handlers log there).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type {
  FirehoseEvent,
  FirehoseResponse,
} from '../../shared/firehose/types.ts';
import type { BaselineName } from './baseline.ts';
import type { ChildMessage } from './children.ts';

/** A handler as the measuring processes call it (a bundle's or a baseline). */
export type Handler = (
  event: FirehoseEvent,
  context: Context,
) => FirehoseResponse | Promise<FirehoseResponse>;

/** Which handler a measuring process loads. */
export type HandlerSpec =
  | { bundlePath: string; handlerName: string; baseline?: undefined }
  | { baseline: BaselineName };

/** The handler named by a spec: `{ bundlePath, handlerName }` or `{ baseline }`. */
export async function loadHandler(spec: HandlerSpec): Promise<Handler> {
  if (spec.baseline !== undefined) {
    const { baselines } = await import('./baseline.ts');
    return baselines[spec.baseline];
  }
  const module = (await import(pathToFileURL(spec.bundlePath).href)) as Record<
    string,
    unknown
  >;
  const handler = module[spec.handlerName];
  if (typeof handler !== 'function') {
    throw new Error(`${spec.bundlePath} does not export ${spec.handlerName}`);
  }
  return handler as Handler;
}

/** A Lambda context whose deadline is `timeoutMs` from now. */
export function lambdaContext(timeoutMs = 60_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'bench',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '512',
    awsRequestId: 'bench-request',
    logGroupName: '/aws/lambda/bench',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
}

/** Answers by result, and how many Ok answers pass the input through. */
export interface Tally {
  valid: boolean;
  results: Record<string, number>;
  passthrough: number;
}

/**
 * Count the answers by result, and how many `Ok`
 * answers pass the input data through unchanged.
 */
export function tallyAnswers(
  event: FirehoseEvent,
  response: FirehoseResponse | undefined,
): Tally {
  const answers: unknown = response?.records;
  if (!Array.isArray(answers) || answers.length !== event.records.length) {
    return { valid: false, results: {}, passthrough: 0 };
  }
  const results: Record<string, number> = {};
  let passthrough = 0;
  for (let i = 0; i < answers.length; i++) {
    const answer = answers[i] as { result: string; data?: string };
    results[answer.result] = (results[answer.result] ?? 0) + 1;
    if (answer.result === 'Ok' && answer.data === event.records[i]?.data) {
      passthrough++;
    }
  }
  return { valid: true, results, passthrough };
}

/** Peak resident set size in bytes (VmHWM), or maxRSS when /proc is absent. */
export function peakRssBytes(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Run a measuring process's main function: its result (or error) goes to
 * the parent, then the process exits (open sockets would keep it alive).
 */
export async function runMeasurement<S, T>(
  main: (spec: S) => Promise<T>,
): Promise<void> {
  let message: ChildMessage<T>;
  try {
    const spec = JSON.parse(process.argv[2] ?? '{}') as S;
    message = { ok: true, result: await main(spec) };
  } catch (error) {
    message = {
      ok: false,
      error:
        error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  if (process.send === undefined) {
    console.log(JSON.stringify(message));
    process.exit(message.ok ? 0 : 1);
  }
  process.send(message, () => process.exit(0));
}
