/**
 * fast-check generators of hostile Firehose events for the fuzz suite:
 * random bytes and base64 variants, invalid UTF-8, Unicode whitespace,
 * deep nesting, huge numbers, duplicate keys, tiny and huge records,
 * forged and signed re-ingestion markers, malformed arrival times and
 * metadata, gzip bombs and amplifiers (CloudWatch Logs).
 *
 * The record source is a parameter (`RecordSource`): Direct PUT, Kinesis
 * and Amazon MSK (`kafkaRecordValue` instead of `data`, with
 * `mskRecordMetadata` and the event's `sourceMSKArn`).
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { createReingestMarker } from '#shared/reingest/reingestMarker.js';
import { FUZZ_MARKER_KEY, type FunctionKind } from './fuzzFunctions.js';

/** Where the records come from: it decides the event's shape. */
export const RecordSource = {
  directPut: 'direct-put',
  kinesis: 'kinesis',
  msk: 'msk',
} as const;
export type RecordSource = (typeof RecordSource)[keyof typeof RecordSource];

/** A generated event and what the contract check must know of it. */
export interface HostileEvent {
  readonly event: {
    readonly records: HostileRecord[];
    readonly [field: string]: unknown;
  };
  /**
   * Some entry is not what Firehose sends (its arrival time, or for MSK
   * its payload fields or metadata): the event must be refused with a
   * MalformedEventError.
   */
  readonly malformed: boolean;
  /** The entry that makes the event malformed: the error must name it. */
  readonly malformedRecord?: number;
}

/** A generated entry: `data`, or `kafkaRecordValue` for MSK (or both). */
export interface HostileRecord {
  readonly recordId: string;
  readonly data?: unknown;
  readonly kafkaRecordValue?: unknown;
  readonly [field: string]: unknown;
}

const HOUR = 3_600_000;
const ARRIVAL = Date.UTC(2026, 2, 1, 12);
const marker = createReingestMarker(FUZZ_MARKER_KEY);

const b64 = (bytes: Uint8Array | string) =>
  Buffer.from(bytes).toString('base64');

// ------------------------------------------------------------- record text

const unicodeSpace = fc.constantFrom(
  ' ',
  '\t',
  '\r',
  '\n',
  '\v',
  '\f',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
);

const hugeNumber = fc.constantFrom(
  '12345678901234567890123',
  '-0',
  '1e400',
  '-1e-400',
  '0.1e1',
  '1E+2',
  '123456789012345678901234567890.5',
  '9007199254740993',
);

const timestampValue: fc.Arbitrary<string> = fc.oneof(
  fc
    .integer({ min: ARRIVAL - 30 * HOUR, max: ARRIVAL + 2 * HOUR })
    .map((ms) => JSON.stringify(new Date(ms).toISOString())),
  fc.integer({ min: ARRIVAL - 30 * HOUR, max: ARRIVAL + HOUR }).map(String),
  fc
    .integer({ min: ARRIVAL - 30 * HOUR, max: ARRIVAL })
    .map((ms) => String(Math.floor(ms / 1000))),
  fc.constantFrom(
    '1e300',
    '-1',
    '8.64e15',
    '253402300800000',
    '"0000-01-01T00:00:00Z"',
    '"+275760-09-13T00:00:00Z"',
    '"2026-02-30T00:00:00Z"',
    '""',
    'null',
    'true',
    '{}',
    '[]',
    '"2026-03-01T10:00:00+14:00"',
    '"2026-03-01 10:00"',
  ),
  hugeNumber,
);

/** One JSON value's text, as a producer might write it. */
const jsonValueText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: timestampValue.map((t) => `{"timestamp":${t},"n":1}`),
  },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 3000 })
      .map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 2000 })
      .map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  },
  {
    weight: 1,
    arbitrary: hugeNumber.map((n) => `{"timestamp":${n},"big":${n}}`),
  },
  {
    weight: 1,
    arbitrary: timestampValue.map(
      (t) =>
        `{"timestamp":${t},"timestamp":"2026-03-01T11:00:00Z","a":1,"a":2}`,
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'binary', maxLength: 20 })
      .map((s) => JSON.stringify({ timestamp: ARRIVAL, s })),
  },
  // Lone surrogates, escaped: valid JSON text.
  {
    weight: 1,
    arbitrary: fc.constant('{"timestamp":1772366400000,"s":"\\ud800"}'),
  },
);

