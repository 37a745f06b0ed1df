// Deterministic benchmark records: order events valid against
// schemas/order.json, of an exact size, and CloudWatch Logs subscription
// payloads (gzip DATA_MESSAGE) carrying them.
import { gzipSync } from 'node:zlib';

/** Arrival time of on-time records: 2026-03-01T10:30:00Z. */
export const ARRIVAL_MS = Date.UTC(2026, 2, 1, 10, 30, 0);
/** Event times fall in the 55 minutes before arrival (two hour windows). */
const EVENT_SPREAD_MS = 55 * 60_000;
/** A late record arrives this long after its event time (> window + 1h). */
export const LATE_BY_MS = 3 * 3_600_000;

const CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY', 'CHF'];
const WORDS =
  'express gift wrap leave at door fragile handle with care call on arrival '.repeat(
    40,
  );

/** A small deterministic PRNG (mulberry32), so every run builds the same data. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The event time of record `index` (epoch ms). */
export function eventTimeOf(index: number): number {
  const next = random(index + 1);
  return ARRIVAL_MS - 1_000 - Math.floor(next() * EVENT_SPREAD_MS);
}

interface Order {
  orderId: string;
  timestamp: string;
  amount: number;
  currency: string | undefined;
  customer?: { id: string; email: string };
  items?: { sku: string; quantity: number }[];
  note?: string;
}

/**
 * An order event as JSON text of exactly `bytes - 1` characters (the
 * newline makes `bytes`), valid against schemas/order.json. Records of
 * 200 bytes or more carry a customer, items and a note; smaller ones only
 * the required fields, with the order id padded to size.
 */
export function orderJson(index: number, bytes: number): string {
  const next = random(index * 7919 + 17);
  const target = bytes - 1;
  const order: Order = {
    orderId: `o-${index}`,
    timestamp: new Date(eventTimeOf(index)).toISOString(),
    amount: Math.round(next() * 100_000) / 100,
    currency: CURRENCIES[index % CURRENCIES.length],
  };
  if (bytes < 200) {
    const base = JSON.stringify(order).length;
    const pad = target - base;
    if (pad < 0 || order.orderId.length + pad > 64) {
      throw new Error(`cannot build a ${bytes}-byte order record`);
    }
    order.orderId = `o-${String(index).padStart(order.orderId.length - 2 + pad, '0')}`;
    return JSON.stringify(order);
  }
  order.customer = {
    id: `c-${index % 5000}`,
    email: `customer${index % 5000}@example.com`,
  };
  const items: { sku: string; quantity: number }[] = [];
  order.items = items;
  order.note = '';
  while (JSON.stringify(order).length < target - 60) {
    items.push({
      sku: `SKU-${String(Math.floor(next() * 100_000)).padStart(5, '0')}`,
      quantity: 1 + Math.floor(next() * 5),
    });
  }
  const room = target - JSON.stringify(order).length;
  if (room < 0) throw new Error(`cannot build a ${bytes}-byte order record`);
  const start = index % 64;
  order.note = WORDS.slice(start, start + room);
  return JSON.stringify(order);
}

/**
 * A CloudWatch Logs subscription payload as Firehose receives it: gzip of
 * a DATA_MESSAGE whose log events carry `lines`.
 */
export function cloudWatchLogsPayload(
  index: number,
  lines: readonly string[],
): Buffer {
  const message = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/lambda/orders-api',
    logStream: `2026/03/01/[$LATEST]${String(index).padStart(32, '0')}`,
    subscriptionFilters: ['to-firehose'],
    logEvents: lines.map((line, i) => ({
      id: `3${String(index * 1000 + i).padStart(55, '0')}`,
      timestamp: ARRIVAL_MS - 5_000 + i,
      message: line,
    })),
  };
  return gzipSync(JSON.stringify(message));
}

// ------------------------------------------------- shapes of issue 11's table

