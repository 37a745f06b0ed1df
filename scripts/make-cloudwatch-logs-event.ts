#!/usr/bin/env node
// Writes events/cloudwatch-logs.json: a Firehose transformation event for
// CloudWatchLogsFunction as a CloudWatch Logs subscription filter sends it
// (each record's data is a gzip-compressed JSON message). The output is
// committed; rerun after changing the cases below:
//   node scripts/make-cloudwatch-logs-event.ts
// The record order matters: test/integration/bundles.test.ts expects a
// result per record, in this order.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const ARRIVAL_MS = Date.UTC(2026, 10, 22, 9, 30, 0); // 2026-11-22T09:30:00Z
const STREAM_ARN =
  'arn:aws:firehose:us-east-1:123456789012:deliverystream/local-LogsStream';

const base = {
  owner: '123456789012',
  logGroup: '/aws/lambda/checkout',
  logStream: '2026/11/22/[$LATEST]8f1c0e7a2b4d4c6f9e3a1b2c3d4e5f60',
  subscriptionFilters: ['checkout-to-firehose'],
};
const at = (minute: number, second = 0) =>
  Date.UTC(2026, 10, 22, 9, minute, second);
let eventId = 0;
const logEvent = (timestamp: number, message: string) => ({
  // Shaped like CloudWatch Logs event ids (56 decimal digits).
  id: `3819594701930163746327492758394619128364918273645${String(++eventId).padStart(7, '0')}`,
  timestamp,
  message,
});
// mtime 0 in the gzip header: the output is the same on every run.
const gzip = (value: unknown) =>
  gzipSync(Buffer.from(JSON.stringify(value), 'utf8')).toString('base64');

/** [what it shows, data (base64)]; see the expectations in the tests. */
const cases = [
  [
    'data message with one plain-text log event',
    gzip({
      messageType: 'DATA_MESSAGE',
      ...base,
      logEvents: [
        logEvent(at(29, 41), 'START RequestId: 0f7e Version: $LATEST\n'),
      ],
    }),
  ],
  [
    'control message (CloudWatch Logs checks the destination): Dropped',
    gzip({
      messageType: 'CONTROL_MESSAGE',
      owner: 'CloudwatchLogs',
      logGroup: '',
      logStream: '',
      subscriptionFilters: [],
      logEvents: [
        {
          id: '',
          timestamp: at(29, 0),
          message:
            'CWL CONTROL MESSAGE: Checking health of destination Firehose.',
        },
      ],
    }),
  ],
  [
    'data message with three log events, one a JSON object with an integer beyond 2^53',
    gzip({
      messageType: 'DATA_MESSAGE',
      ...base,
      logEvents: [
        logEvent(at(29, 42), 'order accepted'),
        logEvent(
          at(29, 43),
          '{"level":"info","orderId":"o-1001","traceId":12345678901234567890123}',
        ),
        logEvent(at(29, 44), 'END RequestId: 0f7e'),
      ],
    }),
  ],
  [
    'corrupt: a gzip stream cut in the middle',
    Buffer.from(
      gzipSync(
        Buffer.from(
          JSON.stringify({
            messageType: 'DATA_MESSAGE',
            ...base,
            logEvents: [logEvent(at(29, 45), 'lost')],
          }),
        ),
      ).subarray(0, 40),
    ).toString('base64'),
  ],
  [
    'not gzip at all (plain JSON)',
    Buffer.from(JSON.stringify({ messageType: 'DATA_MESSAGE' })).toString(
      'base64',
    ),
  ],
];

const event = {
  invocationId: '1f8e6c2a-4b3d-4e5f-8a7b-9c0d1e2f3a4b',
  deliveryStreamArn: STREAM_ARN,
  region: 'us-east-1',
  records: cases.map(([, data], i) => ({
    recordId: `4966212713829145071839471252046819374501123659880203${String(i + 1).padStart(4, '0')}000000`,
    approximateArrivalTimestamp: ARRIVAL_MS + i * 17,
    data,
  })),
};

writeFileSync(
  new URL('../events/cloudwatch-logs.json', import.meta.url),
  `${JSON.stringify(event, null, 2)}\n`,
);
for (const [i, [what]] of cases.entries())
  console.log(`record ${i + 1}: ${what}`);
