import { describe, expect, it } from 'vitest';
import {
  type CommitOptions,
  commitPartitions,
} from '../../../shared/commit/commitPartitions.js';
import type { ManifestSummary } from '../../../shared/commit/manifest.js';
import { compilePartitionPrefix } from '../../../shared/commit/partitionPrefix.js';
import type { FreshnessWindow } from '../../../shared/commit/watermark.js';
import { createPartitioner } from '../../../shared/time/partitionWindow.js';
import { createMemoryStore } from '../../helpers/memoryPartitionStore.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const t = (iso: string) => Date.parse(iso);
const PREFIX = compilePartitionPrefix(
  'events/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/',
);

function options(
  overrides: Partial<CommitOptions> & { ageSeconds?: number } = {},
): CommitOptions & { windows: FreshnessWindow[] } {
  const windows: FreshnessWindow[] = [];
  const ageSeconds = overrides.ageSeconds ?? 60;
  return {
    windows,
    bucket: 'b',
    deliveryStream: 's',
    prefix: PREFIX,
    partition: createPartitioner({ granularity: 'hour', timeZone: 'UTC' }),
    rule: { allowedLatenessMs: HOUR, lookbackMs: 3 * HOUR },
    freshness: {
      periodMs: MIN,
      publicationDelayMs: 5 * MIN,
      idleAfterMs: undefined,
    },
    // One datapoint per period of the window, each `ageSeconds` old.
    readFreshness: async (window) => {
      windows.push(window);
      const points = [];
      for (let s = window.fromMs; s < window.toMs; s += window.periodMs) {
        points.push({ timestampMs: s, maximumSeconds: ageSeconds });
      }
      return points;
    },
    store: createMemoryStore(),
    concurrency: 2,
    ...overrides,
  };
}

describe('commitPartitions', () => {
  it('writes one manifest per complete partition with its objects', async () => {
    // Prepare
    const store = createMemoryStore({
      'events/day=01/hour=10/a': '{"a":1}\n',
      'events/day=01/hour=11/b': '{"b":1}\n',
    });
    const run = options({ store });

    // Act: W = 12:34 − 61 s = 12:32:59.
    const report = await commitPartitions(t('2026-03-01T12:40:00Z'), run);

    // Assess
    expect(run.windows[0]).toEqual({
      fromMs: t('2026-03-01T09:35:00Z'),
      toMs: t('2026-03-01T12:35:00Z'),
      periodMs: MIN,
    });
    // Completion instants in (09:32:59, 12:32:59): hours 08 to 10.
    expect(report.committed).toEqual([
      'events/day=01/hour=08/',
      'events/day=01/hour=09/',
      'events/day=01/hour=10/',
    ]);
    const manifest = JSON.parse(
      store.objects.get('events/day=01/hour=10/_SUCCESS') ?? '',
    );
    expect(manifest.objects).toEqual([
      { key: 'events/day=01/hour=10/a', size: 8, etag: '"23"' },
    ]);
    expect(store.objects.has('events/day=01/hour=11/_SUCCESS')).toBe(false);
  });

  it('never rewrites a manifest, and counts what was committed before', async () => {
    // Prepare
    const store = createMemoryStore({ 'events/day=01/hour=09/_SUCCESS': 'x' });

    // Act
    const report = await commitPartitions(
      t('2026-03-01T12:40:00Z'),
      options({ store }),
    );

    // Assess
    expect([report.committed, report.alreadyCommitted]).toEqual([
      ['events/day=01/hour=08/', 'events/day=01/hour=10/'],
      1,
    ]);
    expect(store.objects.get('events/day=01/hour=09/_SUCCESS')).toBe('x');
  });

  it('commits nothing without a watermark', async () => {
    // Prepare
    const store = createMemoryStore();

    // Act
    const report = await commitPartitions(
      t('2026-03-01T12:40:00Z'),
      options({ store, readFreshness: async () => [] }),
    );

    // Assess
    expect(report.watermark.evidence).toBe('none');
    expect(store.writes).toBe(0);
  });

  it('publishes a summary per commit and reports a failed publication', async () => {
    // Prepare
    const published: ManifestSummary[] = [];
    const publish = async (summary: ManifestSummary) => {
      if (summary.prefix.endsWith('hour=09/')) throw new Error('throttled');
      published.push(summary);
    };

    // Act
    const report = await commitPartitions(
      t('2026-03-01T12:40:00Z'),
      options({ publish }),
    );

    // Assess
    expect(published.map((s) => s.manifestKey).sort()).toEqual([
      'events/day=01/hour=08/_SUCCESS',
      'events/day=01/hour=10/_SUCCESS',
    ]);
    expect(report.publishFailures.map((f) => f.prefix)).toEqual([
      'events/day=01/hour=09/',
    ]);
    expect(report.committed.length).toBe(3);
  });
});
