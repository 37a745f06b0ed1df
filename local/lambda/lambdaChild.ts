// The "execution environment" of a local Lambda: a child process that
// imports one bundle once (init) and then runs its handler for each invoke
// message from the parent, like a warm Lambda instance. The handler's
// stdout/stderr are the child's own; only IPC messages carry results.
//
// Parent → child: { type: 'invoke', id, event (JSON text), deadlineMs,
//                   requestId, context }
// Child → parent: { type: 'ready', initMs } | { type: 'init-error', error }
//                 | { type: 'result', id, payload (JSON text), rssBytes }
//                 | { type: 'error', id, error, rssBytes }
import { pathToFileURL } from 'node:url';
import type {
  ChildMessage,
  InvokeMessage,
  LambdaErrorPayload,
} from './lambdaRunner.ts';

type Callback = (error?: unknown, result?: unknown) => void;
type Handler = (event: unknown, context: object, callback: Callback) => unknown;

const RESPONSE_LIMIT_BYTES = 6_291_456;

const bundlePath = process.env._LOCAL_LAMBDA_BUNDLE ?? '';
const handlerName = process.env._LOCAL_LAMBDA_HANDLER_NAME ?? 'handler';
delete process.env._LOCAL_LAMBDA_BUNDLE;
delete process.env._LOCAL_LAMBDA_HANDLER_NAME;

function toErrorPayload(error: unknown): LambdaErrorPayload {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      stackTrace: String(error.stack ?? '')
        .split('\n')
        .slice(1)
        .map((line) => line.trim()),
    };
  }
  return { errorType: 'Error', errorMessage: String(error), stackTrace: [] };
}

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}

let handler: Handler | undefined;
const initStarted = performance.now();
try {
  const module = (await import(pathToFileURL(bundlePath).href)) as Record<
    string,
    unknown
  >;
  const exported = module[handlerName];
  if (typeof exported !== 'function') {
    const error = new Error(
      `${handlerName} is not a function exported by ${bundlePath}`,
    );
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  handler = exported as Handler;
  send({ type: 'ready', initMs: performance.now() - initStarted });
} catch (error) {
  send({ type: 'init-error', error: toErrorPayload(error) });
  process.exitCode = 1;
  process.disconnect?.();
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    'then' in value &&
    typeof value.then === 'function'
  );
}

function createContext(message: InvokeMessage, settle: Callback): object {
  const context = {
    ...message.context,
    awsRequestId: message.requestId,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () =>
      Math.max(0, message.deadlineMs - Date.now()),
    // Deprecated Lambda context methods, still used by old handlers.
    done: (error?: unknown, result?: unknown) => settle(error, result),
    succeed: (result?: unknown) => settle(null, result),
    fail: (error?: unknown) => settle(error ?? new Error('failed')),
  };
  return context;
}

async function invoke(run: Handler, message: InvokeMessage): Promise<void> {
  let settled = false;
  let resolveOutcome: (outcome: { error: unknown; result: unknown }) => void =
    () => {};
  const outcome = new Promise<{ error: unknown; result: unknown }>(
    (resolve) => {
      resolveOutcome = resolve;
    },
  );
  const settle: Callback = (error, result) => {
    if (settled) return;
    settled = true;
    resolveOutcome({ error, result });
  };
  try {
    const event: unknown = JSON.parse(message.event);
    const context = createContext(message, settle);
    const returned = run(event, context, (error, result) =>
      settle(error, result),
    );
    if (isThenable(returned)) {
      returned.then(
        (result) => settle(null, result),
        (error: unknown) =>
          settle(error ?? new Error('handler rejected'), undefined),
      );
    } else if (run.length < 3) {
      // A synchronous handler without a callback: its return value is the
      // response (as in the Node.js runtime).
      settle(null, returned);
    }
  } catch (error) {
    settle(error, undefined);
  }
  const { error, result } = await outcome;
  const rssBytes = process.memoryUsage.rss();
  if (error !== null && error !== undefined) {
    send({
      type: 'error',
      id: message.id,
      error: toErrorPayload(error),
      rssBytes,
    });
    return;
  }
  let payload: string;
  try {
    payload = JSON.stringify(result === undefined ? null : result);
  } catch (stringifyError) {
    send({
      type: 'error',
      id: message.id,
      error: {
        errorType: 'Runtime.SerializationError',
        errorMessage: `the response is not JSON-serializable: ${stringifyError instanceof Error ? stringifyError.message : String(stringifyError)}`,
        stackTrace: [],
      },
      rssBytes,
    });
    return;
  }
  const bytes = Buffer.byteLength(payload);
  if (bytes > RESPONSE_LIMIT_BYTES) {
    send({
      type: 'error',
      id: message.id,
      error: {
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${RESPONSE_LIMIT_BYTES} bytes).`,
        stackTrace: [],
      },
      rssBytes,
    });
    return;
  }
  send({ type: 'result', id: message.id, payload, rssBytes });
}

if (handler !== undefined) {
  const run = handler;
  // One invocation at a time, as in a Lambda execution environment.
  let queue = Promise.resolve();
  process.on('message', (message: InvokeMessage) => {
    if (message?.type !== 'invoke') return;
    queue = queue.then(() => invoke(run, message));
  });
  // An exception escaping the handler's promise chain kills a real Lambda
  // environment too: report it, then exit.
  process.on('uncaughtException', (error) => {
    send({ type: 'crash', error: toErrorPayload(error) });
    process.exit(1);
  });
}
