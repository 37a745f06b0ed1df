import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalFirehose,
  startLocalFirehose,
} from '../../local/localFirehose.ts';
import { RUN_MARKER } from '../../local/objectSinks.ts';
import type { Manifest } from '../../shared/commit/manifest.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
// The template's defaults: hour partitions in UTC, AllowedLateness 1h.
const LATENESS = HOUR;
const START = Date.parse('2026-03-01T09:10:00Z');

// One local Firehose for all runs (its Lambda starts once): each run's
// records arrive in a span of days of their own, after the previous run
// was drained (every buffer flushed, every touched partition committed).
const SPAN = 3 * 24 * HOUR;
let scratch: string;
let out: string;
let firehose: LocalFirehose;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'local-commit-property-'));
  out = join(scratch, 'out');
  firehose = await startLocalFirehose({ out });
});

afterAll(async () => {
  await firehose.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** events/… or late/… prefix of the UTC hour holding `ms`. */
function hourPrefix(root: 'events' | 'late', ms: number): string {
  const d = new Date(ms).toISOString();
  return `${root}/year=${d.slice(0, 4)}/month=${d.slice(5, 7)}/day=${d.slice(8, 10)}/hour=${d.slice(11, 13)}/`;
}

function filesOf(folder: string): string[] {
  return readdirSync(folder, { recursive: true })
    .map(String)
    .filter((name) => name !== RUN_MARKER)
    .filter((name) => statSync(join(folder, name)).isFile())
    .map((name) => name.split('\\').join('/'))
    .sort();
}

/** Records in arrival order: each a gap after the previous one and an event-time delay. */
const arrivals = fc.array(
  fc.record({
    gapMs: fc.oneof(
      fc.integer({ min: 0, max: 2 * MIN }),
      fc.integer({ min: 0, max: 90 * MIN }),
    ),
    // Up to 3 h behind arrival (late past end + 1 h), never early.
    delayMs: fc.integer({ min: 0, max: 3 * HOUR }),
  }),
  { minLength: 1, maxLength: 20 },
);

let run = 0;

describe('local Firehose partition commit (property)', () => {
  it('never delivers into a committed partition, and files late records under their event-time partition', async () => {
    await fc.assert(
      fc.asyncProperty(arrivals, async (items) => {
        // Prepare
        let arrivalMs = START + SPAN * run++;
        const records = items.map((item, index) => {
          arrivalMs += item.gapMs;
          const eventMs = arrivalMs - item.delayMs;
          return {
            id: `e-${index}`,
            arrivalMs,
            eventMs,
            late: arrivalMs > hourEnd(eventMs) + LATENESS,
          };
        });

        // Act
        for (const r of records) {
          await firehose.advanceTo(r.arrivalMs);
          firehose.put('EventStream', [
            {
              data: Buffer.from(
                JSON.stringify({
                  eventId: `${run}-${r.id}`,
                  timestamp: new Date(r.eventMs).toISOString(),
                }),
              ),
              arrivalMs: r.arrivalMs,
            },
          ]);
        }
        await firehose.drain();
        const report = firehose.report();

        // Assess: every manifest lists exactly what its folder holds at the
        // end, so nothing was added after it (objects are never removed).
        expect(report.warnings).toEqual([]);
        const files = filesOf(out);
        const manifests = files.filter((key) => key.endsWith('/_SUCCESS'));
        for (const key of manifests) {
          const manifest = JSON.parse(
            readFileSync(join(out, key), 'utf8'),
          ) as Manifest;
          const folder = key.slice(0, -'_SUCCESS'.length);
          const inFolder = files.filter(
            (file) => file.startsWith(folder) && file !== key,
          );
          expect(manifest.objects.map((o) => o.key)).toEqual(inFolder);
        }
        const where = new Map<string, string[]>();
        for (const key of files) {
          if (key.endsWith('/_SUCCESS')) continue;
          for (const line of readFileSync(join(out, key), 'utf8').split('\n')) {
            if (line === '') continue;
            const parsed = JSON.parse(line) as {
              eventId?: string;
              record?: { eventId?: string };
            };
            const id = parsed.eventId ?? parsed.record?.eventId ?? '';
            where.set(id, [...(where.get(id) ?? []), key]);
          }
        }
        for (const record of records) {
          const keys = where.get(`${run}-${record.id}`) ?? [];
          expect(keys).toHaveLength(1);
          const key = keys[0] ?? '';
          if (record.late) {
            // Late: under its own event-time partition of late/.
            expect(key.startsWith(hourPrefix('late', record.eventMs))).toBe(
              true,
            );
          } else {
            // On time: in its partition, which the run committed.
            const prefix = hourPrefix('events', record.eventMs);
            expect(key.startsWith(prefix)).toBe(true);
            expect(manifests).toContain(`${prefix}_SUCCESS`);
          }
        }
      }),
      { seed: 13, numRuns: 10, endOnFailure: true },
    );
  }, 120_000);
});

function hourEnd(ms: number): number {
  return Math.floor(ms / HOUR) * HOUR + HOUR;
}
