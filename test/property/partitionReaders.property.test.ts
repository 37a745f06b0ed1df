import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FirehoseRecord } from '#shared/firehose/types.js';
import { readLatenessConfig } from '#shared/lateness/latenessConfig.js';
import { createLogger } from '#shared/observability/logger.js';
import type { LineStage } from '#shared/pipeline/lineStages.js';
import { createPartitionProcessor } from '#shared/pipeline/partitionRecords.js';
import { runBatch } from '#shared/pipeline/runBatch.js';
import { createEventTimeStage } from '#shared/time/eventTimeStage.js';
import { readPartitionConfig } from '#shared/time/partitionConfig.js';
import { fakeContext } from '../helpers/records.js';
import { timestampLine } from '../helpers/timestampLines.js';

const silent = createLogger({}, {}, () => undefined);
const identity: LineStage = (line) => line;

function processor(env: Record<string, string>, stages: LineStage[]) {
  const config = readPartitionConfig(env);
  return createPartitionProcessor({
    stages,
    fieldPath: config.timestampField,
    eventTime: createEventTimeStage(config),
    lateness: readLatenessConfig(env),
    partitionWarningThreshold: config.partitionWarningThreshold,
    fallback: undefined,
    logger: silent,
  });
}

const time = fc.oneof(
  fc
    .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
    .map((d) => JSON.stringify(d.toISOString())),
  fc.integer({ min: 0, max: 4e12 }).map(String),
  fc.constantFrom(
    '"2026-03-01"',
    '"2026-03-01T10:00:00+05:30"',
    'null',
    '"x"',
    'true',
    '{"t":1}',
    '1e400',
    '"1700000000000000000"',
  ),
);
const filler = fc.constantFrom(
  '"a":1',
  '"s":"é\\"x"',
  '"n":null',
  '"arr":[1,{"t":2}]',
  '"o":{"k":[]}',
);
const line = timestampLine(time, filler);
const record = fc
  .tuple(
    fc.array(fc.oneof(line, fc.constantFrom('[1]', '"s"', '{bad')), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.constantFrom('\n', '\r\n', ''),
    fc.constantFrom('', ' ', '\uFEFF'),
    fc.boolean(),
  )
  .map(
    ([lines, eol, lead, final]) =>
      lead + lines.join(eol || '\n') + (final ? eol || '\n' : ''),
  );

describe('EventTimePartitionFunction readers (property)', () => {
  it.each([
    ['a top-level field', { TIMESTAMP_FIELD: 't' }],
    ['a nested field', { TIMESTAMP_FIELD: 'meta.t' }],
  ])(
    'answer the same with the byte scanner as with JSON.parse (%s)',
    async (_, env) => {
      const scanned = processor(env, []);
      const parsed = processor(env, [identity]);
      await fc.assert(
        fc.asyncProperty(
          fc.array(record, { minLength: 1, maxLength: 8 }),
          async (texts) => {
            // Prepare
            const records: FirehoseRecord[] = texts.map((text, i) => ({
              recordId: `r${i}`,
              approximateArrivalTimestamp: 1_772_330_400_000,
              data: Buffer.from(text).toString('base64'),
            }));
            const observability = {
              logger: silent,
              namespace: 'T',
              functionName: 'p',
            };

            // Act
            const [a, b] = await Promise.all([
              runBatch({ records }, fakeContext(), scanned, observability),
              runBatch({ records }, fakeContext(), parsed, observability),
            ]);

            // Assess
            expect(a).toEqual(b);
          },
        ),
        { numRuns: 1_500 },
      );
    },
  );
});
