// Types of generateEventsCommand.mjs, for the TypeScript tests.
import type { FirehoseTransformationEvent } from 'aws-lambda';

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export declare const EVENT_USAGE: string;
export declare function runGenerateEvents(
  argv: string[],
  io?: CommandIo,
): number;
export declare function generateEvent(
  kind: string,
  options?: {
    records?: number;
    late?: number;
    early?: number;
    invalid?: number;
    format?: string;
    seed?: string;
    stream?: string;
    template?: string;
  },
): FirehoseTransformationEvent;
