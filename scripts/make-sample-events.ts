#!/usr/bin/env node
// Writes events/transform.json: a Firehose transformation event for
// TransformFunction mixing the cases a processor meets in production. The
// output is committed; rerun after changing the cases below:
//   node scripts/make-sample-events.ts
// The record order matters: test/integration/bundles.test.ts expects a
// result per record, in this order.
import { writeFileSync } from 'node:fs';

const ARRIVAL_MS = Date.UTC(2026, 10, 22, 9, 30, 0); // 2026-11-22T09:30:00Z
const STREAM_ARN =
  'arn:aws:firehose:us-east-1:123456789012:deliverystream/TransformStream';

const order = (id: string, extra = {}) => ({
  orderId: id,
  timestamp: '2026-11-22T09:29:41.512Z',
  amount: 42.5,
  currency: 'EUR',
  customer: { id: 'c-1842', email: 'jeanne@example.com' },
  items: [{ sku: 'SKU-7731', quantity: 2 }],
  ...extra,
});
const json = (value: unknown) => JSON.stringify(value);
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** [what it shows, data (base64)]; see the expectations in the tests. */
const cases = [
  ['valid order, no trailing newline', base64(json(order('o-1001')))],
  [
    'valid order, already newline-terminated (passes through byte for byte)',
    base64(`${json(order('o-1002', { timestamp: 1795339781 }))}\n`),
  ],
  [
    'JSON Lines: three orders, CRLF line ends and a blank line',
    base64(
      `${json(order('o-1003'))}\r\n\r\n${json(order('o-1004', { amount: 7 }))}\r\n${json(order('o-1005', { currency: 'USD', items: [] }))}\r\n`,
    ),
  ],
  [
    'invalid against schemas/order.json (lower-case currency, no amount)',
    base64(
      json({ orderId: 'o-1006', timestamp: 1795339781512, currency: 'eur' }),
    ),
  ],
  ['not JSON', base64('orderId=o-1007&amount=12.00&currency=EUR')],
  ['not base64', 'this is not base64!'],
  [
    'valid order with a UTF-8 byte order mark and non-ASCII text',
    base64(`\uFEFF${json(order('o-1008', { note: 'café crème, 2× ☕' }))}`),
  ],
  [
    'valid order with an integer beyond 2^53 (must not be rounded)',
    base64(
      `{"orderId":"o-1009","timestamp":"2026-11-22T09:29:59Z","amount":120,"currency":"GBP","loyaltyAccount":12345678901234567890123}`,
    ),
  ],
];

const event = {
  invocationId: '6d4a0bb4-7c5e-4a53-9a44-2b8a1c0f7e11',
  deliveryStreamArn: STREAM_ARN,
  region: 'us-east-1',
  records: cases.map(([, data], i) => ({
    // Shaped like Firehose's record ids (long decimal strings).
    recordId: `4966212713829145071839471252046819374501123659880202${String(i + 1).padStart(4, '0')}000000`,
    approximateArrivalTimestamp: ARRIVAL_MS + i * 17,
    data,
  })),
};

writeFileSync(
  new URL('../events/transform.json', import.meta.url),
  `${JSON.stringify(event, null, 2)}\n`,
);
for (const [i, [what]] of cases.entries())
  console.log(`record ${i + 1}: ${what}`);
