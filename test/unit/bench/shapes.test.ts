import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  handWrittenPartitioner,
  intlPartitioner,
  naiveTransform,
} from '../../../bench/lib/baseline.ts';
import {
  REQUEST_BUDGET,
  writeRecordsEvent,
} from '../../../bench/lib/datasets.ts';
import { SHAPES, shapeVariants } from '../../../bench/lib/shapes.ts';
import type { FirehoseEvent } from '../../../shared/firehose/types.js';

const workDir = mkdtempSync(join(tmpdir(), 'bench-shapes-test-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function eventOf(lines: string[]): FirehoseEvent {
  return {
    invocationId: 'test',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:x/y',
    region: 'us-east-1',
    records: lines.map((line, i) => ({
      recordId: String(i),
      approximateArrivalTimestamp: 0,
      data: Buffer.from(line).toString('base64'),
    })),
  };
}

describe('bench record shapes', () => {
  it.each(SHAPES.map((shape) => [shape.id, shape] as const))(
    'builds %s records as canonical JSON with a parseable event time',
    (_id, shape) => {
      // Prepare
      const lines = [0, 1, 999, 54_321].map(shape.line);

      // Act
      const parsed = lines.map(
        (line) => JSON.parse(line) as Record<string, unknown>,
      );

      // Assess
      for (const [i, line] of lines.entries()) {
        expect(JSON.stringify(parsed[i])).toBe(line);
        expect(line).not.toContain('\n');
        const time = Date.parse(String(parsed[i]?.[shape.timestampField]));
        expect(Number.isNaN(time)).toBe(false);
      }
    },
  );

  it('gives each shape the size the table names', () => {
    // Prepare
    const byId = Object.fromEntries(SHAPES.map((s) => [s.id, s]));

    // Act
    const length = (id: string) => byId[id]?.line(42).length;
    const values = JSON.parse(byId.numbers?.line(42) ?? '{}').values;

    // Assess
    expect(length('strings')).toBe(1023);
    expect(JSON.parse(byId.strings?.line(42) ?? '{}').body).toHaveLength(850);
    expect(length('applog')).toBe(1023);
    expect(length('orders')).toBe(1023);
    expect(length('clicks')).toBe(79);
    expect(values).toHaveLength(100);
    expect(values.every((v: unknown) => typeof v === 'number')).toBe(true);
  });

  it('selects rows with and without a final newline by id', () => {
    // Act
    const ids = shapeVariants(/^clicks/).map((v) => [v.id, v.newline]);

    // Assess
    expect(ids).toEqual([
      ['clicks', true],
      ['clicks-raw', false],
    ]);
    expect(shapeVariants()).toHaveLength(2 * SHAPES.length);
  });

  it('writes a full batch within the request budget, newline or not', () => {
    // Prepare
    const line = SHAPES.find((s) => s.id === 'clicks')?.line ?? String;

    // Act
    const withNewline = writeRecordsEvent(join(workDir, 'a.json'), line);
    const without = writeRecordsEvent(join(workDir, 'b.json'), line, {
      canonical: false,
      maxRecords: withNewline.records,
    });
    const event = JSON.parse(
      readFileSync(without.path, 'utf8'),
    ) as FirehoseEvent;

    // Assess
    expect(withNewline.requestBytes).toBeLessThanOrEqual(REQUEST_BUDGET);
    expect(without.records).toBe(withNewline.records);
    expect(event.records).toHaveLength(without.records);
    const first = Buffer.from(event.records[0]?.data ?? '', 'base64');
    expect(first.toString()).toBe(line(0));
  });
});

describe('bench partitioner baselines', () => {
  it('agree on UTC keys, and the zoned one shifts them to the zone', () => {
    // Prepare
    const event = eventOf([
      '{"ts":"2026-03-01T03:30:00.000Z","n":1}',
      '{"ts":"2026-07-01T23:59:59.999Z","n":2}',
    ]);

    // Act
    const keys = (response: ReturnType<typeof naiveTransform>) =>
      response.records.map((r) => r.metadata?.partitionKeys);
    const utc = keys(handWrittenPartitioner('ts')(event));
    const intlUtc = keys(intlPartitioner('ts', 'UTC')(event));
    const newYork = keys(intlPartitioner('ts', 'America/New_York')(event));

    // Assess
    expect(utc).toEqual([
      { year: '2026', month: '03', day: '01', hour: '03' },
      { year: '2026', month: '07', day: '01', hour: '23' },
    ]);
    expect(intlUtc).toEqual(utc);
    expect(newYork).toEqual([
      { year: '2026', month: '02', day: '28', hour: '22' },
      { year: '2026', month: '07', day: '01', hour: '19' },
    ]);
  });

  it('answer the same data as the naive transform', () => {
    // Prepare
    const event = eventOf(['{"ts":"2026-03-01T03:30:00Z","a":[1,2]}']);

    // Act
    const naive = naiveTransform(event).records[0]?.data;
    const hand = handWrittenPartitioner('ts')(event).records[0]?.data;

    // Assess
    expect(hand).toBe(naive);
    expect(Buffer.from(naive ?? '', 'base64').toString()).toBe(
      '{"ts":"2026-03-01T03:30:00Z","a":[1,2]}\n',
    );
  });
});
