import { createHmac } from 'node:crypto';
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
      version: 3,
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
    expect(read).toEqual({
      payload: output,
      partitionKeys: keys,
      timing: undefined,
      version: 3,
    });
    expect(looksReingested(marked.toString('base64'))).toBe(true);
  });

  it('reads a marker without keys (a function that does not partition)', () => {
    // Prepare
    const marked = mark(output);

    // Act
    const read = marker.read(marked);

    // Assess
    expect(read).toEqual({
      payload: output,
      partitionKeys: undefined,
      timing: undefined,
      version: 3,
    });
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
    expect(detail).toBe('unsupported version (expected 3 or 2)');
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

const timing = {
  windowEndMs: 1_772_362_800_000,
  eventTimeMs: 1_772_360_100_000,
};
const markTimed = (payload: Buffer) =>
  Buffer.concat([marker.markerLine(payload, keys, timing), payload]);

/** A marker as version 2 wrote it (keys, no timing), signed with `key`. */
function version2(payload: Buffer, partitionKeys: Record<string, string>) {
  const keysJson = JSON.stringify(partitionKeys);
  const mac = createHmac('sha256', 's'.repeat(40))
    .update(`{"reingestedBy":"firehose-processors"/2\n${keysJson}\n`)
    .update(payload)
    .digest('base64url');
  return Buffer.concat([
    Buffer.from(
      `{"reingestedBy":"firehose-processors","version":2,"mac":"${mac}","partitionKeys":${keysJson}}\n`,
    ),
    payload,
  ]);
}

describe('the window end and event time in the marker (issue 13)', () => {
  it('writes windowEnd and eventTime as epoch ms after the keys', () => {
    // Prepare
    const line = marker.markerLine(output, keys, timing).toString('utf8');

    // Act
    const parsed = JSON.parse(line);

    // Assess
    expect(parsed.windowEnd).toBe(1_772_362_800_000);
    expect(parsed.eventTime).toBe(1_772_360_100_000);
    expect(parsed.version).toBe(3);
    expect(Buffer.byteLength(line)).toBe(marker.markerBytes(keys, timing));
  });

  it('gives the timing back with the keys', () => {
    // Prepare
    const marked = markTimed(output);

    // Act
    const read = marker.read(marked);

    // Assess
    expect(read).toEqual({
      payload: output,
      partitionKeys: keys,
      timing,
      version: 3,
    });
  });

  it('writes no timing without keys (it would describe nothing)', () => {
    // Prepare
    const line = marker.markerLine(output, undefined, timing).toString('utf8');

    // Act
    const parsed = JSON.parse(line);

    // Assess
    expect('windowEnd' in parsed).toBe(false);
    expect(Buffer.byteLength(line)).toBe(marker.markerBytes(undefined, timing));
  });

  it.each([
    ['a later window end', '1772362800000', '1772366400000'],
    ['an earlier event time', '1772360100000', '1772356500000'],
  ])(
    'refuses a signed marker given %s (the MAC covers it)',
    (_what, from, to) => {
      // Prepare: a producer moving a record back into time.
      const text = markTimed(output).toString('utf8');
      const altered = Buffer.from(text.replace(from, to));

      // Act
      const detail = detailOf(altered);

      // Assess
      expect(altered.toString('utf8')).not.toBe(text);
      expect(detail).toMatch(/mac does not match/);
    },
  );

  it('refuses a timing taken off a signed marker', () => {
    // Prepare: without it the record could not be judged late.
    const text = markTimed(output).toString('utf8');
    const stripped = Buffer.from(
      text.replace(/,"windowEnd":\d+,"eventTime":\d+/, ''),
    );

    // Act
    const detail = detailOf(stripped);

    // Assess
    expect(stripped.toString('utf8')).not.toBe(text);
    expect(detail).toMatch(/mac does not match/);
  });

  it.each([
    ['only a window end', '"partitionKeys":{"year":"2026"},"windowEnd":1'],
    ['a timing without keys', '"windowEnd":1,"eventTime":1'],
    [
      'a fractional window end',
      '"partitionKeys":{"year":"2026"},"windowEnd":1.5,"eventTime":1',
    ],
    [
      'a window end as a string',
      '"partitionKeys":{"year":"2026"},"windowEnd":"1","eventTime":1',
    ],
    [
      'a time outside the Date range',
      '"partitionKeys":{"year":"2026"},"windowEnd":9e15,"eventTime":1',
    ],
  ])('refuses a marker with %s', (_what, extra) => {
    // Prepare
    const data = Buffer.from(
      `{"reingestedBy":"firehose-processors","version":3,"mac":"${'A'.repeat(43)}",${extra}}\n{}\n`,
    );

    // Act
    const detail = detailOf(data);

    // Assess
    expect(detail).toMatch(/windowEnd and eventTime/);
  });

  it('still reads a signed version-2 marker, without timing', () => {
    // Prepare: re-ingested before the upgrade.
    const marked = version2(output, keys);

    // Act
    const read = marker.read(marked);

    // Assess
    expect(read).toEqual({
      payload: output,
      partitionKeys: keys,
      timing: undefined,
      version: 2,
    });
  });

  it('refuses a version-2 marker that carries a timing or was altered', () => {
    // Prepare
    const text = version2(output, keys).toString('utf8');
    const withTiming = Buffer.from(
      text.replace('}}\n', '},"windowEnd":1,"eventTime":1}\n'),
    );
    const altered = Buffer.from(text.replace('"2026"', '"1999"'));

    // Act
    const details = [detailOf(withTiming), detailOf(altered)];

    // Assess
    expect(details[0]).toMatch(/unknown field/);
    expect(details[1]).toMatch(/mac does not match/);
  });
});
