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

describe('EventTimePartitionFunction under hostile events (fuzz)', () => {
  it.each(SOURCES)('keeps the contract for %s records', async (source) => {
    // Prepare
    const invoke = createFuzzFunction('partition');

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(hostileEvent('partition', source), async (hostile) => {
        const outcome = await invoke(hostile.event);
        checkContract(hostile.event, outcome, {
          kind: 'partition',
          malformed: hostile.malformed,
          malformedRecord: hostile.malformedRecord,
        });
      }),
      fuzzParameters(40),
    );
  });

  it('keeps the contract with ON_MISSING_TIMESTAMP=arrival, a time zone and minutes', async () => {
    // Prepare
    const invoke = createFuzzFunction('partition', {
      ON_MISSING_TIMESTAMP: 'arrival',
      PARTITION_TIMEZONE: 'Asia/Kathmandu',
      PARTITION_GRANULARITY: 'minute',
      EARLIEST_EVENT_TIME: '2000-01-01T00:00:00Z',
    });

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(
        hostileEvent('partition', RecordSource.kinesis),
        async (hostile) => {
          const outcome = await invoke(hostile.event);
          checkContract(hostile.event, outcome, {
            kind: 'partition',
            malformed: hostile.malformed,
            malformedRecord: hostile.malformedRecord,
          });
        },
      ),
      fuzzParameters(25),
    );
  });
});
