// Types of localInvoke.mjs, for the TypeScript tests.
import type { BuildableFunction } from './build.mjs';
import type { LambdaRunner, RunnerOptions } from './lambdaRunner.mjs';

export interface FunctionOptions {
  logicalId: string;
  envVars?: unknown;
  parameterOverrides?: Record<string, string>;
  region?: string;
  templatePath?: string;
}

export interface PreparedFunction {
  fn: BuildableFunction;
  environment: Record<string, string>;
  ignoredEnvVars: string[];
  bundlePath: string;
}

export declare function readEnvVarsFile(path: string): unknown;
export declare function prepareFunction(
  options: FunctionOptions,
): PreparedFunction;
export declare function ensureBuilt(
  prepared: PreparedFunction,
): Promise<boolean>;
export declare function runnerOptions(
  prepared: PreparedFunction,
  extra?: Partial<RunnerOptions>,
): RunnerOptions;
export declare function invokeFunction(
  options: FunctionOptions & {
    event: unknown;
    logSink?: (chunk: Buffer) => void;
    callerEnv?: Record<string, string | undefined>;
  },
): Promise<unknown>;
export declare function startFunction(
  options: FunctionOptions & {
    logSink?: (chunk: Buffer) => void;
    callerEnv?: Record<string, string | undefined>;
  },
): Promise<LambdaRunner>;
