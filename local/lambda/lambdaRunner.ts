// Runs a built Lambda bundle locally, in a child process, the way the
// Lambda service would: a Lambda-like environment and context, the
// function's timeout (the child is killed past it), the 6 MB payload
// limits, and the response returned over IPC so that the function's
// stdout logs never mix with it.
//
// createLambdaRunner() keeps the child alive between invocations (a warm
// instance: module state, clients and caches survive, init runs once);
// invokeBundle() is the one-shot form.
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./lambdaChild.ts', import.meta.url));
const REQUEST_LIMIT_BYTES = 6_291_456;
/** Lambda's init phase limit. */
const INIT_TIMEOUT_MS = 10_000;
const DEFAULT_ACCOUNT_ID = '123456789012';

/** Lambda's error payload: `errorType`, `errorMessage`, `stackTrace`. */
export interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  stackTrace?: string[];
}

/** A message of the child (lambdaChild.ts) to its parent. */
export type ChildMessage =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: LambdaErrorPayload }
  | { type: 'crash'; error: LambdaErrorPayload }
  | { type: 'result'; id: string; payload: string; rssBytes: number }
  | { type: 'error'; id: string; error: LambdaErrorPayload; rssBytes: number };

/** The invoke message of the parent to the child. */
export interface InvokeMessage {
  type: 'invoke';
  id: string;
  requestId: string;
  /** The event as JSON text. */
  event: string;
  deadlineMs: number;
  context: Record<string, string>;
}

/** Options of createLambdaRunner. */
export interface RunnerOptions {
  /** The built file, e.g. dist/TransformFunction/transform.mjs. */
  bundlePath: string;
  /** The export to call; default `handler`. */
  handlerName?: string | undefined;
  /** The function's variables (template + overrides). */
  env?: Record<string, string> | undefined;
  /** The function's Timeout. */
  timeoutMs: number;
  /** The function's MemorySize (V8 heap limit). */
  memoryMb?: number | undefined;
  /** The function's build folder (what is deployed); default the bundle's folder. */
  taskRoot?: string | undefined;
  /**
   * Run a copy of taskRoot in a temporary folder, outside the project, like
   * /var/task (default true).
   */
  isolate?: boolean | undefined;
  /** Default: taskRoot's folder name. */
  functionName?: string | undefined;
  region?: string | undefined;
  /** Where the function's stdout/stderr go (default: this process's stderr). */
  logSink?: ((chunk: Buffer) => void) | undefined;
  /** Default process.env. */
  callerEnv?: Record<string, string | undefined> | undefined;
}

/** A warm local Lambda instance. */
export interface LambdaRunner {
  /**
   * Invoke the handler with an event; resolves with its response (as
   * Lambda would serialize it) or rejects with a LambdaInvokeError.
   */
  invoke(
    event: unknown,
    options?: { requestId?: string | undefined },
  ): Promise<unknown>;
  /** Stop the instance (waits for a running invocation to finish). */
  close(): Promise<void>;
}

interface PendingInvocation {
  id: string;
  requestId: string;
  settle(message: ChildMessage): void;
  fail(error: Error): void;
}

interface Instance {
  child: ChildProcess;
  logStream: string;
  pending: PendingInvocation | undefined;
  initMs: number | undefined;
  exited: boolean;
  ready: Promise<void>;
}

/**
 * An invocation that did not return a response: the handler threw, timed
 * out, or the runtime failed. `name` is Lambda's `errorType` (the thrown
 * error's name, `Sandbox.Timedout`, `Runtime.ExitError`, …).
 */
export class LambdaInvokeError extends Error {
  readonly errorType: string;
  readonly phase: 'init' | 'invoke';
  readonly stackTrace: string[];

  constructor(
    { errorType, errorMessage, stackTrace = [] }: LambdaErrorPayload,
    phase: 'init' | 'invoke' = 'invoke',
  ) {
    super(errorMessage);
    this.name = errorType;
    this.errorType = errorType;
    this.phase = phase;
    this.stackTrace = stackTrace;
  }
}

/**
 * The variables Lambda sets in every execution environment, plus the
 * caller's AWS_* variables (credentials, region, AWS_ENDPOINT_URL*), passed
 * through as `sam local invoke` does. Only PATH, HOME and LANG come from
 * the caller's environment besides these.
 */
