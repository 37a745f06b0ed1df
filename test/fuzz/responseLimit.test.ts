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
});
