// CloudWatch Logs subscription payloads as Firehose delivers them to a
// processor: each record's data is a gzip-compressed JSON document, a
// CONTROL_MESSAGE (sent when the subscription is created) or a
// DATA_MESSAGE with several log events. Seeded, hence reproducible.
import { gzipSync } from 'node:zlib';
import { createRandom, type Random } from './prng.ts';
import { SAMPLE_START_MS } from './sampleRecords.ts';

const LOG_GROUPS = ['/aws/lambda/checkout-api', '/ecs/orders-service'];
const LEVELS = { INFO: 70, WARN: 15, ERROR: 5, DEBUG: 10 };
const MESSAGES = [
  'order accepted',
  'payment authorised',
  'inventory reserved',
  'cache miss',
  'retrying downstream call',
  'request completed',
];
const HOUR = 3_600_000;

/**
 * `count` Firehose records carrying CloudWatch Logs payloads: the first is
 * a CONTROL_MESSAGE, the others DATA_MESSAGEs of 2 to 8 log events (JSON or
 * plain-text lines). A `late` share of log events is hours old; an
 * `invalid` share of records is not gzip.
 *
 * @example
 *   cloudWatchLogsRecords({ count: 5, seed: '1' })[1].data; // gzip bytes
 */
export function cloudWatchLogsRecords({
  count,
  seed = '1',
  late = 0,
  invalid = 0,
  startMs = SAMPLE_START_MS,
}: {
  count: number;
  seed?: string;
  late?: number;
  invalid?: number;
  startMs?: number;
}): { data: Buffer; arrivalMs: number }[] {
  const random = createRandom(seed);
  const records: { data: Buffer; arrivalMs: number }[] = [];
  let arrivalMs = startMs;
  for (let i = 0; i < count; i++) {
    arrivalMs += random.int(200, 4_000);
    const logGroup = random.pick(LOG_GROUPS);
    if (i > 0 && random.chance(invalid)) {
      records.push({
        data: Buffer.from(`not gzip: ${logGroup} ${random.hex(16)}`),
        arrivalMs,
      });
      continue;
    }
    const payload =
      i === 0
        ? controlMessage()
        : dataMessage(random, logGroup, arrivalMs, late);
    records.push({
      data: gzipSync(Buffer.from(JSON.stringify(payload))),
      arrivalMs,
    });
  }
  return records;
}

function controlMessage() {
  return {
    messageType: 'CONTROL_MESSAGE',
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [
      {
        id: '',
        timestamp: SAMPLE_START_MS,
        message:
          'CWL CONTROL MESSAGE: Checking health of destination Firehose.',
      },
    ],
  };
}

function dataMessage(
  random: Random,
  logGroup: string,
  arrivalMs: number,
  late: number,
) {
  const logStream = `2026/03/01/[$LATEST]${random.hex(32)}`;
  let timestamp =
    arrivalMs -
    random.int(1_000, 60_000) -
    (random.chance(late) ? 3 * HOUR : 0);
  const logEvents = Array.from({ length: random.int(2, 8) }, () => {
    timestamp += random.int(0, 500);
    return {
      id: `${timestamp}${random.int(10_000_000, 99_999_999)}${random.int(10_000_000, 99_999_999)}`,
      timestamp,
      message: logMessage(random, timestamp),
    };
  });
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream,
    subscriptionFilters: ['to-firehose'],
    logEvents,
  };
}

function logMessage(random: Random, timestamp: number): string {
  const level = random.weighted(LEVELS);
  const message = random.pick(MESSAGES);
  if (random.chance(0.6)) {
    return JSON.stringify({
      level,
      timestamp: new Date(timestamp).toISOString(),
      message,
      requestId: random.uuid(),
      durationMs: random.int(1, 900),
    });
  }
  return `${new Date(timestamp).toISOString()} ${level} ${message} requestId=${random.uuid()}`;
}
