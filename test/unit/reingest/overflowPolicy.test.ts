import { describe, expect, it } from 'vitest';
import type {
  FirehoseRecord,
  FirehoseResponse,
  Verdict,
} from '#shared/firehose/types.js';
import { ok, okWithParts } from '#shared/firehose/verdicts.js';
import { createInvocationSummary } from '#shared/observability/invocationSummary.js';
import { createLogger } from '#shared/observability/logger.js';
import { runBatch } from '#shared/pipeline/runBatch.js';
import {
  createReingestPolicy,
  failOverflow,
  type OverflowPolicy,
} from '#shared/reingest/overflowPolicy.js';
import { createReingestMarker } from '#shared/reingest/reingestMarker.js';
import type {
  BatchEntry,
  EntryResult,
} from '#shared/senders/batchTransport.js';
import {
  b64,
  fakeContext,
  firehoseEvent,
  firehoseRecord,
} from '../../helpers/records.js';
import { createFakeTransport, refused } from '../senders/fakeTransport.js';

const config = {
  enabled: true,
  maxAttempts: 2,
  safetyMarginMs: 100,
  markerKey: 'k'.repeat(32),
  markerKeyIsLocal: false,
};
const marker = createReingestMarker(config.markerKey);
const markerLine = (keys: Record<string, string>, payload: Buffer) =>
  marker.markerLine(payload, keys);
const keys = { year: '2026', month: '03', day: '01', hour: '10' };
// ~1,000 bytes of output per record: 10 records make ~13.5 KB of response.
const output = (i: number) =>
  `${JSON.stringify({ n: i, pad: 'p'.repeat(980) })}\n`;

function fakeStream(accept: (entry: BatchEntry) => boolean = () => true) {
  const transport = createFakeTransport(
    () => ({
      each: (entry): EntryResult => (accept(entry) ? { ok: true } : refused()),
    }),
    { latencyMs: 1 },
  );
  const streams: string[] = [];
  return {
    transport,
    streams,
    transports: {
      firehose: (name: string) => {
        streams.push(name);
        return transport;
      },
      kinesis: (arn: string) => {
        streams.push(arn);
        return transport;
      },
    },
  };
}

/** Every record answered Ok with `output(i)` and the keys. */
async function run(
  records: FirehoseRecord[],
  overflow: OverflowPolicy,
  decide: (i: number) => Verdict = (i) => ok(b64(output(i)), keys),
): Promise<FirehoseResponse> {
  const logger = createLogger({}, {}, () => undefined);
  return runBatch(
    firehoseEvent(records),
    fakeContext(),
    (fresh) => fresh.map((record) => decide(records.indexOf(record))),
    { logger, namespace: 'Test', functionName: 'test' },
    overflow,
  );
}

const records = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    firehoseRecord('{}', { recordId: `r${i}` }),
  );
const bytes = (response: FirehoseResponse) =>
  Buffer.byteLength(JSON.stringify(response));