/** Lines a well-behaved producer sends: one hour, close to arrival. */
const goodLines = fc
  .tuple(
    fc.integer({ min: 0, max: 50 * 60_000 }),
    fc.array(fc.json({ maxDepth: 2 }), { minLength: 1, maxLength: 4 }),
    fc.boolean(),
  )
  .map(([before, extras, iso]) => {
    const ms = ARRIVAL - (ARRIVAL % HOUR) + (before % (HOUR - 1));
    const time = iso ? JSON.stringify(new Date(ms).toISOString()) : String(ms);
    return extras
      .map((extra) => `{"timestamp":${time},"x":${extra}}\n`)
      .join('');
  });

/** A record's text: lines, framings, whitespace, or anything at all. */
const recordText: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: goodLines },
  {
    weight: 4,
    arbitrary: fc
      .array(jsonValueText, { minLength: 1, maxLength: 5 })
      .map((l) => `${l.join('\n')}\n`),
  },
  { weight: 2, arbitrary: jsonValueText },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.array(jsonValueText, { minLength: 1, maxLength: 4 }),
        fc.array(unicodeSpace, { maxLength: 3 }),
        fc.constantFrom('\n', '\r\n', '', ' '),
      )
      .map(([lines, space, end]) =>
        lines.map((l) => `${space.join('')}${l}${space.join('')}`).join(end),
      ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '\n',
      '\f',
      '\ufeff',
      '\ufeff{"timestamp":1772366400000}\n',
      '{"a":1}\n\ufeff{"b":2}\n',
    ),
  },
);

// ------------------------------------------------------------ record data

/** Base64 that Node's lax decoder accepts but Firehose would never send. */
const base64Variant = fc.oneof(
  // One character inserted (the length is then off too).
  fc
    .tuple(
      recordText,
      fc.constantFrom('-', '_', ' ', '=', '\n', '!', '\u0000', '\u00c1'),
      fc.nat(),
    )
    .map(([text, char, at]) => {
      const data = b64(text);
      const i = data.length === 0 ? 0 : at % data.length;
      return data.slice(0, i) + char + data.slice(i);
    }),
  // One character replaced by one whose low byte is in the alphabet
  // (U+014B reads as 'K'), or by base64url: the length stays right.
  fc
    .tuple(
      recordText,
      fc.constantFrom('\u014b', '\u0141', '\u0230', '\uff2b', '-', '_'),
      fc.nat(),
    )
    .filter(([text]) => text.length > 0)
    .map(([text, char, at]) => {
      const data = b64(text);
      const i = at % Math.max(1, data.length - 2);
      return data.slice(0, i) + char + data.slice(i + 1);
    }),
);

const forgedMarker = fc
  .tuple(
    fc.constantFrom(
      '{"reingestedBy":"firehose-processors","version":1,"partitionKeys":{"year":"1999"}}\n',
      '{"reingestedBy":"firehose-processors","version":2,"mac":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","partitionKeys":{"year":"1999"}}\n',
      `{"reingestedBy":"firehose-processors","version":"${'v'.repeat(4000)}"}\n`,
      '{"reingestedBy":"firehose-processors"',
    ),
    fc.constantFrom('not json', '{"a":1}', '{"a":1}\r\n', '\n', ''),
  )
  .map(([line, rest]) => b64(line + rest));

/** Markers signed with the suite's key: the content after them varies. */
function signedMarker(withKeys: boolean): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(
        '{"a":1}\n',
        '{"a":1}\n{"b":2}\n',
        'not json',
        '{"a":1}',
        '{"a":1}\r\n',
        '\n',
      ),
      fc.boolean(),
    )
    .map(([text, utf8]) => {
      const payload = utf8
        ? Buffer.from(text)
        : Buffer.from([0x22, 0xff, 0x22, 0x0a]);
      const keys = withKeys
        ? { year: '2026', month: '03', day: '01', hour: '10' }
        : undefined;
      return b64(Buffer.concat([marker.markerLine(payload, keys), payload]));
    });
}

/** A record of ~`kib` KiB of JSON Lines. */
const bigRecord = fc.integer({ min: 64, max: 900 }).map((kib) => {
  const line = `{"timestamp":${ARRIVAL},"pad":"${'p'.repeat(1000)}"}\n`;
  return b64(line.repeat(kib));
});

function dataFor(kind: FunctionKind): fc.Arbitrary<string> {
  const common = [
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 64 }).map(b64) },
    { weight: 2, arbitrary: base64Variant },
    { weight: 1, arbitrary: fc.string({ maxLength: 16 }) },
    { weight: 1, arbitrary: forgedMarker },
    { weight: 1, arbitrary: signedMarker(kind !== 'transform') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', 'e30=', 'e30K', '////', 'AA=='),
    },
  ];
  if (kind === 'cloudWatchLogs') {
    return fc.oneof(
      { weight: 8, arbitrary: logsData },
      { weight: 1, arbitrary: recordText.map(b64) },
      ...common,
    );
  }
  return fc.oneof(
    { weight: 10, arbitrary: recordText.map(b64) },
    { weight: 1, arbitrary: bigRecord },
    ...common,
  );
}

