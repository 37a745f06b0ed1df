import { describe, expect, it } from 'vitest';
import {
  type CommitFunctionConfig,
  createPartitionCommitter,
  scheduleInterval,
} from '../../../local/commit/partitionCommitter.ts';
import { readCommitConfig } from '../../../shared/commit/commitConfig.js';
import type { Manifest } from '../../../shared/commit/manifest.js';

const t = (iso: string) => Date.parse(iso);

const commit: CommitFunctionConfig = {
  functionLogicalId: 'PartitionCommitFunction',
  streamName: 'local-EventStream',
  config: readCommitConfig({
    DATA_BUCKET: 'local-databucket',
    EVENTS_PREFIX: 'events/hour=!{partitionKeyFromLambda:hour}/',
    DELIVERY_STREAM_NAME: 'local-EventStream',
  }),
  intervalMs: 300_000,
  warning: undefined,
};

describe('scheduleInterval', () => {
  it('reads rate() expressions and nothing else', () => {
    // Act / Assess
    expect(scheduleInterval('rate(5 minutes)')).toBe(300_000);
    expect(scheduleInterval('rate(1 hour)')).toBe(3_600_000);
    expect(scheduleInterval('rate(2 days)')).toBe(172_800_000);
    expect(scheduleInterval('rate(0 minutes)')).toBeUndefined();
    expect(scheduleInterval('cron(0/5 * * * ? *)')).toBeUndefined();
  });
});

describe('createPartitionCommitter', () => {
  it('commits on the schedule once the watermark passes end + lateness, then stops', async () => {
    // Prepare: one object of hour 10, a record of hour 11 still in flight.
    let inFlight: number[] = [t('2026-03-01T11:58:00Z')];
    const written = new Map<string, string>();
    const committer = createPartitionCommitter({
      commit,
      bucket: 'out',
      inFlightArrivals: () => inFlight,
      sink: {
        async put(key, body) {
          written.set(key, body.toString('utf8'));
        },
      },
    });
    committer.noteArrival(t('2026-03-01T10:30:00Z'));
    committer.noteObject({
      key: 'events/hour=10/a',
      kind: 'data',
      bytes: 3,
      records: 1,
      etag: '"x"',
      oldestArrivalMs: t('2026-03-01T10:30:00Z'),
    });

    // Act / Assess: the first tick after the first arrival.
    expect(committer.nextTick()).toBe(t('2026-03-01T10:35:00Z'));
    await committer.runDue(t('2026-03-01T12:05:00Z'));
    // W = 11:58 < 11:00 + 1 h: hour 10 waits; hour 09 (completion 11:00,
    // after the first arrival) is committed, empty.
    expect([...written.keys()]).toEqual(['events/hour=09/_SUCCESS']);
    expect(committer.nextTick()).toBe(t('2026-03-01T12:10:00Z'));

    // Act: the record is delivered; the clock is the watermark.
    inFlight = [];
    await committer.runDue(t('2026-03-01T12:10:00Z'));

    // Assess
    const manifest = JSON.parse(
      written.get('events/hour=10/_SUCCESS') ?? '{}',
    ) as Manifest;
    expect(manifest.objects).toEqual([
      { key: 'events/hour=10/a', size: 3, etag: '"x"' },
    ]);
    expect(manifest.committedAt).toBe('2026-03-01T12:10:00.000Z');
    expect(manifest.watermark).toBe('2026-03-01T12:10:00.000Z');
    expect(committer.manifests).toHaveLength(2);
    expect(committer.uncommitted).toEqual([]);
    expect(committer.nextTick()).toBeUndefined();
  });

  it('counts an object written into a committed partition', async () => {
    // Prepare
    const committer = createPartitionCommitter({
      commit,
      bucket: 'out',
      inFlightArrivals: () => [],
      sink: { put: async () => {} },
    });
    committer.noteArrival(t('2026-03-01T10:30:00Z'));
    committer.noteObject({
      key: 'events/hour=10/a',
      kind: 'data',
      bytes: 1,
      records: 1,
      etag: '"a"',
      oldestArrivalMs: t('2026-03-01T10:30:00Z'),
    });
    await committer.runDue(t('2026-03-01T12:05:00Z'));

    // Act
    committer.noteObject({
      key: 'events/hour=10/b',
      kind: 'data',
      bytes: 1,
      records: 1,
      etag: '"b"',
      oldestArrivalMs: t('2026-03-01T10:30:00Z'),
    });

    // Assess
    expect(committer.afterCommit).toBe(1);
  });
});
