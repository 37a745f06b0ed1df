// Peak memory of a process that handles one batch as a Lambda instance
// would: import the bundle, read the request body, parse it, call the
// handler, serialise the response, then read the high-water mark of its
// resident set. Spec (argv[2], JSON): { bundlePath, handlerName } or
// { baseline } or {} (an empty process), and eventPath (optional).
import { readFileSync } from 'node:fs';
import type { FirehoseEvent } from '../../shared/firehose/types.ts';
import {
  type HandlerSpec,
  lambdaContext,
  loadHandler,
  peakRssBytes,
  runMeasurement,
  type Tally,
  tallyAnswers,
} from './invocation.ts';

/** What the parent sends: a handler (or none) and an event (or none). */
export type MemorySpec = (HandlerSpec | Record<string, never>) & {
  eventPath?: string;
};

export interface MemoryMeasurement {
  peakRssBytes: number;
  rssAfterImport: number;
  responseBytes?: number;
  tally?: Tally;
}

runMeasurement(async (spec: MemorySpec): Promise<MemoryMeasurement> => {
  const handler =
    !('bundlePath' in spec) && !('baseline' in spec)
      ? undefined
      : await loadHandler(spec as HandlerSpec);
  const rssAfterImport = process.memoryUsage.rss();
  if (handler === undefined || spec.eventPath === undefined) {
    return { peakRssBytes: peakRssBytes(), rssAfterImport };
  }
  const body = readFileSync(spec.eventPath, 'utf8');
  const event = JSON.parse(body) as FirehoseEvent;
  const response = await handler(event, lambdaContext());
  const serialized = JSON.stringify(response);
  return {
    peakRssBytes: peakRssBytes(),
    rssAfterImport,
    responseBytes: Buffer.byteLength(serialized),
    tally: tallyAnswers(event, response),
  };
});