const PROSE =
  'the parcel arrived two days late but the support team was quick to help and refunded the shipping cost without any fuss, which is why I would still recommend this shop to friends who need reliable delivery of small electronics ';
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
];
const PAGES = ['/', '/search', '/cart', '/p/', '/help'];

/** The event time of record `index` as ISO-8601 (its `ts` field). */
function isoTimeOf(index: number): string {
  return new Date(eventTimeOf(index)).toISOString();
}

/**
 * `record` as JSON text of exactly `bytes - 1` characters, its string
 * field `pad` grown (with `filler`) to make up the difference.
 */
function sized(
  record: Record<string, unknown>,
  pad: string,
  filler: string,
  bytes: number,
): string {
  const room = bytes - 1 - JSON.stringify(record).length;
  if (room < 0) throw new Error(`cannot build a ${bytes}-byte record`);
  record[pad] =
    `${String(record[pad] ?? '')}${filler.repeat(Math.ceil(room / filler.length) + 1).slice(0, room)}`;
  return JSON.stringify(record);
}

/** A review-like record: one 850-character text field, ~1 KiB in all. */
export function stringHeavyJson(index: number, bytes = 1024): string {
  const start = index % 97;
  return sized(
    {
      ts: isoTimeOf(index),
      id: `r-${index}`,
      product: `SKU-${String(index % 100_000).padStart(5, '0')}`,
      rating: 1 + (index % 5),
      body: (PROSE + PROSE + PROSE + PROSE + PROSE).slice(start, start + 850),
      title: '',
    },
    'title',
    'great shop, slow courier ',
    bytes,
  );
}

/**
 * An application log line: medium strings, a user agent and a nested
 * context object, ~1 KiB.
 */
export function appLogJson(index: number, bytes = 1024): string {
  const next = random(index * 6151 + 5);
  const status = next() < 0.9 ? 200 : 503;
  return sized(
    {
      ts: isoTimeOf(index),
      level: status === 200 ? 'INFO' : 'ERROR',
      service: 'checkout-api',
      host: `ip-10-0-${index % 16}-${index % 250}.ec2.internal`,
      requestId: `${(index * 2_654_435_761).toString(16).padStart(12, '0')}-4e2a-9c1b-${String(index).padStart(12, '0')}`,
      method: 'POST',
      path: `/api/v1/carts/${index % 10_000}/items`,
      status,
      durationMs: Math.round(next() * 250_000) / 1000,
      userAgent: USER_AGENTS[index % USER_AGENTS.length],
      context: {
        region: 'us-east-1',
        availabilityZone: `us-east-1${'abc'[index % 3]}`,
        version: '2026.03.1+build.4711',
        user: { id: `u-${index % 5000}`, plan: 'pro', country: 'US' },
        feature: { newCheckout: index % 2 === 0, experiment: 'cart-v2' },
      },
      message: `cart item added for user u-${index % 5000} after price check; `,
    },
    'message',
    'inventory reserved, tax computed, coupon validated; ',
    bytes,
  );
}

/** A sensor reading: 100 floats in an array (~0.9 KiB). */
export function numberArrayJson(index: number): string {
  const next = random(index * 3571 + 11);
  const values: number[] = [];
  for (let i = 0; i < 100; i++) {
    values.push(Math.round((next() * 200 - 100) * 10_000) / 10_000);
  }
  return JSON.stringify({
    ts: isoTimeOf(index),
    sensor: `s-${index % 500}`,
    unit: 'celsius',
    values,
  });
}

/** A click event of exactly `bytes - 1` characters (~80 bytes). */
export function clickJson(index: number, bytes = 80): string {
  return sized(
    {
      ts: isoTimeOf(index),
      uid: `u${String(index % 50_000).padStart(5, '0')}`,
      ev: 'click',
      page: PAGES[index % PAGES.length],
    },
    'page',
    '?ref=newsletter&',
    bytes,
  );
}
