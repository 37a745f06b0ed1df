// What every measuring process shares: load a handler (a built bundle or a
// baseline), give it a Lambda-like context, check its answers, report back
// to the parent over IPC (stdout is /dev/null: the handlers log there).
import { pathToFileURL } from 'node:url';

/** The handler named by a spec: `{ bundlePath, handlerName }` or `{ baseline }`. */
export async function loadHandler(spec) {
  if (spec.baseline !== undefined) {
    const { baselines } = await import('./baseline.mjs');
    return baselines[spec.baseline];
  }
  const module = await import(pathToFileURL(spec.bundlePath).href);
  const handler = module[spec.handlerName];
  if (typeof handler !== 'function') {
    throw new Error(`${spec.bundlePath} does not export ${spec.handlerName}`);
  }
  return handler;
}

/** A Lambda context whose deadline is `timeoutMs` from now. */
export function lambdaContext(timeoutMs = 60_000) {
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

/**
 * Count the answers by result, and how many `Ok`
 * answers pass the input data through unchanged.
 */
export function tallyAnswers(event, response) {
  const answers = response?.records;
  if (!Array.isArray(answers) || answers.length !== event.records.length) {
    return { valid: false, results: {}, passthrough: 0 };
  }
  const results = {};
  let passthrough = 0;
  for (let i = 0; i < answers.length; i++) {
    const answer = answers[i];
    results[answer.result] = (results[answer.result] ?? 0) + 1;
    if (answer.result === 'Ok' && answer.data === event.records[i].data) {
      passthrough++;
    }
  }
  return { valid: true, results, passthrough };
}

/** Peak resident set size in bytes (VmHWM), or maxRSS when /proc is absent. */
export async function peakRssBytes() {
  try {
    const { readFileSync } = await import('node:fs');
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
export async function runMeasurement(main) {
  let message;
  try {
    message = { ok: true, result: await main(JSON.parse(process.argv[2])) };
  } catch (error) {
    message = {
      ok: false,
      error:
        error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  process.send(message, () => process.exit(0));
}
