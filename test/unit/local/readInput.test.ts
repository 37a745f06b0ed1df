import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInput, parseInput } from '../../../local/readInput.ts';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'read-input-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function file(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe('openInput', () => {
  it('keeps invalid UTF-8 bytes of a line exactly as they are', () => {
    // Prepare
    const line = Buffer.concat([
      Buffer.from('{"id":"a","note":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ]);
    const path = file('bad.ndjson', Buffer.concat([line, Buffer.from('\n')]));

    // Act
    const records = [...openInput(path, { now: () => 1 }).records];

    // Assess
    expect(records).toHaveLength(1);
    expect(records[0]?.data.equals(line)).toBe(true);
  });

  it('splits on bytes across read chunks, drops CR, BOM and blank lines', () => {
    // Prepare: lines of 1,000 bytes cross the 1 MiB read chunks.
    const lines = Array.from(
      { length: 3_000 },
      (_, i) => `{"i":${i},"pad":"${'x'.repeat(980)}"}`,
    );
    const path = file('big.ndjson', `\uFEFF${lines.join('\r\n')}\r\n\r\n   \n`);

    // Act
    const input = openInput(path, { now: () => 1 });
    const texts = [...input.records].map((r) => r.data.toString('utf8'));

    // Assess
    expect(input.format).toBe('ndjson');
    expect(texts).toEqual(lines);
    expect(input.count).toBe(3_000);
  });

  it('reads records one at a time: nothing is read before it is asked for', () => {
    // Prepare
    const path = file('lazy.ndjson', '{"a":1}\n{"a":2}\n');
    const input = openInput(path, { now: () => 7 });

    // Act
    const iterator = input.records[Symbol.iterator]();
    const first = iterator.next();

    // Assess
    expect(first.value?.data.toString()).toBe('{"a":1}');
    expect(input.count).toBe(1);
  });

  it('replays out-of-order arrivals in arrival order, stably, from the file', () => {
    // Prepare
    const path = file(
      'unsorted.ndjson',
      [
        '{"id":"c","at":"2026-03-01T10:00:00Z"}',
        '{"id":"a","at":"2026-03-01T09:00:00Z"}',
        'not json: arrives with the line before',
        '{"id":"b","at":"2026-03-01T09:30:00Z"}',
      ].join('\n'),
    );

    // Act
    const input = openInput(path, { arrivalField: 'at' });
    const order = [...input.records].map((r) => r.data.toString());

    // Assess
    expect(input.missingArrival).toBe(1);
    expect(order).toEqual([
      '{"id":"a","at":"2026-03-01T09:00:00Z"}',
      'not json: arrives with the line before',
      '{"id":"b","at":"2026-03-01T09:30:00Z"}',
      '{"id":"c","at":"2026-03-01T10:00:00Z"}',
    ]);
  });

  it('reads a pretty-printed Firehose event whole, with its arrival times', () => {
    // Prepare
    const event = {
      invocationId: 'i',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:1:deliverystream/s',
      region: 'us-east-1',
      records: [
        {
          recordId: '2',
          approximateArrivalTimestamp: 20,
          data: Buffer.from([0xff]).toString('base64'),
        },
        { recordId: '1', approximateArrivalTimestamp: 10, data: 'e30=' },
      ],
    };
    const path = file('event.json', JSON.stringify(event, null, 2));

    // Act
    const input = openInput(path);
    const records = [...input.records];

    // Assess
    expect(input.format).toBe('firehose-event');
    expect(records.map((r) => r.arrivalMs)).toEqual([10, 20]);
    expect(records[1]?.data.equals(Buffer.from([0xff]))).toBe(true);
  });

  it('reads an Amazon MSK event (payload in kafkaRecordValue) as an event, not as NDJSON', () => {
    // Prepare
    const event = {
      sourceMSKArn: 'arn:aws:kafka:us-east-1:1:cluster/c/1',
      records: [
        {
          recordId: '1',
          approximateArrivalTimestamp: 10,
          kafkaRecordValue: Buffer.from('{"a":1}').toString('base64'),
          mskRecordMetadata: { offset: '0', partitionId: '0' },
        },
      ],
    };
    const path = file('msk.json', JSON.stringify(event, null, 2));

    // Act
    const input = openInput(path);
    const records = [...input.records];

    // Assess
    expect(input.format).toBe('firehose-event');
    expect(records.map((r) => r.data.toString('utf8'))).toEqual(['{"a":1}']);
  });
});

describe('parseInput', () => {
  it('takes bytes as well as text', () => {
    // Act
    const parsed = parseInput(Buffer.from([0x7b, 0x7d, 0x0a, 0xff, 0x0a]), {
      now: () => 3,
    });

    // Assess
    expect(parsed.records.map((r) => [...r.data])).toEqual([
      [0x7b, 0x7d],
      [0xff],
    ]);
  });
});
