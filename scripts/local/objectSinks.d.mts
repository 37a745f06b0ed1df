// Types of objectSinks.mjs, for the TypeScript tests.

export declare const RUN_MARKER: string;
export declare class OutputFolderError extends Error {}
