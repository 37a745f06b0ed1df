import { describe, expect, it } from 'vitest';
import {
  buildManifest,
  isHiddenKey,
  manifestSummary,
  manifestText,
} from '../../../shared/commit/manifest.js';

const input = {
  bucket: 'b',
  prefix: 'events/year=2026/',
  partition: { year: '2026' },
  startMs: Date.parse('2026-01-01T00:00:00Z'),
  endMs: Date.parse('2027-01-01T00:00:00Z'),
  objects: [
    { key: 'events/year=2026/b', size: 5, etag: '"2"' },
    { key: 'events/year=2026/a', size: 3, etag: '"1"' },
  ],
  watermarkMs: Date.parse('2027-01-01T02:00:00Z'),
  allowedLatenessMs: 3_600_000,
  committedAtMs: Date.parse('2027-01-01T02:10:00Z'),
  deliveryStream: 's',
};

describe('buildManifest', () => {
  it('sorts the objects and sums them', () => {
    // Act
    const manifest = buildManifest(input);

    // Assess
    expect(manifest.objects.map((o) => o.key)).toEqual([
      'events/year=2026/a',
      'events/year=2026/b',
    ]);
    expect([manifest.objectCount, manifest.bytes]).toEqual([2, 8]);
    expect(manifest.window).toEqual({
      start: '2026-01-01T00:00:00.000Z',
      end: '2027-01-01T00:00:00.000Z',
    });
  });

  it('gives the same text for the same listing in any order', () => {
    // Act
    const a = manifestText(buildManifest(input));
    const b = manifestText(
      buildManifest({ ...input, objects: [...input.objects].reverse() }),
    );

    // Assess
    expect(a).toBe(b);
    expect(a.endsWith('}\n')).toBe(true);
  });

  it('summarises without the object list', () => {
    // Act
    const summary = manifestSummary(buildManifest(input), 'k/_SUCCESS');

    // Assess
    expect('objects' in summary).toBe(false);
    expect([summary.manifestKey, summary.objectCount]).toEqual([
      'k/_SUCCESS',
      2,
    ]);
  });
});

describe('isHiddenKey', () => {
  it.each([
    ['events/year=2026/_SUCCESS', true],
    ['events/year=2026/.tmp', true],
    ['events/year=2026/part-0', false],
    ['events/_x/part-0', false],
  ])('%s → %s', (key, hidden) => {
    // Act / Assess
    expect(isHiddenKey(key)).toBe(hidden);
  });
});
