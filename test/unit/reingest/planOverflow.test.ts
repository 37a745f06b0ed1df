import { describe, expect, it } from 'vitest';
import type { Verdict } from '#shared/firehose/types.js';
import { failed, ok } from '#shared/firehose/verdicts.js';
import { planOverflow } from '#shared/reingest/planOverflow.js';
import { b64, firehoseRecord } from '../../helpers/records.js';

// Each Ok answer is 1,000 base64 characters plus ~100 bytes of framing.
const records = Array.from({ length: 6 }, (_, i) =>
  firehoseRecord('{}', { recordId: `r${i}` }),
);
const answer = ok(b64('x'.repeat(750)));
const none = records.map(() => false);

describe('planOverflow', () => {
  it('moves nothing when the response fits', () => {
    // Prepare
    const verdicts: Verdict[] = records.map(() => answer);

    // Act
    const plan = planOverflow(records, verdicts, none, 10_000);

    // Assess
    expect([...plan.move]).toEqual([]);
    expect(plan.evict).toEqual([]);
    expect(plan.projectedBytes).toBeLessThanOrEqual(10_000);
  });

  it('moves fresh Ok records from the end until the response fits', () => {
    // Prepare
    const verdicts: Verdict[] = records.map(() => answer);
    verdicts[5] = failed('invalid-json', 'line 1');

    // Act
    const plan = planOverflow(records, verdicts, none, 3_500);

    // Assess
    expect([...plan.move]).toEqual([4, 3]);
    expect(plan.projectedBytes).toBeLessThanOrEqual(3_500);
  });

  it('moves first a record whose answer alone cannot fit', () => {
    // Prepare
    const verdicts: Verdict[] = records.map(() => answer);
    verdicts[0] = ok(b64('y'.repeat(6_000)));

    // Act
    const plan = planOverflow(records, verdicts, none, 6_000);

    // Assess
    expect([...plan.move]).toEqual([0]);
  });

  it('never moves a record that was re-ingested once: it is evicted instead', () => {
    // Prepare
    const verdicts: Verdict[] = records.map(() => answer);
    const reingested = records.map(() => true);
    reingested[0] = false;

    // Act
    const plan = planOverflow(records, verdicts, reingested, 2_500);

    // Assess
    expect([...plan.move]).toEqual([0]);
    expect(plan.evict.length).toBeGreaterThan(0);
    expect(plan.evict).not.toContain(0);
    expect(plan.evict[0]).toBe(5);
  });
});
