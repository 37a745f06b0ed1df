// Peak memory of a process that handles one batch as a Lambda instance
// would: import the bundle, read the request body, parse it, call the
// handler, serialise the response, then read the high-water mark of its
// resident set. Spec (argv[2], JSON): { bundlePath, handlerName } or
// { baseline } or {} (an empty process), and eventPath (optional).
import { readFileSync } from 'node:fs';
import {
  lambdaContext,
  loadHandler,
  peakRssBytes,
  runMeasurement,
  tallyAnswers,
} from './invocation.mjs';

runMeasurement(async (spec) => {
  const handler =
    spec.bundlePath === undefined && spec.baseline === undefined
      ? undefined
      : await loadHandler(spec);
  const rssAfterImport = process.memoryUsage.rss();
  if (handler === undefined || spec.eventPath === undefined) {
    return { peakRssBytes: await peakRssBytes(), rssAfterImport };
  }
  const body = readFileSync(spec.eventPath, 'utf8');
  const event = JSON.parse(body);
  const response = await handler(event, lambdaContext());
  const serialized = JSON.stringify(response);
  return {
    peakRssBytes: await peakRssBytes(),
    rssAfterImport,
    responseBytes: Buffer.byteLength(serialized),
    tally: tallyAnswers(event, response),
  };
});
