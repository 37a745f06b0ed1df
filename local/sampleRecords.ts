// Realistic, reproducible input records for the local Firehose and for
// `npm run event`: clickstream and order events whose event time trails
// their arrival by a little jitter, with a share of late, early and invalid
// records. Everything is drawn from a seeded generator.
import { createRandom, type Random } from './prng.ts';
import { type TimestampFormat, timestampJson } from './timestampFormats.ts';

/**
 * 2026-03-01T09:45:00Z: the sample's first arrival unless told otherwise
 * (its 30 minutes cross an hour, so records land in two hourly partitions).
 */
export const SAMPLE_START_MS = Date.UTC(2026, 2, 1, 9, 45, 0);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** What a sample record is meant to exercise. */
export const SampleKind = {
  onTime: 'on-time',
  late: 'late',
  early: 'early',
  invalid: 'invalid',
} as const;

/** What a sample record is meant to exercise. */
export type SampleKind = (typeof SampleKind)[keyof typeof SampleKind];

/** One generated record, with what it is meant to show. */
export interface SampleRecord {
  id: string;
  kind: SampleKind;
  arrivalMs: number;
  eventTimeMs: number;
  text: string;
}

interface SampleBody {
  id: string;
  text: string;
  fields: string[];
}

const PAGES = [
  '/',
  '/search?q=boots',
  '/products/trail-runner-2',
  '/products/rain-jacket',
  '/cart',
  '/checkout',
  '/account/orders',
];
const EVENT_TYPES = { page_view: 60, click: 25, add_to_cart: 10, purchase: 5 };
const CURRENCIES = ['EUR', 'USD', 'GBP'];

/**
 * Generate `count` records. Arrivals are spread evenly (with jitter) over
 * `spanMs` from `startMs`; event times trail arrival by seconds (on time),
 * by 2 to 30 hours (`late` share: past the default 1 h allowed lateness of
 * an hourly partition), or lead it by 10 min to 3 days (`early` share);
 * `invalid` records are not JSON, lack a timestamp or carry a bad one.
 * Every record, invalid ones included, holds one unique id (a UUID
 * `eventId` or an `ord-NNNNNNN` orderId) so it can be traced end to end.
 *
 * @example
 *   generateSampleRecords({ count: 3000, seed: '42' })[0];
 *   // { id, kind: 'on-time', arrivalMs, eventTimeMs, text: '{"eventId":…}' }
 */
export function generateSampleRecords(options: SampleOptions): SampleRecord[] {
  return [...sampleRecordStream(options)];
}

/** Options of generateSampleRecords and sampleRecordStream. */
export interface SampleOptions {
  count: number;
  seed?: string;
  late?: number;
  early?: number;
  invalid?: number;
  format?: TimestampFormat;
  startMs?: number;
  spanMs?: number;
}

/**
 * The records of generateSampleRecords, one at a time (the same records,
 * in the same order, never all in memory).
 *
 * @example
 *   for (const record of sampleRecordStream({ count: 1_000_000 })) put(record);
 */
export function* sampleRecordStream({
  count,
  seed = '1',
  late = 0.04,
  early = 0.01,
  invalid = 0.01,
  format = 'iso8601',
  startMs = SAMPLE_START_MS,
  spanMs = 30 * MINUTE,
}: SampleOptions): Generator<SampleRecord> {
  const random = createRandom(seed);
  const step = count > 0 ? spanMs / count : 0;
  let lastArrival = startMs;
  for (let i = 0; i < count; i++) {
    const arrivalMs = Math.max(
      lastArrival,
      Math.round(startMs + i * step + random.float(0, step)),
    );
    lastArrival = arrivalMs;
    const kind = random.weighted<SampleKind>({
      [SampleKind.onTime]: Math.max(0, 1 - late - early - invalid),
      [SampleKind.late]: late,
      [SampleKind.early]: early,
      [SampleKind.invalid]: invalid,
    });
    const eventTimeMs = eventTimeFor(kind, arrivalMs, random);
    const body =
      random.next() < 0.7
        ? clickEvent(random, eventTimeMs, format)
        : orderEvent(random, i, eventTimeMs, format);
    const text = kind === SampleKind.invalid ? spoil(body, random) : body.text;
    yield { id: body.id, kind, arrivalMs, eventTimeMs, text };
  }
}

function eventTimeFor(
  kind: SampleKind,
  arrivalMs: number,
  random: Random,
): number {
  switch (kind) {
    case SampleKind.late:
      return arrivalMs - Math.round(random.float(2 * HOUR + MINUTE, 30 * HOUR));
    case SampleKind.early:
      return arrivalMs + Math.round(random.float(10 * MINUTE, 72 * HOUR));
    default:
      // Producer and network delay: mostly seconds, a tail of minutes,
      // never past the allowed lateness.
      return (
        arrivalMs -
        Math.round(Math.min(random.exponential(15_000), 45 * MINUTE))
      );
  }
}

function clickEvent(
  random: Random,
  eventTimeMs: number,
  format: TimestampFormat,
): SampleBody {
  const id = random.uuid();
  const fields = [
    `"eventId":${JSON.stringify(id)}`,
    `"timestamp":${timestampJson(eventTimeMs, format, random)}`,
    `"type":${JSON.stringify(random.weighted(EVENT_TYPES))}`,
    `"page":${JSON.stringify(random.pick(PAGES))}`,
    `"sessionId":"s-${random.hex(12)}"`,
  ];
  return { id, text: `{${fields.join(',')}}`, fields };
}

function orderEvent(
  random: Random,
  index: number,
  eventTimeMs: number,
  format: TimestampFormat,
): SampleBody {
  const id = `ord-${String(index + 1).padStart(7, '0')}`;
  const customer = random.int(1000, 9999);
  const items = Array.from({ length: random.int(1, 3) }, () => ({
    sku: `SKU-${random.int(1000, 9999)}`,
    quantity: random.int(1, 4),
  }));
  const fields = [
    `"orderId":${JSON.stringify(id)}`,
    `"timestamp":${timestampJson(eventTimeMs, format, random)}`,
    `"amount":${(random.int(199, 49_999) / 100).toFixed(2)}`,
    `"currency":${JSON.stringify(random.pick(CURRENCIES))}`,
    `"customer":{"id":"c-${customer}","email":"customer${customer}@example.com"}`,
    `"items":${JSON.stringify(items)}`,
  ];
  return { id, text: `{${fields.join(',')}}`, fields };
}

/** Make a record invalid in one of the ways producers do. */
function spoil(body: SampleBody, random: Random): string {
  const [idField = '', , ...rest] = body.fields;
  switch (random.pick(['not-json', 'truncated', 'no-time', 'bad-time'])) {
    case 'not-json':
      return `${idField.replace(/"/g, '').replace(':', '=')}&source=legacy-agent`;
    case 'truncated':
      return `{${idField},"timestamp":"20`;
    case 'no-time':
      return `{${[idField, ...rest].join(',')}}`;
    default:
      return `{${[idField, '"timestamp":"yesterday at noon"', ...rest].join(',')}}`;
  }
}