// ---------------------------------------------------------- CloudWatch Logs

const logEvent = fc.record({
  id: fc.oneof(fc.string({ maxLength: 8 }), fc.constant('')),
  timestamp: fc.oneof(
    {
      weight: 8,
      arbitrary: fc.integer({ min: ARRIVAL - 3 * HOUR, max: ARRIVAL }),
    },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1e300, 8.64e15, 1.5) },
  ),
  message: fc.oneof(
    jsonValueText,
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constant('  {"level":"info"}\r\n'),
  ),
});

const logsMessage = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      messageType: fc.constant('DATA_MESSAGE'),
      owner: fc.constant('123456789012'),
      logGroup: fc.oneof(
        fc.constant('/aws/lambda/app'),
        fc.string({ maxLength: 20 }),
      ),
      logStream: fc.constant('2026/03/01/[$LATEST]abc'),
      subscriptionFilters: fc.constant(['to-firehose']),
      logEvents: fc.array(logEvent, { minLength: 1, maxLength: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constant({
      messageType: 'CONTROL_MESSAGE',
      owner: 'CloudwatchLogs',
      logGroup: '',
      logStream: '',
      subscriptionFilters: [],
      logEvents: [{ id: '', timestamp: 0, message: 'CWL CONTROL MESSAGE' }],
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { messageType: 'OTHER 4111 1111 1111 1111' },
      { messageType: 7 },
      [],
      'text',
    ),
  },
);

// Amplifiers: a long log group name repeated on every (empty) event.
const amplifier = fc
  .tuple(
    fc.integer({ min: 10_000, max: 1_000_000 }),
    fc.integer({ min: 50, max: 400 }),
  )
  .map(([nameChars, events]) => ({
    messageType: 'DATA_MESSAGE',
    owner: '1',
    logGroup: 'g'.repeat(nameChars),
    logStream: 's',
    subscriptionFilters: ['f'],
    logEvents: Array.from({ length: events }, (_, i) => ({
      id: String(i),
      timestamp: ARRIVAL - (i % 3) * HOUR,
      message: '',
    })),
  }));

// Bombs: megabytes of zeros that compress to kilobytes; corrupt gzip.
// Made once: gzip of tens of MiB is too slow to redo per run.
const BOMBS = [17, 33].map((mib) =>
  b64(gzipSync(Buffer.alloc(mib * 1_048_576))),
);
const bomb = fc.constantFrom(...BOMBS);
const brokenGzip = fc
  .tuple(fc.uint8Array({ maxLength: 32 }), fc.nat())
  .map(([bytes, cut]) => {
    const gzip = gzipSync(
      Buffer.concat([Buffer.from('{"messageType":"DATA_MESSAGE"'), bytes]),
    );
    return b64(gzip.subarray(0, Math.max(2, cut % gzip.length)));
  });

const logsData: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: logsMessage.map((m) => b64(gzipSync(JSON.stringify(m)))),
  },
  {
    weight: 1,
    arbitrary: amplifier.map((m) => b64(gzipSync(JSON.stringify(m)))),
  },
  { weight: 1, arbitrary: bomb },
  { weight: 1, arbitrary: brokenGzip },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 32 }).map((b) => b64(gzipSync(b))),
  },
);

// ------------------------------------------------------------------ events

type Break = (record: Record<string, unknown>) => void;

function arrivalBreak(arrival: unknown): Break {
  return (record) => {
    if (arrival === undefined) delete record.approximateArrivalTimestamp;
    else record.approximateArrivalTimestamp = arrival;
  };
}

/** `mskRecordMetadata` as Firehose sends it, hostile values, or absent. */
const mskMetadata: fc.Arbitrary<((i: number) => unknown) | undefined> =
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom('orders', 'a.b-c_d', '')
        .map((topic) => (i: number) => ({
          offset: String(i),
          partitionId: '0',
          approximateArrivalTimestamp: ARRIVAL,
          ...(topic === '' ? {} : { topic }),
        })),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom<unknown>(
          5,
          null,
          '',
          't'.repeat(300),
          { nested: true },
          ['x'],
          1e300,
          Number.NaN,
        )
        .map((value) => () => ({
          offset: value,
          partitionId: value,
          topic: value,
          approximateArrivalTimestamp: value,
        })),
    },
  );

