import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkContract } from './contract.js';
import { logRecord } from './framedRecords.js';
import { createFuzzFunction } from './fuzzFunctions.js';
import { fuzzParameters } from './fuzzSettings.js';
import { hostileEvent, RecordSource } from './hostileEvents.js';

const FORMATS = [
  'apache_common',
  'apache_combined',
  'nginx_combined',
  'syslog',
  'csv',
] as const;

const CSV = { CSV_COLUMNS: 'id,timestamp,amount' };

describe('log-format input under hostile records (fuzz)', () => {
  describe.each([
    ['transform', 'fail'],
    ['transform', 'drop'],
    ['partition', 'drop'],
  ] as const)('%s with ON_INVALID=%s', (kind, onInvalid) => {
    it.each(FORMATS)(
      'keeps the contract for INPUT_FORMAT=%s (valid, near-valid and garbage lines)',
      async (format) => {
        // Prepare
        const invoke = createFuzzFunction(kind, {
          INPUT_FORMAT: format,
          ON_INVALID: onInvalid,
          ...(format === 'csv' ? CSV : {}),
        });
        const source =
          onInvalid === 'fail' ? RecordSource.msk : RecordSource.directPut;

        // Act / Assess: log records mostly, the usual hostile data too.
        await fc.assert(
          fc.asyncProperty(
            hostileEvent(kind, source, {
              maxRecords: 6,
              data: fc.oneof(
                { weight: 4, arbitrary: logRecord(format) },
                { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
              ),
            }),
            async (hostile) => {
              const outcome = await invoke(hostile.event);
              checkContract(hostile.event, outcome, {
                kind,
                malformed: hostile.malformed,
                malformedRecord: hostile.malformedRecord,
                filtered: onInvalid === 'drop',
              });
            },
          ),
          fuzzParameters(8),
        );
      },
    );
  });
});
