import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallTimeToUtcMs } from '#shared/time/calendar.js';
import {
  isoUtcFastMs,
  isoUtcFastMsOfBytes,
  parseIso8601,
} from '#shared/time/iso8601.js';
import {
  parseEventTime,
  TimestampFormat,
} from '#shared/time/parseEventTime.js';

/**
 * The same text with a space for its `T`: the fast path never reads it, so
 * the regular expression does (a text without that `T` it never reads).
 */
function spaced(text: string): string {
  return text[10] === 'T' ? `${text.slice(0, 10)} ${text.slice(11)}` : text;
}

/** The general path's instant. */
function generalMs(text: string): number | undefined {
  try {
    const { wall, offsetMs } = parseIso8601(spaced(text));
    return offsetMs === undefined
      ? undefined
      : wallTimeToUtcMs(wall) - offsetMs;
  } catch {
    return undefined;
  }
}

function outcome(run: () => number): number | string {
  try {
    return run();
  } catch (error) {
    return (error as { reason?: string }).reason ?? 'other';
  }
}

const instants = fc.date({
  min: new Date('0000-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});
// toISOString's forms, and near misses a one-pass reader gets wrong.
const texts = fc.oneof(
  instants.map((date) => date.toISOString()),
  instants.map((date) => date.toISOString().replace(/\.\d{3}/, '')),
  fc
    .tuple(
      instants.map((date) => date.toISOString()),
      fc.nat(23),
      fc.constantFrom('9', '0', '3', '6', ':', '-', 'z', 'T', ' ', '.', 'x'),
    )
    .map(([text, at, c]) => text.slice(0, at) + c + text.slice(at + 1)),
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 24 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 61 }),
    )
    .map(
      ([y, mo, d, h, mi, s]) =>
        `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}Z`,
    ),
);

describe('isoUtcFastMs', () => {
  it('gives the general path instant whenever it reads a text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        // Act
        const fast = isoUtcFastMs(text);

        // Assess
        if (!Number.isNaN(fast)) expect(fast).toBe(generalMs(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads the same instant from the bytes as from the text', () => {
    fc.assert(
      fc.property(texts, fc.nat(3), (text, offset) => {
        // Prepare: the text inside other bytes
        const bytes = Buffer.from(`${'"'.repeat(offset)}${text}"`, 'latin1');

        // Act
        const fromBytes = isoUtcFastMsOfBytes(
          bytes,
          offset,
          offset + text.length,
        );

        // Assess
        expect(fromBytes).toBe(isoUtcFastMs(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads every toISOString of years 0100-9999', () => {
    fc.assert(
      fc.property(instants, (date) => {
        // Prepare
        const text = date.toISOString();

        // Act
        const fast = isoUtcFastMs(text);

        // Assess
        if (date.getUTCFullYear() >= 100) expect(fast).toBe(date.getTime());
        else expect(fast).toBeNaN();
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves parseEventTime answering as the general path does', () => {
    fc.assert(
      fc.property(
        texts,
        fc.constantFrom(TimestampFormat.auto, TimestampFormat.iso8601),
        (text, format) => {
          // Act
          const answer = outcome(() => parseEventTime(text, { format }));
          const general = outcome(() =>
            parseEventTime(spaced(text), { format: TimestampFormat.iso8601 }),
          );

          // Assess: the space form is ISO for both formats; only a text that
          // is not ISO at all may be refused differently by auto.
          if (typeof general === 'number') expect(answer).toBe(general);
          else expect(typeof answer).toBe('string');
        },
      ),
      { numRuns: 5000 },
    );
  });
});
