import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createPartitioner,
  type Granularity,
  type Partitioner,
} from '../../shared/time/partitionWindow.js';

const ALL_ZONES = Intl.supportedValuesOf('timeZone');
// Every third zone plus the awkward ones (30-minute and 2-hour DST,
// skipped midnights, fixed +05:45, the 2011 Samoa date-line jump).
const ZONES = [
  ...ALL_ZONES.filter((_, index) => index % 3 === 0),
  'UTC',
  'America/New_York',
  'Australia/Lord_Howe',
  'Antarctica/Troll',
  'America/Havana',
  'America/Santiago',
  'America/Sao_Paulo',
  'Asia/Kathmandu',
  'Pacific/Apia',
  'Africa/Casablanca',
];
const GRANULARITIES: readonly Granularity[] = [
  'year',
  'month',
  'day',
  'hour',
  'minute',
];
const RANK: Readonly<Record<Granularity, number>> = {
  year: 1,
  month: 2,
  day: 3,
  hour: 4,
  minute: 5,
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Keys straight from Intl formatToParts, independent of the code under test. */
function intlKeys(
  epochMs: number,
  zone: string,
  granularity: Granularity,
): Record<string, string> {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(epochMs)) {
    parts[part.type] = part.value;
  }
  const names = ['year', 'month', 'day', 'hour', 'minute'];
  const keys: Record<string, string> = {};
  for (const name of names.slice(0, RANK[granularity])) {
    const value = parts[name] as string;
    keys[name] = name === 'year' ? value.padStart(4, '0') : value;
  }
  if (RANK[granularity] >= RANK.day) {
    keys.dt = `${keys.year}-${keys.month}-${keys.day}`;
  }
  return keys;
}

/** The zone's offset at an instant, from Intl parts (test-side, independent). */
function intlOffset(epochMs: number, zone: string): number {
  const keys = intlKeys(epochMs, zone, 'minute');
  const wall = Date.UTC(
    Number(keys.year),
    Number(keys.month) - 1,
    Number(keys.day),
    Number(keys.hour),
    Number(keys.minute),
  );
  return wall - (epochMs - (((epochMs % 60_000) + 60_000) % 60_000));
}

/** An offset change in the year (by daily samples and bisection), if any. */
function changeIn(
  year: number,
  zone: string,
  pick: number,
): number | undefined {
  const days: number[] = [];
  let previous = intlOffset(Date.UTC(year, 0, 1), zone);
  for (let day = 1; day <= 366; day++) {
    const offset = intlOffset(Date.UTC(year, 0, 1) + day * 86_400_000, zone);
    if (offset !== previous) days.push(day);
    previous = offset;
  }
  if (days.length === 0) return undefined;
  const day = days[Math.floor(pick * days.length)] as number;
  let lo = Date.UTC(year, 0, 1) + (day - 1) * 86_400_000;
  let hi = lo + 86_400_000;
  const before = intlOffset(lo, zone);
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (intlOffset(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

const cached = new Map<string, Partitioner>();

function sharedPartitioner(zone: string, granularity: Granularity) {
  const name = `${zone} ${granularity}`;
  let partition = cached.get(name);
  if (partition === undefined) {
    partition = createPartitioner({ granularity, timeZone: zone });
    cached.set(name, partition);
  }
  return partition;
}

describe('partitionWindow properties', () => {
  it('matches Intl keys and is the maximal interval of equal keys', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...ZONES),
        fc.constantFrom(...GRANULARITIES),
        (at, zone, granularity) => {
          // Prepare
          const partition = sharedPartitioner(zone, granularity);
          const keysAt = (t: number) => intlKeys(t, zone, granularity);

          // Act
          const window = partition(at);

          // Assess
          expect(window.keys).toEqual(keysAt(at));
          expect(window.start).toBeLessThanOrEqual(at);
          expect(window.end).toBeGreaterThan(at);
          expect(keysAt(window.start)).toEqual(window.keys);
          expect(keysAt(window.end - 1)).toEqual(window.keys);
          expect(keysAt(window.end)).not.toEqual(window.keys);
          expect(keysAt(window.start - 1)).not.toEqual(window.keys);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('is exact around offset changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom<Granularity>('day', 'hour', 'minute'),
        fc.integer({ min: 1970, max: 2099 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }),
        (zone, granularity, year, pick, delta) => {
          // Prepare
          const change = changeIn(year, zone, pick);
          const at = (change ?? Date.UTC(year, 6, 1)) + delta;
          const keysAt = (t: number) => intlKeys(t, zone, granularity);

          // Act
          const window = sharedPartitioner(zone, granularity)(at);

          // Assess
          expect(window.keys).toEqual(keysAt(at));
          expect(window.start).toBeLessThanOrEqual(at);
          expect(window.end).toBeGreaterThan(at);
          expect(keysAt(window.start)).toEqual(window.keys);
          expect(keysAt(window.end - 1)).toEqual(window.keys);
          expect(keysAt(window.end)).not.toEqual(window.keys);
          expect(keysAt(window.start - 1)).not.toEqual(window.keys);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same windows from its cache as a fresh partitioner', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...GRANULARITIES),
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.array(fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), {
          minLength: 1,
          maxLength: 40,
        }),
        (zone, granularity, base, deltas) => {
          // Prepare
          const warm = createPartitioner({ granularity, timeZone: zone });
          const instants = deltas.map((delta) => base + delta);

          // Act
          const fromCache = instants.map((t) => warm(t));
          const fresh = instants.map((t) =>
            createPartitioner({ granularity, timeZone: zone })(t),
          );

          // Assess
          expect(fromCache).toEqual(fresh);
          for (let i = 0; i < instants.length; i++) {
            const again = warm(instants[i] as number);
            expect(again.keys).toBe((fromCache[i] as typeof again).keys);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
