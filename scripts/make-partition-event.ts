#!/usr/bin/env node
// Writes events/partition.json: a Firehose transformation event for
// EventTimePartitionFunction with events/env.json's settings
// (TIMESTAMP_FIELD=meta.eventTime, hour partitions in UTC, 1h allowed
// lateness, 5m future skew). Each record has its own arrival time, so every
// decision (on time, late, early) is fixed by the file, not by the clock.
// The output is committed; rerun after changing the cases:
//   node scripts/make-partition-event.ts
// test/integration/partitionBundle.test.ts expects one result per case, in
// this order.
import { writeFileSync } from 'node:fs';

const STREAM_ARN =
  'arn:aws:firehose:us-east-1:123456789012:deliverystream/EventStream';
const at = (iso: string) => Date.parse(iso);
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const click = (id: string, eventTime: string | number, extra = {}) =>
  JSON.stringify({
    eventId: id,
    type: 'page_view',
    page: '/checkout',
    meta: { eventTime, source: 'web' },
    ...extra,
  });

/** [what, data text, arrival ISO, expected result, expected hour key]. */
const cases: [string, string, string, string, string][] = [
  [
    'ISO-8601 UTC with milliseconds',
    click('e-01', '2026-11-22T09:29:41.512Z'),
    '2026-11-22T09:30:00Z',
    'Ok',
    '09',
  ],
  [
    'ISO-8601 with a +05:30 offset',
    click('e-02', '2026-11-22T14:59:00+05:30'),
    '2026-11-22T09:30:00Z',
    'Ok',
    '09',
  ],
  [
    'ISO-8601 with -08:00 crossing midnight (local 21st, UTC 22nd)',
    click('e-03', '2026-11-21T23:10:00-08:00'),
    '2026-11-22T07:11:00Z',
    'Ok',
    '07',
  ],
  [
    'epoch seconds (number)',
    click('e-04', at('2026-11-22T09:15:00Z') / 1000),
    '2026-11-22T09:30:00Z',
    'Ok',
    '09',
  ],
  [
    'epoch milliseconds (number)',
    click('e-05', at('2026-11-22T08:59:59.999Z')),
    '2026-11-22T09:30:00Z',
    'Ok',
    '08',
  ],
  [
    'epoch microseconds (numeric string)',
    click('e-06', `${at('2026-11-22T09:00:00Z')}000`),
    '2026-11-22T09:30:00Z',
    'Ok',
    '09',
  ],
  [
    'epoch nanoseconds (string, exact)',
    click('e-07', `${at('2026-11-22T09:10:00Z')}000001`),
    '2026-11-22T09:30:00Z',
    'Ok',
    '09',
  ],
  [
    'date only (midnight in PARTITION_TIMEZONE)',
    click('e-08', '2026-11-22'),
    '2026-11-22T00:05:00Z',
    'Ok',
    '00',
  ],
  [
    'JSON Lines: two events of the same hour',
    `${click('e-09', '2026-11-22T09:01:00Z')}\n${click('e-10', '2026-11-22T09:02:00Z')}\n`,
    '2026-11-22T09:30:00Z',
    'Ok',
    '09',
  ],
  [
    'no meta.eventTime',
    JSON.stringify({ eventId: 'e-11', meta: {} }),
    '2026-11-22T09:30:00Z',
    'ProcessingFailed',
    'missing-timestamp',
  ],
  [
    'unparseable time',
    click('e-12', 'next tuesday'),
    '2026-11-22T09:30:00Z',
    'ProcessingFailed',
    'invalid-timestamp',
  ],
  [
    'before 1970',
    click('e-13', '1969-07-20T20:17:40Z'),
    '2026-11-22T09:30:00Z',
    'ProcessingFailed',
    'timestamp-out-of-range',
  ],
  [
    'JSON Lines spanning two hours',
    `${click('e-14', '2026-11-22T08:59:00Z')}\n${click('e-15', '2026-11-22T09:01:00Z')}\n`,
    '2026-11-22T09:30:00Z',
    'ProcessingFailed',
    'mixed-partitions',
  ],
  [
    'not JSON',
    'eventId=e-16&type=click',
    '2026-11-22T09:30:00Z',
    'ProcessingFailed',
    'invalid-json',
  ],
  [
    'late: hour 07 closed at 08:00 + 1h, arrived 09:30',
    click('e-17', '2026-11-22T07:15:00Z'),
    '2026-11-22T09:30:00Z',
    'fallback',
    'late',
  ],
  [
    'early: 30 minutes ahead of its arrival',
    click('e-18', '2026-11-22T10:00:00Z'),
    '2026-11-22T09:30:00Z',
    'fallback',
    'early',
  ],
];

const event = {
  invocationId: '0b6f1f3e-6a35-4a39-8c2a-6f3e0d1d2c44',
  deliveryStreamArn: STREAM_ARN,
  region: 'us-east-1',
  records: cases.map(([, text, arrival], i) => ({
    recordId: `4966212713829145071839471252046819374501123659880203${String(i + 1).padStart(4, '0')}000000`,
    approximateArrivalTimestamp: at(arrival),
    data: base64(text),
  })),
};

writeFileSync(
  new URL('../events/partition.json', import.meta.url),
  `${JSON.stringify(event, null, 2)}\n`,
);
writeFileSync(
  new URL('../test/integration/partitionEvent.expected.json', import.meta.url),
  `${JSON.stringify(
    cases.map(([what, , , result, detail]) => ({ what, result, detail })),
    null,
    2,
  )}\n`,
);
for (const [i, [what, , , result, detail]] of cases.entries())
  console.log(`record ${i + 1}: ${what} → ${result} (${detail})`);
