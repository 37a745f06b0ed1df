// Types of lambdaRunner.mjs, for the TypeScript tests.

export declare class LambdaInvokeError extends Error {
  readonly errorType: string;
  readonly phase: 'init' | 'invoke';
  readonly stackTrace: string[];
}

export interface RunnerOptions {
  bundlePath: string;
  handlerName?: string;
  env?: Record<string, string>;
  timeoutMs: number;
  memoryMb?: number;
  taskRoot?: string;
  isolate?: boolean;
  functionName?: string;
  region?: string;
  logSink?: (chunk: Buffer) => void;
  callerEnv?: Record<string, string | undefined>;
}

export interface LambdaRunner {
  invoke(event: unknown, options?: { requestId?: string }): Promise<unknown>;
  close(): Promise<void>;
}

export declare function lambdaEnvironment(options: {
  functionName: string;
  memoryMb: number;
  region?: string;
  handler: string;
  taskRoot: string;
  logStream?: string;
  callerEnv?: Record<string, string | undefined>;
}): Record<string, string>;
export declare function logStreamName(): string;
export declare function createLambdaRunner(
  options: RunnerOptions,
): LambdaRunner;
export declare function invokeBundle(
  options: RunnerOptions & { event: unknown; requestId?: string },
): Promise<unknown>;
