import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkContract } from './contract.js';
import { createFuzzFunction, type FunctionKind } from './fuzzFunctions.js';

const LIMIT = 6_291_456;
const ARRIVAL = Date.UTC(2026, 2, 1, 12);
const STREAM = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/fuzz';

/** As many copies of `data` as fit in a request of at most 6,291,456 bytes. */
function fullRequest(data: string, arrival = 0) {
  const records: {
    recordId: string;
    approximateArrivalTimestamp: number;
    data: string;
  }[] = [];
  const event = { deliveryStreamArn: STREAM, records };
  let bytes = Buffer.byteLength(JSON.stringify(event));
  for (let i = 0; ; i++) {
    const record = {
      recordId: String(i),
      approximateArrivalTimestamp: arrival,
      data,
    };
    const more = Buffer.byteLength(JSON.stringify(record)) + 1;
    if (bytes + more > LIMIT) break;
    records.push(record);
    bytes += more;
  }
  return event;
}

async function answer(
  kind: FunctionKind,
  event: ReturnType<typeof fullRequest>,
  env = {},
) {
  const outcome = await createFuzzFunction(kind, env)(event);
  checkContract(event, outcome, { kind, malformed: false });
  return outcome.response?.records ?? [];
}

describe('responses stay within 6,291,456 bytes for requests that do (issue 10 §4)', () => {
  it('answers a 3 MB record of non-ASCII "base64" with "" (was 7.47 MB)', async () => {
    // Prepare: 3M characters of U+014B, 6 MB of UTF-8 in the request.
    const event = {
      deliveryStreamArn: STREAM,
      records: [
        {
          recordId: 'big',
          approximateArrivalTimestamp: ARRIVAL,
          data: '\u014b'.repeat(3_000_000),
        },
        {
          recordId: 'small',
          approximateArrivalTimestamp: ARRIVAL,
          data: 'eyJhIjoxfQ==',
        },
      ],
    };
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(LIMIT);

    // Act
    const answers = await answer('transform', event);

    // Assess
    expect(answers.map((a) => [a.result, a.data])).toEqual([
      ['ProcessingFailed', ''],
      ['Ok', 'eyJhIjoxfQo='],
    ]);
  });

  it.each([['transform'], ['partition'], ['cloudWatchLogs']] as const)(
    '%s: a full request of failing records with short ids',
    async (kind) => {
      // Prepare: every failed answer must be no larger than its entry
      // (750 zero bytes: not JSON, not gzip; ~6k records keep it quick).
      const event = fullRequest('A'.repeat(1000));

      // Act
      const answers = await answer(kind, event);

      // Assess
      expect(answers.every((a) => a.result === 'ProcessingFailed')).toBe(true);
    },
  );

  it('partition: a full request of tiny records whose answers gain partition keys', async () => {
    // Prepare: each Ok answer adds ~100 bytes of metadata to a ~70-byte entry.
    const line = `{"timestamp":${ARRIVAL},"pad":"${'p'.repeat(400)}"}\n`;
    const data = Buffer.from(line).toString('base64');
    const event = fullRequest(data, ARRIVAL);

    // Act: re-ingestion off, so answerBatch's guard alone must hold.
    const answers = await answer('partition', event, { REINGEST: 'false' });

    // Assess
    const results = new Set(answers.map((a) => a.result));
    expect(results).toEqual(new Set(['Ok', 'ProcessingFailed']));
  });

  it('cloudWatchLogs: a full request of records that grow tenfold', async () => {
    // Prepare
    const message = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/aws/lambda/app',
      logStream: 's',
      subscriptionFilters: ['f'],
      logEvents: Array.from({ length: 50 }, (_, i) => ({
        id: String(i),
        timestamp: ARRIVAL,
        // Hex digests compress poorly: fewer, larger records.
        message: createHash('sha256').update(String(i)).digest('hex'),
      })),
    };
    const data = gzipSync(JSON.stringify(message)).toString('base64');
    const event = fullRequest(data, ARRIVAL);

    // Act
    const answers = await answer('cloudWatchLogs', event);

    // Assess: what did not fit was re-ingested (confirmed) or failed.
    expect(answers.some((a) => a.result === 'Ok')).toBe(true);
    expect(answers.some((a) => a.result !== 'Ok')).toBe(true);
  });

  describe('MSK overflow is never re-ingested (issue 10 §1)', () => {
    // 24 records of 1 MiB of JSON Lines, each ~1 KiB of gzip: the Ok
    // answers (~34 MB) cannot fit in one response.
    const line = `{"timestamp":${ARRIVAL},"a":1}\n`;
    const gzip = gzipSync(line.repeat(1_048_576 / line.length), { level: 9 });
    const records = (field: 'data' | 'kafkaRecordValue') =>
      Array.from({ length: 24 }, (_, i) => ({
        recordId: String(i),
        approximateArrivalTimestamp: ARRIVAL,
        [field]: gzip.toString('base64'),
        ...(field === 'kafkaRecordValue'
          ? { mskRecordMetadata: { topic: 't', partitionId: '0', offset: '1' } }
          : {}),
      }));

    it.each([['transform'], ['partition']] as const)(
      '%s: Direct PUT re-ingests what does not fit, MSK fails it with its kafkaRecordValue',
      async (kind) => {
        // Prepare: a decompression budget for all 24 MiB.
        const invoke = createFuzzFunction(kind, {
          MAX_DECOMPRESSED_BYTES: String(64 * 1_048_576),
        });
        const direct = { deliveryStreamArn: STREAM, records: records('data') };
        const msk = {
          deliveryStreamArn: STREAM,
          sourceMSKArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/c/1',
          records: records('kafkaRecordValue'),
        };

        // Act
        const viaPut = await invoke(direct);
        const viaMsk = await invoke(msk);

        // Assess: the fake senders saw Direct PUT's overflow, never MSK's.
        checkContract(direct, viaPut, { kind, malformed: false });
        checkContract(msk, viaMsk, { kind, malformed: false });
        expect(viaPut.reingestCalls).toBeGreaterThan(0);
        expect(viaMsk.reingestCalls).toBe(0);
        const answers = viaMsk.response?.records ?? [];
        expect(new Set(answers.map((a) => a.result))).toEqual(
          new Set(['Ok', 'ProcessingFailed']),
        );
        expect(answers.every((a) => a.data === undefined)).toBe(true);
        const failedAnswer = answers.find((a) => a.result !== 'Ok');
        expect(failedAnswer?.kafkaRecordValue).toBe(gzip.toString('base64'));
      },
    );
  });
});
