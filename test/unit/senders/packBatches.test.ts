import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BatchEntry } from '#shared/senders/batchTransport.js';
import {
  PutRecordBatchLimits,
  packBatches,
} from '#shared/senders/packBatches.js';
import { entries } from './fakeTransport.js';

const MiB4 = 4_194_304;
const KiB1000 = 1_024_000;

function sized(...sizes: number[]): BatchEntry[] {
  return sizes.map((bytes, index) => ({
    id: `e${index}`,
    data: new Uint8Array(bytes),
  }));
}

function ids(calls: readonly (readonly BatchEntry[])[]): string[][] {
  return calls.map((call) => call.map((entry) => entry.id));
}

describe('PutRecordBatchLimits', () => {
  it('are the documented PutRecordBatch limits', () => {
    // Assess
    expect(PutRecordBatchLimits).toEqual({
      maxRecordsPerCall: 500,
      maxBytesPerCall: 4_194_304,
      maxBytesPerRecord: 1_024_000,
    });
  });
});

describe('packBatches', () => {
  it('makes no call for no entries', () => {
    // Act
    const packed = packBatches([]);

    // Assess
    expect(packed).toEqual({ calls: [], rejected: [] });
  });

  it('puts 500 small entries in one call', () => {
    // Act
    const { calls } = packBatches(entries(500));

    // Assess
    expect(calls.map((call) => call.length)).toEqual([500]);
  });

  it('starts a second call at the 501st entry', () => {
    // Act
    const { calls } = packBatches(entries(1001));

    // Assess
    expect(calls.map((call) => call.length)).toEqual([500, 500, 1]);
    expect(calls[2]?.[0]?.id).toBe('e1000');
  });

  it('fills a call to exactly 4 MiB', () => {
    // Prepare: 4 × 1,024,000 + 98,304 = 4,194,304
    const input = sized(KiB1000, KiB1000, KiB1000, KiB1000, 98_304);

    // Act
    const { calls } = packBatches(input);

    // Assess
    expect(ids(calls)).toEqual([['e0', 'e1', 'e2', 'e3', 'e4']]);
    expect(input.reduce((sum, e) => sum + e.data.byteLength, 0)).toBe(MiB4);
  });

  it('needs a second call one byte past 4 MiB', () => {
    // Prepare
    const input = sized(KiB1000, KiB1000, KiB1000, KiB1000, 98_305);

    // Act
    const { calls } = packBatches(input);

    // Assess
    expect(ids(calls)).toEqual([['e0', 'e1', 'e2', 'e3'], ['e4']]);
  });

  it('accepts a record of exactly 1,024,000 bytes', () => {
    // Act
    const { calls, rejected } = packBatches(sized(KiB1000));

    // Assess
    expect(ids(calls)).toEqual([['e0']]);
    expect(rejected).toEqual([]);
  });

  it('rejects a record of 1,024,001 bytes as too-large-for-fallback', () => {
    // Prepare
    const input = sized(10, KiB1000 + 1, 10);

    // Act
    const { calls, rejected } = packBatches(input);

    // Assess
    expect(ids(calls)).toEqual([['e0', 'e2']]);
    expect(rejected).toEqual([
      { entry: input[1], bytes: 1_024_001, reason: 'too-large-for-fallback' },
    ]);
  });

  it('lets a later small entry join an earlier call with room, in order', () => {
    // Prepare: e4 does not fit beside e0..e3; e5 still does
    const input = sized(
      1_000_000,
      1_000_000,
      1_000_000,
      1_000_000,
      300_000,
      100,
    );

    // Act
    const { calls } = packBatches(input);

    // Assess
    expect(ids(calls)).toEqual([['e0', 'e1', 'e2', 'e3', 'e5'], ['e4']]);
  });

  it('rejects limits a record could not fit in', () => {
    // Act / Assess
    expect(() =>
      packBatches(entries(1), {
        maxRecordsPerCall: 500,
        maxBytesPerCall: 10,
        maxBytesPerRecord: 11,
      }),
    ).toThrow(RangeError);
  });

  it('keeps every entry once, within limits, in input order, in no more calls than consecutive runs', () => {
    // Prepare: small limits so that both limits bind often
    const limits = {
      maxRecordsPerCall: 5,
      maxBytesPerCall: 100,
      maxBytesPerRecord: 40,
    };
    const sizes = fc.array(fc.integer({ min: 0, max: 45 }), { maxLength: 60 });

    fc.assert(
      fc.property(sizes, (byteSizes) => {
        const input = sized(...byteSizes);

        // Act
        const { calls, rejected } = packBatches(input, limits);

        // Assess
        const sent = calls.flat().map((entry) => entry.id);
        const refused = rejected.map((r) => r.entry.id);
        expect([...sent, ...refused].sort()).toEqual(
          input.map((e) => e.id).sort(),
        );
        expect(rejected.every((r) => r.bytes > 40)).toBe(true);
        for (const call of calls) {
          expect(call.length).toBeGreaterThan(0);
          expect(call.length).toBeLessThanOrEqual(5);
          const bytes = call.reduce((sum, e) => sum + e.data.byteLength, 0);
          expect(bytes).toBeLessThanOrEqual(100);
          const positions = call.map((e) => input.indexOf(e));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
        expect(calls.length).toBeLessThanOrEqual(
          consecutiveRuns(input, limits),
        );
      }),
    );
  });
});

/** Calls needed when cutting the input into consecutive runs (next fit). */
function consecutiveRuns(
  input: readonly BatchEntry[],
  limits: {
    maxRecordsPerCall: number;
    maxBytesPerCall: number;
    maxBytesPerRecord: number;
  },
): number {
  let runs = 0;
  let count = 0;
  let bytes = 0;
  for (const entry of input) {
    const size = entry.data.byteLength;
    if (size > limits.maxBytesPerRecord) continue;
    if (
      runs === 0 ||
      count + 1 > limits.maxRecordsPerCall ||
      bytes + size > limits.maxBytesPerCall
    ) {
      runs++;
      count = 0;
      bytes = 0;
    }
    count++;
    bytes += size;
  }
  return runs;
}
