import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkContract } from './contract.js';
import { createFuzzFunction } from './fuzzFunctions.js';
import { fuzzParameters } from './fuzzSettings.js';
import { hostileEvent, RecordSource } from './hostileEvents.js';

// MSK joins the list once the functions read kafkaRecordValue (issue 10 §1).
const SOURCES = [RecordSource.directPut, RecordSource.kinesis];

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
          });
        },
      ),
      fuzzParameters(25),
    );
  });
});
