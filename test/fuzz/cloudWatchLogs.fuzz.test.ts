import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkContract } from './contract.js';
import { createFuzzFunction } from './fuzzFunctions.js';
import { fuzzParameters } from './fuzzSettings.js';
import { hostileEvent, RecordSource } from './hostileEvents.js';

const SOURCES = [
  RecordSource.directPut,
  RecordSource.kinesis,
  RecordSource.msk,
];

describe('CloudWatchLogsFunction under hostile events (fuzz)', () => {
  it.each(SOURCES)('keeps the contract for %s records', async (source) => {
    // Prepare: a small output budget, so that amplifiers hit it.
    const invoke = createFuzzFunction('cloudWatchLogs', {
      MAX_OUTPUT_BYTES: '4194304',
    });

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(
        hostileEvent('cloudWatchLogs', source, { maxRecords: 8 }),
        async (hostile) => {
          const outcome = await invoke(hostile.event);
          checkContract(hostile.event, outcome, {
            kind: 'cloudWatchLogs',
            malformed: hostile.malformed,
            malformedRecord: hostile.malformedRecord,
          });
        },
      ),
      fuzzParameters(30),
    );
  });

  it('keeps the contract with EMBED_JSON_MESSAGE=true and re-ingestion off', async () => {
    // Prepare
    const invoke = createFuzzFunction('cloudWatchLogs', {
      EMBED_JSON_MESSAGE: 'true',
      REINGEST: 'false',
    });

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(
        hostileEvent('cloudWatchLogs', RecordSource.directPut, {
          maxRecords: 8,
        }),
        async (hostile) => {
          const outcome = await invoke(hostile.event);
          checkContract(hostile.event, outcome, {
            kind: 'cloudWatchLogs',
            malformed: hostile.malformed,
            malformedRecord: hostile.malformedRecord,
          });
        },
      ),
      fuzzParameters(20),
    );
  });
});
