import { describe, expect, it } from 'vitest';
import { FirehoseProcessorError } from '#shared/errors.js';
import { dropped } from '#shared/firehose/verdicts.js';
import { createInvocationSummary } from '#shared/observability/invocationSummary.js';
import { createLogger } from '#shared/observability/logger.js';
import { createReingestMarker } from '#shared/reingest/reingestMarker.js';
import {
  judgeReturned,
  separateReingested,
} from '#shared/reingest/separateReingested.js';
import { b64, fakeContext, firehoseRecord } from '../../helpers/records.js';

const marker = createReingestMarker('m'.repeat(40));
const keys = { year: '2026', hour: '10' };
const timing = {
  windowEndMs: 1_772_362_800_000,
  eventTimeMs: 1_772_360_000_000,
};
const payload = Buffer.from('{"a":1}\n');
const marked = (recordId: string) =>
  firehoseRecord(
    b64(Buffer.concat([marker.markerLine(payload, keys, timing), payload])),
    { raw: true, recordId },
  );
const facts = {
  summary: createInvocationSummary({
    logger: createLogger({}, {}, () => undefined),
    namespace: 'Test',
    functionName: 'test',
  }),
  context: fakeContext(),
  sourceStream: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/S',
};

describe('separateReingested and judgeReturned', () => {
  it('lists the returned records with their batch index, keys and timing', () => {
    // Prepare
    const records = [firehoseRecord({ fresh: 1 }), marked('back')];

    // Act
    const inbound = separateReingested(records, marker);

    // Assess
    expect(inbound.returned).toHaveLength(1);
    expect(inbound.returned[0]).toMatchObject({
      index: 1,
      marked: { partitionKeys: keys, timing },
      answer: { result: 'Ok', data: payload.toString('base64') },
    });
    expect(inbound.verdicts[1]).toBe(inbound.returned[0]?.answer);
  });

  it('puts the judge’s answers at the returned records’ indexes', async () => {
    // Prepare
    const records = [marked('a'), firehoseRecord({ fresh: 1 }), marked('b')];
    const inbound = separateReingested(records, marker);

    // Act
    const judged = await judgeReturned(
      inbound,
      async ({ returned }) =>
        returned.map((r) => (r.index === 2 ? dropped('x') : r.answer)),
      facts,
    );

    // Assess
    expect(judged.verdicts[0]?.result).toBe('Ok');
    expect(judged.verdicts[1]).toBe(undefined);
    expect(judged.verdicts[2]).toEqual(dropped('x'));
    expect(judged.fresh).toBe(inbound.fresh);
    expect(inbound.verdicts[2]?.result).toBe('Ok');
  });

  it('refuses a judge that answers another number of records', async () => {
    // Prepare
    const inbound = separateReingested([marked('a')], marker);

    // Act
    const judging = judgeReturned(inbound, async () => [], facts);

    // Assess
    await expect(judging).rejects.toBeInstanceOf(FirehoseProcessorError);
  });
});
