// Types of build.mjs, for the TypeScript tests.
import type { FunctionDescription } from './template.mjs';

export declare const distRoot: string;
export declare class BuildError extends Error {}

export type BuildableFunction = FunctionDescription & { templatePath?: string };

export interface BuildResult {
  logicalId: string;
  handlerPath: string;
  outputs: { path: string; bytes: number }[];
}

export declare function esbuildOptions(
  fn: BuildableFunction,
): Record<string, unknown>;
export declare function handlerBundlePath(fn: BuildableFunction): string;
export declare function metafilePath(logicalId: string): string;
export declare function esbuildFunctions(): BuildableFunction[];
export declare function buildFunction(
  fn: BuildableFunction,
): Promise<BuildResult>;
export declare function isStale(fn: BuildableFunction): boolean;
export declare function buildFunctions(options?: {
  only?: string[];
  onlyStale?: boolean;
}): Promise<BuildResult[]>;