/** MSK entries Firehose would never send: the event is malformed. */
const badMskShape: fc.Arbitrary<Break> = fc.oneof(
  // Both payload fields: the answer could name only one.
  fc.constantFrom('e30=', '').map(
    (data): Break =>
      (record) => {
        record.data = data;
      },
  ),
  // A payload that is not a string.
  fc.constantFrom<unknown>(null, 5, ['e30='], { data: 'e30=' }, true).map(
    (value): Break =>
      (record) => {
        record.kafkaRecordValue = value;
      },
  ),
  // Metadata that is not an object.
  fc.constantFrom<unknown>(null, 'topic', 5, ['orders'], true).map(
    (value): Break =>
      (record) => {
        record.mskRecordMetadata = value;
      },
  ),
);

const badArrival = fc.constantFrom<unknown>(
  undefined,
  '2026-03-01T12:00:00Z',
  1e300,
  -1e300,
  8.64e15 + 1,
  null,
  '1772366400000',
  Number.NaN,
);

const recordId = fc.oneof(
  { weight: 8, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('"', '\\', '\u2028', 'é', '\ud800') },
);

const partitionKey = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom<unknown>(5, null, '', 'k'.repeat(300), undefined),
);

/**
 * Hostile events for a function and a record source. About one event in
 * twelve has an entry with a malformed arrival time (the event must then
 * be refused with MalformedEventError, never answered).
 *
 * @example
 * ```ts
 * fc.assert(fc.asyncProperty(hostileEvent('transform', RecordSource.kinesis), check));
 * ```
 */
export function hostileEvent(
  kind: FunctionKind,
  source: RecordSource,
  options: {
    readonly maxRecords?: number;
    /** Record data (base64) instead of the function's usual mix. */
    readonly data?: fc.Arbitrary<string>;
    /** Make every event malformed (one entry), not one in twelve. */
    readonly alwaysMalformed?: boolean;
  } = {},
): fc.Arbitrary<HostileEvent> {
  const entry = fc.record({
    id: recordId,
    data: options.data ?? dataFor(kind),
    arrivalOffset: fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: HOUR / 2 }) },
      { weight: 1, arbitrary: fc.integer({ min: -3 * HOUR, max: 3 * HOUR }) },
    ),
    partitionKey,
    msk: mskMetadata,
  });
  const malformation =
    source === RecordSource.msk
      ? fc.oneof(badArrival.map(arrivalBreak), badMskShape)
      : badArrival.map(arrivalBreak);
  return fc
    .tuple(
      fc.array(entry, {
        minLength: options.alwaysMalformed ? 1 : 0,
        maxLength: options.maxRecords ?? 12,
      }),
      options.alwaysMalformed
        ? fc.tuple(fc.nat(), malformation)
        : fc.oneof(
            { weight: 11, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: fc.tuple(fc.nat(), malformation) },
          ),
    )
    .map(([entries, bad]) => {
      const records = entries.map((e, i) => {
        const record: Record<string, unknown> = {
          // Unique ids, some with characters JSON escapes.
          recordId: `${i}:${e.id}`,
          approximateArrivalTimestamp: ARRIVAL + e.arrivalOffset,
        };
        if (source === RecordSource.msk) {
          record.kafkaRecordValue = e.data;
          if (e.msk !== undefined) record.mskRecordMetadata = e.msk(i);
        } else {
          record.data = e.data;
        }
        if (source === RecordSource.kinesis) {
          record.kinesisRecordMetadata = {
            shardId: 'shardId-000000000000',
            partitionKey: e.partitionKey,
            approximateArrivalTimestamp: ARRIVAL,
            sequenceNumber: String(i),
            subsequenceNumber: '0',
          };
        }
        return record;
      });
      let malformedRecord: number | undefined;
      if (bad !== null && records.length > 0) {
        malformedRecord = bad[0] % records.length;
        bad[1](records[malformedRecord] as Record<string, unknown>);
      }
      const event: Record<string, unknown> = {
        invocationId: 'fuzz',
        deliveryStreamArn:
          'arn:aws:firehose:us-east-1:123456789012:deliverystream/fuzz',
        region: 'us-east-1',
        records,
      };
      if (source === RecordSource.kinesis) {
        event.sourceKinesisStreamArn =
          'arn:aws:kinesis:us-east-1:123456789012:stream/fuzz';
      }
      if (source === RecordSource.msk) {
        event.sourceMSKArn =
          'arn:aws:kafka:us-east-1:123456789012:cluster/fuzz/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-1';
      }
      return {
        event: event as HostileEvent['event'],
        malformed: malformedRecord !== undefined,
        ...(malformedRecord === undefined ? {} : { malformedRecord }),
      };
    });
}
