// Types of javaTimeFormat.mjs, for the TypeScript tests.

export declare function checkJavaPattern(pattern: string): void;
export declare function formatJavaPattern(
  epochMs: number,
  pattern: string,
  timeZone?: string,
): string;
