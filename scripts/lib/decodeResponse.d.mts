// Types of decodeResponse.mjs, for the TypeScript tests.

export declare function decodeData(data: unknown): string | undefined;
export declare function parseJsonLinesExactly(
  text: string,
): unknown[] | undefined;
export declare function decodeResponse<T>(response: T): unknown;
export declare function summarizeResponse(response: unknown): string;
