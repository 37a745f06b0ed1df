import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerBatch } from '#shared/firehose/answerBatch.js';
import type { PartitionKeys, Verdict } from '#shared/firehose/types.js';
import { dropped, ok } from '#shared/firehose/verdicts.js';
import { b64, firehoseRecord } from '../helpers/records.js';

const WINDOWS: readonly PartitionKeys[] = [
  Object.freeze({ year: '2026', month: '03', day: '01', dt: '2026-03-01' }),
  Object.freeze({ year: '2026', month: '03', day: '02', dt: '2026-03-02' }),
  Object.freeze({ year: '2025', month: '12', day: '31', dt: '2025-12-31' }),
];

describe('answerBatch partition metadata', () => {
  it("gives every answer its own verdict's keys, however windows alternate", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: WINDOWS.length - 1 }), {
          maxLength: 40,
        }),
        (windows) => {
          // Prepare: -1 is a record answered without keys.
          const records = windows.map(() => firehoseRecord('{"a":1}'));
          const verdicts: Verdict[] = windows.map((w) =>
            w === -1 ? dropped('filtered') : ok(b64('{"a":1}\n'), WINDOWS[w]),
          );

          // Act
          const { response } = answerBatch(records, verdicts);

          // Assess
          const serialized = JSON.parse(JSON.stringify(response));
          windows.forEach((w, i) => {
            expect(serialized.records[i].metadata).toEqual(
              w === -1 ? undefined : { partitionKeys: { ...WINDOWS[w] } },
            );
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
