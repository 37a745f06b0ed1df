import { describe, expect, it } from 'vitest';
import { buildFallbackPayload } from '#shared/lateness/fallbackEnvelope.js';
import { parseJsonLines } from '#shared/records/jsonLines.js';

describe('buildFallbackPayload', () => {
  it('wraps each line in an envelope that embeds it verbatim', () => {
    // Prepare
    const original = '{"id":12345678901234567890,"s":"\\u00e9"}';
    const lines = parseJsonLines(`${original}\n{"id":2}`).lines;

    // Act
    const payload = buildFallbackPayload(lines, {
      reason: 'late',
      recordId: 'rec-1',
      eventTimeMs: Date.UTC(2026, 2, 1, 10, 15),
      arrivalMs: Date.UTC(2026, 2, 1, 12, 20),
      partition: { year: '2026', month: '03', day: '01', hour: '10' },
      sourceStream: 'arn:aws:firehose:us-east-1:1:deliverystream/EventStream',
    })?.toString('utf8') as string;

    // Assess
    expect(payload.endsWith('\n')).toBe(true);
    const envelopes = payload.slice(0, -1).split('\n');
    expect(envelopes).toHaveLength(2);
    expect(envelopes[0]).toContain(`"record":${original}}`);
    expect(JSON.parse(envelopes[1] as string)).toEqual({
      reason: 'late',
      recordId: 'rec-1',
      line: 1,
      lines: 2,
      eventTime: '2026-03-01T10:15:00.000Z',
      arrivalTime: '2026-03-01T12:20:00.000Z',
      partition: { year: '2026', month: '03', day: '01', hour: '10' },
      sourceStream: 'arn:aws:firehose:us-east-1:1:deliverystream/EventStream',
      record: { id: 2 },
    });
  });

  const facts = {
    reason: 'early' as const,
    recordId: 'rec-1',
    eventTimeMs: Date.UTC(2026, 2, 1, 10, 15),
    arrivalMs: 1e300,
    partition: { year: '2026' },
    sourceStream: 'arn:aws:firehose:us-east-1:1:deliverystream/EventStream',
  };

  it('never throws on a time outside the Date range (RangeError, issue 10 §4)', () => {
    // Prepare
    const lines = parseJsonLines('{"a":1}').lines;

    // Act
    const payload = buildFallbackPayload(lines, facts);

    // Assess
    expect(JSON.parse(payload?.toString('utf8') ?? '')).toMatchObject({
      arrivalTime: null,
      eventTime: '2026-03-01T10:15:00.000Z',
    });
  });

  it('stops building once the payload passes maxBytes (amplification)', () => {
    // Prepare: 100k tiny lines, each of which grows ~40-fold.
    const lines = parseJsonLines('{}\n'.repeat(100_000)).lines;

    // Act
    const bounded = buildFallbackPayload(lines, facts, 1_024_000);
    const small = buildFallbackPayload(lines.slice(0, 10), facts, 1_024_000);

    // Assess
    expect(bounded).toBe(undefined);
    expect(small?.toString('utf8').split('\n')).toHaveLength(11);
  });
});
