import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FirehoseRecord } from '#shared/firehose/types.js';
import { createLogger } from '#shared/observability/logger.js';
import { runBatch } from '#shared/pipeline/runBatch.js';
import { transformRecord } from '#shared/pipeline/transformRecord.js';
import { fakeContext } from '../helpers/records.js';

const STANDARD_BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const silent = createLogger({}, {}, () => undefined);
const observability = { logger: silent, namespace: 'Test', functionName: 'p' };

const jsonText = fc.jsonValue().map((v) => JSON.stringify(v));
const recordText = fc.oneof(
  jsonText,
  jsonText.map((t) => `${t}\n`),
  fc.array(jsonText, { minLength: 1, maxLength: 4 }).map((l) => l.join('\r\n')),
  fc.string(),
  fc.constant('{"n":123456789012345678901234567890}'),
);
const recordData = fc.oneof(
  recordText.map((t) => Buffer.from(t).toString('base64')),
  fc
    .uint8Array({ maxLength: 64 })
    .map((b) => Buffer.from(b).toString('base64')),
  fc.string({ maxLength: 12 }),
);
const batch = fc
  .array(recordData, { maxLength: 40 })
  .map((datas): FirehoseRecord[] =>
    datas.map((data, i) => ({
      recordId: `id-${i}`,
      approximateArrivalTimestamp: 1_700_000_000_000,
      data,
    })),
  );

describe('TransformFunction batches (property)', () => {
  it('answer every record once, in order, with valid results and data', async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (records) => {
        // Act
        const response = await runBatch(
          { records },
          fakeContext(),
          (rs) => rs.map((r) => transformRecord(r, [])),
          observability,
        );

        // Assess
        expect(response.records.map((r) => r.recordId)).toEqual(
          records.map((r) => r.recordId),
        );
        response.records.forEach((answer, i) => {
          const input = records[i] as FirehoseRecord;
          expect(['Ok', 'Dropped', 'ProcessingFailed']).toContain(
            answer.result,
          );
          if (answer.result === 'ProcessingFailed') {
            // "" when the data was not base64 (every data is base64).
            expect(answer.data).toBe(
              STANDARD_BASE64.test(input.data) ? input.data : '',
            );
          }
          if (answer.result === 'Ok') {
            const text = Buffer.from(answer.data ?? '', 'base64').toString(
              'utf8',
            );
            expect(text.endsWith('\n')).toBe(true);
            const lines = text.slice(0, -1).split('\n');
            for (const line of lines) {
              expect(line.trim()).toBe(line);
              expect(() => JSON.parse(line)).not.toThrow();
            }
          }
        });
        expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(
          6_291_456,
        );
      }),
      { numRuns: 300 },
    );
  });
});

// What MSK producers send: the records above, pretty-printed or
// concatenated documents, and gzip-compressed records.
const framedText = fc
  .array(fc.jsonValue(), { minLength: 1, maxLength: 3 })
  .chain((values) =>
    fc
      .constantFrom('', ' ', '\n', '\t')
      .map((separator) =>
        values.map((v) => JSON.stringify(v, null, 2)).join(separator),
      ),
  );
const kafkaValue = fc.oneof(
  recordData,
  framedText.map((t) => Buffer.from(t).toString('base64')),
  fc.oneof(recordText, framedText).map((t) => gzipSync(t).toString('base64')),
);
const mskBatch = fc.array(kafkaValue, { maxLength: 30 }).map((values) =>
  values.map((kafkaRecordValue, i) => ({
    recordId: `id-${i}`,
    approximateArrivalTimestamp: 1_700_000_000_000,
    mskRecordMetadata: { offset: String(i), partitionId: '0' },
    kafkaRecordValue,
  })),
);

/** Padded standard base64, as readEvent's strict decoder accepts it. */
const STRICT_BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

describe('TransformFunction batches from Amazon MSK (property)', () => {
  it('answer every record once, in order, in kafkaRecordValue, Ok as JSON Lines', async () => {
    await fc.assert(
      fc.asyncProperty(mskBatch, async (records) => {
        // Act
        const response = await runBatch(
          { sourceMSKArn: 'arn:aws:kafka:us-east-1:1:cluster/c/1', records },
          fakeContext(),
          (rs) => rs.map((r) => transformRecord(r, [])),
          observability,
        );

        // Assess
        expect(response.records.map((r) => r.recordId)).toEqual(
          records.map((r) => r.recordId),
        );
        response.records.forEach((answer, i) => {
          const input = records[i] as (typeof records)[number];
          expect(answer.data).toBe(undefined);
          if (answer.result === 'ProcessingFailed') {
            // The original value, or "" when it was not base64 at all.
            expect(answer.kafkaRecordValue).toBe(
              STRICT_BASE64.test(input.kafkaRecordValue)
                ? input.kafkaRecordValue
                : '',
            );
          }
          if (answer.result === 'Ok') {
            const text = Buffer.from(
              answer.kafkaRecordValue ?? '',
              'base64',
            ).toString('utf8');
            expect(text.endsWith('\n')).toBe(true);
            for (const line of text.slice(0, -1).split('\n')) {
              expect(() => JSON.parse(line)).not.toThrow();
            }
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});
