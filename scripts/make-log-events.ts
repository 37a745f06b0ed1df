#!/usr/bin/env node
// Writes the log-format sample events (INPUT_FORMAT other than json) for
// `npm run invoke`, `npm start --input` and the tests:
//   events/apache-common.json, events/nginx-combined.json,
//   events/syslog.json, events/csv.json
// The output is committed; rerun after changing the cases below:
//   node scripts/make-log-events.ts
// Record order matters: test/integration/logFormats.test.ts expects a
// result per record, in this order. Each record arrives shortly after the
// time it holds, so that EventTimePartitionFunction finds none late.
import { writeFileSync } from 'node:fs';

type Case = readonly [what: string, data: string, arrivalMs: number];

const base64 = (text: string): string =>
  Buffer.from(text, 'utf8').toString('base64');
const at = (iso: string): number => Date.parse(iso);

// The line of SAM CLI's `sam local generate-event kinesis apachelog`.
const SAM_LINE =
  '64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] "GET /mailman/listinfo/hsdivision HTTP/1.1" 200 6291';
// That event's data exactly as SAM writes it: one '=' of padding too many.
const SAM_DATA =
  'NjQuMjQyLjg4LjEwIC0gLSBbMDcvTWFyLzIwMDQ6MTY6MTA6MDIgLTA4MDBdICJHRVQgL21haWxtYW4vbGlzdGluZm8vaHNkaXZpc2lvbiBIVFRQLzEuMSIgMjAwIDYyOTE==';

const apacheCommon: Case[] = [
  [
    "SAM CLI's apachelog sample line, re-encoded as standard base64",
    base64(SAM_LINE),
    at('2004-03-08T00:10:05Z'),
  ],
  [
    "SAM CLI's apachelog sample data as SAM writes it (extra '=' padding)",
    SAM_DATA,
    at('2004-03-08T00:10:05Z'),
  ],
  [
    'two lines in one record, CRLF line ends',
    base64(
      '64.242.88.10 - - [07/Mar/2004:16:05:49 -0800] "GET /twiki/bin/edit/Main/Double_bounce_sender?topicparent=Main.ConfigurationVariables HTTP/1.1" 401 12846\r\n' +
        '64.242.88.10 - - [07/Mar/2004:16:06:51 -0800] "GET /twiki/bin/rdiff/TWiki/NewUserTemplate?rev1=1.3&rev2=1.2 HTTP/1.1" 200 4523\r\n',
    ),
    at('2004-03-08T00:07:00Z'),
  ],
  [
    'a user, no body (size -)',
    base64(
      '127.0.0.1 - frank [07/Mar/2004:16:20:00 -0800] "HEAD / HTTP/1.0" 304 -',
    ),
    at('2004-03-08T00:20:01Z'),
  ],
  [
    'not an access-log line',
    base64('this is not an access log line'),
    at('2004-03-08T00:21:00Z'),
  ],
];

const nginxCombined: Case[] = [
  [
    'nginx combined line',
    base64(
      '172.17.0.1 - alice [01/Apr/2021:12:02:31 +0000] "POST /not-found HTTP/1.1" 404 153 "http://localhost/somewhere" "Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/72.0.3626.119 Safari/537.36"',
    ),
    at('2021-04-01T12:02:40Z'),
  ],
  [
    'no referrer (-), an escaped quote in the user agent',
    base64(
      '203.0.113.7 - - [01/Apr/2021:12:02:45 +0000] "GET /search?q=%22a%22 HTTP/2.0" 200 5120 "-" "curl/8.5.0 \\"probe\\""',
    ),
    at('2021-04-01T12:02:50Z'),
  ],
  [
    'a TLS handshake sent to the HTTP port (request line kept as request)',
    base64(
      '198.51.100.9 - - [01/Apr/2021:12:02:50 +0000] "\\x16\\x03\\x01\\x00\\xca\\x01" 400 157 "-" "-"',
    ),
    at('2021-04-01T12:02:55Z'),
  ],
  [
    'a truncated line',
    base64('172.17.0.1 - - [01/Apr/2021:12:03:01 +0000] "GET / HTTP/1.1" 200'),
    at('2021-04-01T12:03:05Z'),
  ],
];

