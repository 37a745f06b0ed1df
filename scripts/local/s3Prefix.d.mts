// Types of s3Prefix.mjs, for the TypeScript tests.

export interface CompiledPrefix {
  text: string;
  lambdaKeys: string[];
  hasTimestamp: boolean;
}

export declare const MAX_PREFIX_LENGTH: number;
export declare const DEFAULT_TIME_PREFIX: string;
export declare const DEFAULT_ERROR_PREFIX: string;
export declare class PrefixError extends Error {}
export declare function compilePrefix(
  text: string,
  options: { error: boolean },
): CompiledPrefix;
export declare function evaluatePrefix(
  compiled: CompiledPrefix,
  values: {
    arrivalMs: number;
    timeZone?: string;
    partitionKeys?: Record<string, string | undefined>;
    errorOutputType?: string;
  },
): string;
export declare function randomString(): string;
export declare function objectName(
  streamName: string,
  arrivalMs: number,
  compression: string,
): string;
