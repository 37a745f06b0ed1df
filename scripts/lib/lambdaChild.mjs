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

const RESPONSE_LIMIT_BYTES = 6_291_456;

const bundlePath = process.env._LOCAL_LAMBDA_BUNDLE;
const handlerName = process.env._LOCAL_LAMBDA_HANDLER_NAME;
delete process.env._LOCAL_LAMBDA_BUNDLE;
delete process.env._LOCAL_LAMBDA_HANDLER_NAME;

function toErrorPayload(error) {
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

function send(message) {
  if (process.connected) process.send(message);
}

let handler;
const initStarted = performance.now();
try {
  const module = await import(pathToFileURL(bundlePath).href);
  handler = module[handlerName];
  if (typeof handler !== 'function') {
    const error = new Error(
      `${handlerName} is not a function exported by ${bundlePath}`,
    );
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  send({ type: 'ready', initMs: performance.now() - initStarted });
} catch (error) {
  send({ type: 'init-error', error: toErrorPayload(error) });
  process.exitCode = 1;
  process.disconnect?.();
}

function createContext(message, settle) {
  const context = {
    ...message.context,
    awsRequestId: message.requestId,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () =>
      Math.max(0, message.deadlineMs - Date.now()),
    // Deprecated Lambda context methods, still used by old handlers.
    done: (error, result) => settle(error, result),
    succeed: (result) => settle(null, result),
    fail: (error) => settle(error ?? new Error('failed')),
  };
  return context;
}

async function invoke(message) {
  let settled = false;
  let resolveOutcome;
  const outcome = new Promise((resolve) => {
    resolveOutcome = resolve;
  });
  const settle = (error, result) => {
    if (settled) return;
    settled = true;
    resolveOutcome({ error, result });
  };
  try {
    const event = JSON.parse(message.event);
    const context = createContext(message, settle);
    const returned = handler(event, context, (error, result) =>
      settle(error, result),
    );
    if (returned !== null && typeof returned?.then === 'function') {
      returned.then(
        (result) => settle(null, result),
        (error) => settle(error ?? new Error('handler rejected'), undefined),
      );
    } else if (handler.length < 3) {
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
  let payload;
  try {
    payload = JSON.stringify(result === undefined ? null : result);
  } catch (stringifyError) {
    send({
      type: 'error',
      id: message.id,
      error: {
        errorType: 'Runtime.SerializationError',
        errorMessage: `the response is not JSON-serializable: ${stringifyError.message}`,
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
  // One invocation at a time, as in a Lambda execution environment.
  let queue = Promise.resolve();
  process.on('message', (message) => {
    if (message?.type !== 'invoke') return;
    queue = queue.then(() => invoke(message));
  });
  // An exception escaping the handler's promise chain kills a real Lambda
  // environment too: report it, then exit.
  process.on('uncaughtException', (error) => {
    send({ type: 'crash', error: toErrorPayload(error) });
    process.exit(1);
  });
}
