import { describe, expect, it } from 'vitest';
import { answerBatch } from '#shared/firehose/answerBatch.js';
import {
  answerBytes,
  verdictAnswerBytes,
} from '#shared/firehose/responseBudget.js';
import type { Verdict } from '#shared/firehose/types.js';
import { dropped, failed, ok } from '#shared/firehose/verdicts.js';
import { b64, firehoseRecord } from '../../helpers/records.js';

function serializedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

describe('answerBatch', () => {
  it('answers every record once, in order, with its id', () => {
    // Prepare
    const records = [
      firehoseRecord('{"a":1}'),
      firehoseRecord('x'),
      firehoseRecord('{"b":2}'),
    ];
    const verdicts: Verdict[] = [
      ok(b64('{"a":1}\n')),
      failed('invalid-json', 'line 1'),
      dropped('filtered'),
    ];

    // Act
    const { response } = answerBatch(records, verdicts);

    // Assess
    expect(response.records).toEqual([
      { recordId: records[0]?.recordId, result: 'Ok', data: b64('{"a":1}\n') },
      {
        recordId: records[1]?.recordId,
        result: 'ProcessingFailed',
        data: records[1]?.data,
      },
      { recordId: records[2]?.recordId, result: 'Dropped', data: '' },
    ]);
  });

  it('puts partition keys under metadata', () => {
    // Prepare
    const record = firehoseRecord('{}');
    const keys = { year: '2026', month: '03' };

    // Act
    const { response } = answerBatch([record], [ok(b64('{}\n'), keys)]);

    // Assess
    expect(response.records[0]?.metadata).toEqual({ partitionKeys: keys });
  });

  it('computes the serialized size exactly (plus one separator byte)', () => {
    // Prepare
    const records = [
      firehoseRecord('{}', { recordId: 'plain-id' }),
      firehoseRecord('{}', { recordId: 'id "with" quotes \\ and ü' }),
    ];
    const verdicts = [ok(b64('{}\n'), { dt: '2026-01-01' }), ok(b64('{}\n'))];

    // Act
    const answered = answerBatch(records, verdicts);

    // Assess
    const actual = serializedBytes(answered.response);
    expect(answered.bytes).toBeGreaterThanOrEqual(actual);
    expect(answered.bytes - actual).toBe(1);
    expect(answerBytes(answered.response.records[1] as never)).toBe(
      serializedBytes(answered.response.records[1]) + 1,
    );
  });

  it('fails the records that do not fit with response-too-large, from the end', () => {
    // Prepare: each Ok answer is ~1,000 bytes larger than its input.
    const records = Array.from({ length: 10 }, () => firehoseRecord('{}'));
    const big = b64('x'.repeat(3000));
    const verdicts = records.map(() => ok(big));
    const limit = 14 + 4 * (big.length + 200) + 6 * 200;

    // Act
    const answered = answerBatch(records, verdicts, limit);

    // Assess
    const results = answered.verdicts.map((v) => v.result);
    expect(results.slice(0, 4)).toEqual(['Ok', 'Ok', 'Ok', 'Ok']);
    expect(new Set(results.slice(4))).toEqual(new Set(['ProcessingFailed']));
    expect(answered.verdicts[9]).toMatchObject({
      reason: 'response-too-large',
    });
    expect(serializedBytes(answered.response)).toBeLessThanOrEqual(limit);
    expect(answered.response.records[9]?.data).toBe(records[9]?.data);
  });

  it('never returns more than the limit even when every record grows', () => {
    // Prepare: 5,000 records of 768 bytes (a ~5.6 MB request), each doubled.
    const records = Array.from({ length: 5_000 }, () =>
      firehoseRecord('y'.repeat(768)),
    );
    const verdicts = records.map(() => ok(b64('y'.repeat(1536))));

    // Act
    const answered = answerBatch(records, verdicts);

    // Assess
    expect(serializedBytes(answered.response)).toBeLessThanOrEqual(6_291_456);
    expect(answered.response.records).toHaveLength(5_000);
    const failedCount = answered.verdicts.filter(
      (v) => v.result === 'ProcessingFailed',
    ).length;
    expect(failedCount).toBeGreaterThan(0);
    expect(failedCount).toBeLessThan(5_000);
  });
});

describe('answers to records that are not base64 (issue 10 §4)', () => {
  it('carries "" instead of the data, so every data is valid base64', () => {
    // Prepare: 3 MB of non-ASCII "base64", counted by .length before.
    const record = firehoseRecord('\u014b'.repeat(3_000_000), { raw: true });
    const verdict = failed('invalid-base64', 'outside the alphabet');

    // Act
    const { response, bytes } = answerBatch([record], [verdict]);

    // Assess
    expect(response.records[0]).toEqual({
      recordId: record.recordId,
      result: 'ProcessingFailed',
      data: '',
    });
    expect(bytes).toBe(serializedBytes(response) + 1);
    expect(verdictAnswerBytes(record, verdict) + 14).toBe(bytes);
  });
});

describe('verdictAnswerBytes', () => {
  it('equals answerBytes of the answer it would build, for every result', async () => {
    // Prepare
    const { verdictAnswerBytes } = await import(
      '#shared/firehose/responseBudget.js'
    );
    const { answerOf } = await import('#shared/firehose/answerBatch.js');
    const records = [
      firehoseRecord('{}', { recordId: 'plain' }),
      firehoseRecord('{"a":"é"}', { recordId: 'quote " and ü' }),
    ];
    const verdicts: Verdict[] = [
      ok(b64('{}\n')),
      ok(b64('{}\n'), { year: '2026', dt: '2026-01-01' }),
      dropped('filtered'),
      failed('invalid-json', 'line 1'),
    ];

    // Act / Assess
    for (const record of records) {
      for (const verdict of verdicts) {
        expect(verdictAnswerBytes(record, verdict)).toBe(
          answerBytes(answerOf(record, verdict)),
        );
      }
    }
  });
});
