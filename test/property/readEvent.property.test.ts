import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedEventError } from '#shared/errors.js';
import { readEvent } from '#shared/firehose/readEvent.js';

function eventOf(ids: readonly string[]) {
  return {
    records: ids.map((recordId) => ({
      recordId,
      approximateArrivalTimestamp: 1,
      data: '',
    })),
  };
}

/** The first index whose id appeared before, as a Set of all ids finds it. */
function firstRepeat(ids: readonly string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    if (seen.has(ids[i] as string)) return i;
    seen.add(ids[i] as string);
  }
  return -1;
}

const id = fc.oneof(
  fc.string({ minLength: 1, maxLength: 4 }),
  fc.constantFrom('a', 'b', 'c', '1', '10', '2'),
  fc.bigInt({ min: 0n, max: 10n ** 56n }).map(String),
);
// Ascending runs (Firehose's usual order) with repeats and disorder mixed in.
const ids = fc.oneof(
  fc.array(id, { maxLength: 30 }),
  fc
    .uniqueArray(id, { maxLength: 30 })
    .map((list) => [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))),
  fc
    .tuple(
      fc
        .uniqueArray(id, { minLength: 1, maxLength: 30 })
        .map((list) => [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))),
      fc.nat(),
      fc.nat(),
    )
    .map(([list, from, to]) => {
      // Repeat one id somewhere (maybe right after itself).
      const copy = list[from % list.length] as string;
      const out = [...list];
      out.splice(to % (out.length + 1), 0, copy);
      return out;
    }),
);

describe('readEvent record ids', () => {
  it('refuses exactly the events a Set of every id refuses, naming the first repeat', () => {
    fc.assert(
      fc.property(ids, (list) => {
        // Act
        let error: unknown;
        try {
          readEvent(eventOf(list));
        } catch (caught) {
          error = caught;
        }

        // Assess
        const repeat = firstRepeat(list);
        if (repeat === -1) {
          expect(error).toBeUndefined();
        } else {
          expect(error).toBeInstanceOf(MalformedEventError);
          expect((error as Error).message).toContain(
            `records[${repeat}].recordId ${JSON.stringify(list[repeat])} appears twice`,
          );
        }
      }),
      { numRuns: 2000 },
    );
  });
});
