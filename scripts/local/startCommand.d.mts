// Types of startCommand.mjs, for the TypeScript tests.
import type { CommandIo } from './generateEventsCommand.mjs';

export declare const START_USAGE: string;
export declare function runStart(
  argv: string[],
  io?: CommandIo,
): Promise<number>;
