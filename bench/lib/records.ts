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