export function lambdaEnvironment({
  functionName,
  memoryMb,
  region,
  handler,
  taskRoot,
  logStream = logStreamName(),
  callerEnv = process.env,
}: {
  functionName: string;
  memoryMb: number;
  region?: string | undefined;
  handler: string;
  taskRoot: string;
  logStream?: string;
  callerEnv?: Record<string, string | undefined>;
}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'LANG']) {
    const value = callerEnv[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(callerEnv)) {
    if (
      value !== undefined &&
      name.startsWith('AWS_') &&
      !name.startsWith('AWS_LAMBDA_')
    )
      env[name] = value;
  }
  // A local run has no instance metadata service: without credentials the
  // SDK's provider chain would otherwise probe 169.254.169.254. Set it to
  // false in your shell to let it.
  env.AWS_EC2_METADATA_DISABLED = callerEnv.AWS_EC2_METADATA_DISABLED ?? 'true';
  const theRegion =
    region ?? callerEnv.AWS_REGION ?? callerEnv.AWS_DEFAULT_REGION;
  Object.assign(env, {
    AWS_REGION: theRegion ?? 'us-east-1',
    AWS_DEFAULT_REGION: theRegion ?? 'us-east-1',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStream,
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    _HANDLER: handler,
    TZ: 'UTC',
  });
  return env;
}

