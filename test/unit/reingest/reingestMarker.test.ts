import { describe, expect, it } from 'vitest';
import type { FailedVerdict } from '#shared/firehose/types.js';
import {
  createReingestMarker,
  LOCAL_MARKER_KEY,
  looksReingested,
} from '#shared/reingest/reingestMarker.js';

const keys = { year: '2026', month: '03', dt: '2026-03-01' };
const output = Buffer.from('{"a":1}\n{"b":2}\n');
const marker = createReingestMarker('s'.repeat(40));
const mark = (payload: Buffer, partitionKeys?: Record<string, string>) =>
  Buffer.concat([marker.markerLine(payload, partitionKeys), payload]);
const reasonOf = (data: Buffer) => (marker.read(data) as FailedVerdict).reason;
const detailOf = (data: Buffer) => (marker.read(data) as FailedVerdict).detail;

describe('createReingestMarker', () => {
  it('writes one JSON line naming the project, the version, a mac and the keys', () => {
    // Prepare
    const line = marker.markerLine(output, keys).toString('utf8');

    // Act
    const parsed = JSON.parse(line);

    // Assess
    expect(line.endsWith('}\n')).toBe(true);
    expect(parsed).toEqual({
      reingestedBy: 'firehose-processors',
      version: 2,
      mac: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      partitionKeys: keys,
    });
    expect(Buffer.byteLength(line)).toBe(marker.markerBytes(keys));
  });

  it('gives back the output and the keys of a record it marked', () => {
    // Prepare
    const marked = mark(output, keys);

    // Act
    const read = marker.read(marked);

    // Assess
    expect(read).toEqual({ payload: output, partitionKeys: keys });
    expect(looksReingested(marked.toString('base64'))).toBe(true);
  });

  it('reads a marker without keys (a function that does not partition)', () => {
    // Prepare
    const marked = mark(output);

    // Act
    const read = marker.read(marked);

    // Assess
    expect(read).toEqual({ payload: output, partitionKeys: undefined });
  });

  it('leaves ordinary data alone', () => {
    // Prepare
    const data = Buffer.from('{"reingestedBy":"someone else"}\n');

    // Act
    const read = marker.read(data);

    // Assess
    expect(read).toBe(undefined);
    expect(looksReingested(data.toString('base64'))).toBe(false);
    expect(looksReingested(output.toString('base64'))).toBe(false);
  });
});

describe('forged re-ingestion markers (issue 10 §4)', () => {
  it('refuses an unauthenticated version-1 marker, whatever follows it', () => {
    // Prepare: the old format, which anyone could write.
    const forged = Buffer.from(
      '{"reingestedBy":"firehose-processors","version":1,"partitionKeys":{"year":"1999"}}\nnot json',
    );

    // Act
    const reason = reasonOf(forged);

    // Assess
    expect(reason).toBe('invalid-reingest-marker');
  });

  it('refuses a marker signed with another key (another stack, or the public local key)', () => {
    // Prepare
    const local = createReingestMarker(LOCAL_MARKER_KEY);
    const forged = Buffer.concat([local.markerLine(output, keys), output]);

    // Act
    const detail = detailOf(forged);

    // Assess
    expect(detail).toMatch(/mac does not match/);
  });

  it('refuses a mac of 43 non-ASCII characters instead of throwing (a whole batch would fail)', () => {
    // Prepare
    const forged = Buffer.from(
      `{"reingestedBy":"firehose-processors","version":2,"mac":"${'é'.repeat(43)}"}\n{"a":1}\n`,
    );

    // Act
    const detail = detailOf(forged);

    // Assess
    expect(detail).toMatch(/mac does not match/);
  });

  it('refuses a valid marker whose content or keys were changed', () => {
    // Prepare
    const marked = mark(output, keys);
    const changedContent = Buffer.from(marked);
    changedContent[changedContent.length - 3] = 0x33; // '{"b":3}'
    const changedKeys = Buffer.from(
      marked.toString('utf8').replace('"2026"', '"1999"'),
    );

    // Act
    const reasons = [reasonOf(changedContent), reasonOf(changedKeys)];

    // Assess
    expect(reasons).toEqual([
      'invalid-reingest-marker',
      'invalid-reingest-marker',
    ]);
  });

  it.each([
    ['not JSON', 'hello'],
    ['no final newline', '{"a":1}'],
    ['CRLF line ends', '{"a":1}\r\n'],
    ['a blank line', '{"a":1}\n\n'],
  ])(
    'never accepts what is not JSON Lines after a signed marker: %s',
    (_what, text) => {
      // Prepare: even with the key (the public local one, say).
      const marked = mark(Buffer.from(text), keys);

      // Act
      const detail = detailOf(marked);

      // Assess
      expect(detail).toMatch(/not newline-terminated JSON Lines/);
    },
  );

  it('never accepts invalid UTF-8 after a signed marker', () => {
    // Prepare
    const marked = mark(Buffer.from([0x22, 0xff, 0x22, 0x0a]), keys);

    // Act
    const reason = reasonOf(marked);

    // Assess
    expect(reason).toBe('invalid-reingest-marker');
  });

  it.each([
    ['keys that could climb the S3 prefix', '"partitionKeys":{"year":".."}'],
    ['a key with a slash', '"partitionKeys":{"year":"2026/../x"}'],
    ['empty keys', '"partitionKeys":{}'],
    ['an unknown field', '"hops":2'],
  ])('refuses a marker with %s', (_what, extra) => {
    // Prepare
    const data = Buffer.from(
      `{"reingestedBy":"firehose-processors","version":2,${extra}}\n{}\n`,
    );

    // Act
    const reason = reasonOf(data);

    // Assess
    expect(reason).toBe('invalid-reingest-marker');
  });

  it('never quotes the marker content in the detail (record content in logs)', () => {
    // Prepare: a version value of 4 KB.
    const secret = 'x'.repeat(4000);
    const data = Buffer.from(
      `{"reingestedBy":"firehose-processors","version":"${secret}"}\n{}\n`,
    );

    // Act
    const detail = detailOf(data);

    // Assess
    expect(detail).toBe('unsupported version (expected 2)');
  });

  it('refuses a marker that is not JSON or has no newline within 4 KB', () => {
    // Prepare
    const inputs = [
      '{"reingestedBy":"firehose-processors",version:2}\n',
      `{"reingestedBy":"firehose-processors"${' '.repeat(5000)}`,
    ];

    // Act
    const reasons = inputs.map((text) => reasonOf(Buffer.from(text)));

    // Assess
    expect(reasons).toEqual([
      'invalid-reingest-marker',
      'invalid-reingest-marker',
    ]);
  });
});