const BOM = '\uFEFF';
const syslog: Case[] = [
  [
    'RFC 5424 example 1 (BOM before MSG)',
    base64(
      `<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ${BOM}'su root' failed for lonvick on /dev/pts/8`,
    ),
    at('2003-10-11T22:14:20Z'),
  ],
  [
    'RFC 5424 example 2 (offset, microseconds, no BOM)',
    base64(
      "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
    ),
    at('2003-08-24T12:14:20Z'),
  ],
  [
    'RFC 5424 example 3 (structured data, then MSG)',
    base64(
      `<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] ${BOM}An application event log entry...`,
    ),
    at('2003-10-11T22:14:20Z'),
  ],
  [
    'RFC 5424 example 4 (two SD elements, no MSG)',
    base64(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
    ),
    at('2003-10-11T22:14:20Z'),
  ],
  [
    'RFC 3164 example 1 (year from the arrival time: 2026)',
    base64(
      "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
    ),
    at('2026-10-11T22:14:20Z'),
  ],
  [
    'RFC 3164 example 2 (no tag)',
    base64('<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!'),
    at('2026-02-05T17:32:25Z'),
  ],
  [
    'RFC 3164 across New Year: arrives in 2027, so Dec 31 is 2026',
    base64('<14>Dec 31 23:59:59 web-1 nginx[812]: worker exiting'),
    at('2027-01-01T00:00:04Z'),
  ],
  [
    'not syslog',
    base64('Oct 11 22:14:15 no priority here'),
    at('2026-10-11T22:15:00Z'),
  ],
];

const csv: Case[] = [
  [
    'one row',
    base64('o-2001,2026-11-22T09:29:41Z,42.50,EUR,plain'),
    at('2026-11-22T09:30:00Z'),
  ],
  [
    'two rows (CRLF, LF): doubled quotes, a comma and a line break inside quotes',
    base64(
      'o-2002,2026-11-22T09:29:50Z,7,USD,"says ""hi"", twice"\r\no-2003,2026-11-22T09:29:55Z,19.99,GBP,"two\nlines"\n',
    ),
    at('2026-11-22T09:30:00Z'),
  ],
  [
    'a row with a missing field',
    base64('o-2004,2026-11-22T09:29:58Z,5,EUR'),
    at('2026-11-22T09:30:00Z'),
  ],
  [
    'against schemas/order.json: negative amount, lower-case currency',
    base64('o-2005,2026-11-22T09:29:59Z,-3,eur,bad'),
    at('2026-11-22T09:30:00Z'),
  ],
  [
    'an amount beyond 2^53, written exactly as sent',
    base64('o-2006,2026-11-22T09:29:59Z,12345678901234567890123,EUR,big'),
    at('2026-11-22T09:30:00Z'),
  ],
];

const files: Record<string, Case[]> = {
  'apache-common.json': apacheCommon,
  'nginx-combined.json': nginxCombined,
  'syslog.json': syslog,
  'csv.json': csv,
};

for (const [name, cases] of Object.entries(files)) {
  const event = {
    invocationId: `log-formats-${name.replace('.json', '')}`,
    deliveryStreamArn:
      'arn:aws:firehose:us-east-1:123456789012:deliverystream/EventStream',
    region: 'us-east-1',
    records: cases.map(([, data, arrivalMs], i) => ({
      recordId: `4966212713829145071839471252046819374501123659880203${String(i + 1).padStart(4, '0')}000000`,
      approximateArrivalTimestamp: arrivalMs,
      data,
    })),
  };
  writeFileSync(
    new URL(`../events/${name}`, import.meta.url),
    `${JSON.stringify(event, null, 2)}\n`,
  );
  console.log(`events/${name}`);
  for (const [i, [what]] of cases.entries()) {
    console.log(`  record ${i + 1}: ${what}`);
  }
}