/** A log stream name shaped like Lambda's: `2026/11/22/[$LATEST]<hex>`. */
export function logStreamName(): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomUUID().replaceAll('-', '')}`;
}

/**
 * Start a warm local Lambda instance for a bundle. Invocations run one at
 * a time (concurrent calls queue); a timeout or crash kills the instance
 * and the next invocation starts a fresh one (a new cold start).
 *
 * @param options
 * @param options.bundlePath the built file, e.g. dist/TransformFunction/transform.mjs
 * @param options.handlerName the export to call, e.g. handler
 * @param options.env the function's variables (template + overrides)
 * @param options.timeoutMs the function's Timeout
 * @param options.memoryMb the function's MemorySize (V8 heap limit)
 * @param [options.taskRoot] the function's build folder (what is
 *   deployed), e.g. dist/TransformFunction; default: the bundle's folder
 * @param [options.isolate] run a copy of taskRoot in a temporary
 *   folder, outside the project, like /var/task: a package the bundle does
 *   not contain fails as it would in Lambda instead of being found in the
 *   project's node_modules (default true)
 * @param [options.functionName] default: taskRoot's folder name
 * @param [options.region]
 * @param [options.logSink] where the function's
 *   stdout/stderr go (default: this process's stderr)
 * @param [options.callerEnv] default process.env
 */
export function createLambdaRunner(options: RunnerOptions): LambdaRunner {
  const {
    bundlePath,
    handlerName = 'handler',
    timeoutMs,
    memoryMb = 128,
  } = options;
  if (!existsSync(bundlePath)) {
    throw new Error(`no bundle at ${bundlePath}: run npm run build`);
  }
  const builtRoot = options.taskRoot ?? dirname(bundlePath);
  const bundleInRoot = relative(builtRoot, bundlePath);
  if (bundleInRoot.startsWith('..')) {
    throw new Error(`${bundlePath} is not inside taskRoot ${builtRoot}`);
  }
  const functionName = options.functionName ?? basename(builtRoot);
  let taskRoot = builtRoot;
  if (options.isolate ?? true) {
    taskRoot = mkdtempSync(join(tmpdir(), `${functionName}-task-`));
    cpSync(builtRoot, taskRoot, { recursive: true });
  }
  const taskBundle = join(taskRoot, bundleInRoot);
  const logSink =
    options.logSink ??
    ((chunk: Buffer) => {
      process.stderr.write(chunk);
    });
  const callerEnv = options.callerEnv ?? process.env;
  const region =
    options.region ??
    callerEnv.AWS_REGION ??
    callerEnv.AWS_DEFAULT_REGION ??
    'us-east-1';
  let instance: Instance | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  function start(): Instance {
    const logStream = logStreamName();
    const env = {
      ...lambdaEnvironment({
        functionName,
        memoryMb,
        region,
        handler: `${bundleInRoot.replace(/\.[cm]?js$/, '')}.${handlerName}`,
        taskRoot,
        logStream,
        callerEnv,
      }),
      ...options.env,
      _LOCAL_LAMBDA_BUNDLE: taskBundle,
      _LOCAL_LAMBDA_HANDLER_NAME: handlerName,
    };
    const execArgv = [`--max-old-space-size=${Math.max(64, memoryMb)}`];
    if (existsSync(`${taskBundle}.map`)) execArgv.push('--enable-source-maps');
    const child = fork(CHILD, [], {
      cwd: taskRoot,
      env,
      execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    child.stdout?.on('data', logSink);
    child.stderr?.on('data', logSink);
    const state: Instance = {
      child,
      logStream,
      pending: undefined,
      initMs: undefined,
      exited: false,
      ready: Promise.resolve(),
    };
    state.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new LambdaInvokeError(
            {
              errorType: 'Sandbox.Timedout',
              errorMessage: `Init timed out after ${INIT_TIMEOUT_MS / 1000} seconds`,
            },
            'init',
          ),
        );
      }, INIT_TIMEOUT_MS);
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          state.initMs = message.initMs;
          resolve();
        } else if (message.type === 'init-error') {
          clearTimeout(timer);
          reject(new LambdaInvokeError(message.error, 'init'));
        } else if (message.type === 'crash') {
          state.pending?.fail(new LambdaInvokeError(message.error));
        } else if (
          state.pending !== undefined &&
          message.id === state.pending.id
        ) {
          state.pending.settle(message);
        }
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        state.exited = true;
        const error = new LambdaInvokeError(
          {
            errorType: 'Runtime.ExitError',
            errorMessage: `RequestId: ${state.pending?.requestId ?? '-'} Error: Runtime exited with ${signal ? `signal: ${signal}` : `error: exit status ${code}`}`,
          },
          state.initMs === undefined ? 'init' : 'invoke',
        );
        reject(error);
        state.pending?.fail(error);
      });
    });
    // Rejections of `ready` are handled by invoke(); avoid an unhandled one
    // when nobody is waiting.
    state.ready.catch(() => {});
    return state;
  }

  async function invokeOnce(
    event: unknown,
    invokeOptions: { requestId?: string | undefined },
  ): Promise<unknown> {
    if (closed) throw new Error('the runner is closed');
    const eventJson = JSON.stringify(event);
    if (Buffer.byteLength(eventJson) > REQUEST_LIMIT_BYTES) {
      throw new LambdaInvokeError({
        errorType: 'RequestEntityTooLargeException',
        errorMessage: `Request must be smaller than ${REQUEST_LIMIT_BYTES} bytes for the InvokeFunction operation`,
      });
    }
    const cold = instance === undefined || instance.exited;
    const state = cold || instance === undefined ? start() : instance;
    instance = state;
    try {
      await state.ready;
    } catch (error) {
      instance = undefined;
      throw error;
    }
    const requestId = invokeOptions.requestId ?? randomUUID();
    const id = randomUUID();
    const started = performance.now();
    const logLine = (text: string) => logSink(Buffer.from(`${text}\n`));
    logLine(`START RequestId: ${requestId} Version: $LATEST`);
    const result = await new Promise<ChildMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        // The instance is gone from now on: the next invocation starts a
        // fresh one without waiting for the exit event.
        state.pending = undefined;
        state.exited = true;
        state.child.kill('SIGKILL');
        reject(
          new LambdaInvokeError({
            errorType: 'Sandbox.Timedout',
            errorMessage: `RequestId: ${requestId} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
          }),
        );
      }, timeoutMs);
      state.pending = {
        id,
        requestId,
        settle(message) {
          clearTimeout(timer);
          state.pending = undefined;
          resolve(message);
        },
        fail(error) {
          clearTimeout(timer);
          state.pending = undefined;
          reject(error);
        },
      };
      const message: InvokeMessage = {
        type: 'invoke',
        id,
        requestId,
        event: eventJson,
        deadlineMs: Date.now() + timeoutMs,
        context: {
          functionName,
          functionVersion: '$LATEST',
          memoryLimitInMB: String(memoryMb),
          invokedFunctionArn: `arn:aws:lambda:${region}:${DEFAULT_ACCOUNT_ID}:function:${functionName}`,
          logGroupName: `/aws/lambda/${functionName}`,
          logStreamName: state.logStream,
        },
      };
      state.child.send(message);
    }).finally(() => {
      const duration = performance.now() - started;
      logLine(`END RequestId: ${requestId}`);
      logLine(
        `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(2)} ms\tMemory Size: ${memoryMb} MB${cold && state.initMs !== undefined ? `\tInit Duration: ${state.initMs.toFixed(2)} ms` : ''}`,
      );
    });
    if (result.type === 'error') throw new LambdaInvokeError(result.error);
    if (result.type !== 'result')
      throw new Error(`unexpected message ${result.type} from the child`);
    return JSON.parse(result.payload) as unknown;
  }

  return {
    invoke(event, invokeOptions = {}) {
      const run = queue.then(() => invokeOnce(event, invokeOptions));
      queue = run.catch(() => {});
      return run;
    },
    /** Stop the instance (waits for a running invocation to finish). */
    async close() {
      closed = true;
      await queue;
      const state = instance;
      instance = undefined;
      if (
        state !== undefined &&
        state.child.exitCode === null &&
        state.child.signalCode === null
      ) {
        await new Promise<void>((resolve) => {
          state.child.once('exit', () => resolve());
          state.child.kill('SIGKILL');
        });
      }
      if (taskRoot !== builtRoot)
        rmSync(taskRoot, { recursive: true, force: true });
    },
  };
}

/**
 * Invoke a built bundle once, in a fresh child process (a cold start).
 *
 * @example
 *   const response = await invokeBundle({
 *     bundlePath: 'dist/TransformFunction/transform.mjs', handlerName: 'handler',
 *     env: { RECORD_SCHEMA: 'order' }, event, timeoutMs: 60_000, memoryMb: 512,
 *   });
 */
export async function invokeBundle(
  options: RunnerOptions & {
    event: unknown;
    requestId?: string | undefined;
  },
): Promise<unknown> {
  const runner = createLambdaRunner(options);
  try {
    return await runner.invoke(options.event, {
      requestId: options.requestId,
    });
  } finally {
    await runner.close();
  }
}
