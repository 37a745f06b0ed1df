// Types of readInput.mjs, for the TypeScript tests.

export declare class InputError extends Error {}
export declare function parseInput(
  text: string,
  options?: { arrivalField?: string; now?: () => number },
): {
  records: { data: Buffer; arrivalMs: number }[];
  missingArrival: number;
  format: 'ndjson' | 'firehose-event';
};
export declare function readInputText(path: string): string;