describe('createReingestPolicy', () => {
  it('re-ingests what does not fit and answers it Dropped once confirmed', async () => {
    // Prepare
    const stream = fakeStream();
    const overflow = createReingestPolicy(config, {
      budgetBytes: 8_000,
      transports: stream.transports,
    });
    const input = records(10);

    // Act
    const response = await run(input, overflow);

    // Assess
    expect(bytes(response)).toBeLessThanOrEqual(8_000);
    const results = response.records.map((r) => r.result);
    const moved = results.flatMap((result, i) =>
      result === 'Dropped' ? [i] : [],
    );
    expect(moved.length).toBeGreaterThan(0);
    expect(stream.streams).toEqual(['EventStream']);
    // Every moved record's output was confirmed once, with its marker.
    const sent = stream.transport.calls.flatMap((call) => call.ids);
    expect(sent.sort()).toEqual(moved.map((i) => `r${i}#0`).sort());
    expect(stream.transport.confirmed.length).toBe(moved.length);
  });

  it('fails what was not confirmed: nothing is Dropped without confirmation', async () => {
    // Prepare
    const stream = fakeStream((entry) => entry.id !== 'r9#0');
    const overflow = createReingestPolicy(config, {
      budgetBytes: 8_000,
      transports: stream.transports,
    });

    // Act
    const response = await run(records(10), overflow);

    // Assess
    const answer = response.records[9];
    expect(answer?.result).toBe('ProcessingFailed');
    for (const [i, record] of response.records.entries()) {
      if (record.result === 'Dropped') {
        expect(stream.transport.confirmed).toContain(`r${i}#0`);
      }
    }
    expect(stream.transport.confirmed).not.toContain('r9#0');
  });

  it('answers a re-ingested record Ok with its keys, without the processor', async () => {
    // Prepare
    const stream = fakeStream();
    const overflow = createReingestPolicy(config, {
      transports: stream.transports,
    });
    const payload = Buffer.from('{"a":1}\n');
    const marked = firehoseRecord(
      Buffer.concat([markerLine(keys, payload), payload]).toString('base64'),
      { raw: true },
    );
    let processed = 0;

    // Act
    const response = await run([marked], overflow, () => {
      processed++;
      return ok('');
    });

    // Assess
    expect(processed).toBe(0);
    expect(response.records[0]).toEqual({
      recordId: marked.recordId,
      result: 'Ok',
      data: payload.toString('base64'),
      metadata: { partitionKeys: keys },
    });
  });

  it('fails a re-ingested record that still does not fit, and never re-ingests it', async () => {
    // Prepare: a record that came back, then one that did not fit before.
    const stream = fakeStream();
    const overflow = createReingestPolicy(config, {
      budgetBytes: 1_000,
      transports: stream.transports,
    });
    const marked = firehoseRecord(
      Buffer.concat([
        markerLine(keys, Buffer.from(output(0))),
        Buffer.from(output(0)),
      ]).toString('base64'),
      { raw: true, recordId: 'came-back' },
    );

    // Act
    const response = await run([marked], overflow);

    // Assess
    expect(response.records[0]?.result).toBe('ProcessingFailed');
    expect(response.records[0]?.data).toBe(marked.data);
    expect(stream.transport.calls).toEqual([]);
  });

  it('re-ingests the parts of other partitions and keeps the Ok once confirmed', async () => {
    // Prepare
    const stream = fakeStream();
    const overflow = createReingestPolicy(config, {
      transports: stream.transports,
    });
    const other = { ...keys, hour: '11' };
    const part = { data: Buffer.from('{"late":1}\n'), partitionKeys: other };

    // Act
    const response = await run(records(1), overflow, () =>
      okWithParts(b64('{"early":1}\n'), keys, [part]),
    );

    // Assess
    expect(response.records[0]?.result).toBe('Ok');
    expect(response.records[0]?.metadata?.partitionKeys).toEqual(keys);
    const sent = stream.transport.confirmed;
    expect(sent).toEqual(['r0#0']);
  });

  it('cuts an output too large for one re-ingested record into pieces', async () => {
    // Prepare: 3 MB of output in one record: over 1,000 KiB.
    const stream = fakeStream();
    const overflow = createReingestPolicy(config, {
      budgetBytes: 100_000,
      transports: stream.transports,
    });
    const big = output(0).repeat(3_000);
    const received: Buffer[] = [];
    const send = stream.transport.send;
    stream.transport.send = async (entries, signal) => {
      for (const entry of entries) received.push(Buffer.from(entry.data));
      return send(entries, signal);
    };

    // Act
    const response = await run(records(1), overflow, () => ok(b64(big), keys));

    // Assess
    expect(response.records[0]?.result).toBe('Dropped');
    expect(received.length).toBe(3);
    let joined = '';
    for (const data of received) {
      expect(data.length).toBeLessThanOrEqual(1_024_000);
      const read = marker.read(data);
      if (read === undefined || 'result' in read) throw new Error('no marker');
      expect(read.partitionKeys).toEqual(keys);
      joined += read.payload.toString('utf8');
    }
    expect(joined).toBe(big);
  });

  it('fails the overflow when the event names no stream (SAM sample ARN)', async () => {
    // Prepare
    const stream = fakeStream();
    const overflow = createReingestPolicy(config, {
      budgetBytes: 8_000,
      transports: stream.transports,
    });
    const logger = createLogger({}, {}, () => undefined);
    const event = {
      ...firehoseEvent(records(10)),
      deliveryStreamArn: 'arn:aws:kinesis:EXAMPLE',
    };

    // Act
    const response = await runBatch(
      event,
      fakeContext(),
      (fresh) => fresh.map((_, i) => ok(b64(output(i)), keys)),
      { logger, namespace: 'Test', functionName: 'test' },
      overflow,
    );

    // Assess
    const results = response.records.map((r) => r.result);
    expect(results).not.toContain('Dropped');
    expect(results).toContain('ProcessingFailed');
    expect(stream.transport.calls).toEqual([]);
  });
});

describe('failOverflow (REINGEST=false)', () => {
  it('is what createReingestPolicy gives when re-ingestion is off', () => {
    // Prepare
    const off = { ...config, enabled: false };

    // Act
    const policy = createReingestPolicy(off);

    // Assess
    expect(policy.settle).toBe(failOverflow.settle);
    expect(policy.marker).toBeDefined();
  });

  it('fails output spanning partitions with mixed-partitions', async () => {
    // Prepare
    const part = { data: Buffer.from('{"b":1}\n'), partitionKeys: keys };
    const verdict = okWithParts(b64('{"a":1}\n'), keys, [part]);
    const logger = createLogger({}, {}, () => undefined);

    // Act
    const [settled] = await failOverflow.settle({
      records: records(1),
      verdicts: [verdict],
      reingested: [false],
      source: { deliveryStreamArn: '', sourceKinesisStreamArn: undefined },
      context: fakeContext(),
      summary: createInvocationSummary({
        logger,
        namespace: 'T',
        functionName: 't',
      }),
    });

    // Assess
    expect(settled).toMatchObject({
      result: 'ProcessingFailed',
      reason: 'mixed-partitions',
    });
  });
});
