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

describe('TransformFunction under hostile events (fuzz)', () => {
  it.each(SOURCES)('keeps the contract for %s records', async (source) => {
    // Prepare
    const invoke = createFuzzFunction('transform');

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(hostileEvent('transform', source), async (hostile) => {
        const outcome = await invoke(hostile.event);
        checkContract(hostile.event, outcome, {
          kind: 'transform',
          malformed: hostile.malformed,
          malformedRecord: hostile.malformedRecord,
        });
      }),
      fuzzParameters(40),
    );
  });

  it('keeps the contract with a schema and re-ingestion off', async () => {
    // Prepare
    const invoke = createFuzzFunction('transform', {
      RECORD_SCHEMA: 'clickstream',
      ON_INVALID: 'fail',
      REINGEST: 'false',
    });

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(
        hostileEvent('transform', RecordSource.directPut),
        async (hostile) => {
          const outcome = await invoke(hostile.event);
          checkContract(hostile.event, outcome, {
            kind: 'transform',
            malformed: hostile.malformed,
            malformedRecord: hostile.malformedRecord,
          });
        },
      ),
      fuzzParameters(25),
    );
  });

  it.each([['transform'], ['partition'], ['cloudWatchLogs']] as const)(
    '%s refuses malformed MSK entries with a MalformedEventError naming the entry',
    async (kind) => {
      // Prepare: both data and kafkaRecordValue, a non-string
      // kafkaRecordValue, mskRecordMetadata that is not an object, or a bad
      // arrival time, in one entry of every event.
      const invoke = createFuzzFunction(kind);

      // Act / Assess
      await fc.assert(
        fc.asyncProperty(
          hostileEvent(kind, RecordSource.msk, {
            maxRecords: 4,
            alwaysMalformed: true,
          }),
          async (hostile) => {
            const outcome = await invoke(hostile.event);
            checkContract(hostile.event, outcome, {
              kind,
              malformed: hostile.malformed,
              malformedRecord: hostile.malformedRecord,
            });
          },
        ),
        fuzzParameters(25),
      );
    },
  );
});
