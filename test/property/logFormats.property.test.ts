import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FirehoseRecord } from '#shared/firehose/types.js';
import { parseAccessLine } from '#shared/formats/accessLog.js';
import { formatCsvRow } from '#shared/formats/csv.js';
import { readInputFormatConfig } from '#shared/formats/formatConfig.js';
import { monthName } from '#shared/formats/lineSyntax.js';
import { createLogLinesReader } from '#shared/formats/logLines.js';
import { parseSyslogLine } from '#shared/formats/syslog.js';
import { FACILITY_NAMES, SEVERITY_NAMES } from '#shared/formats/syslogNames.js';
import { readLatenessConfig } from '#shared/lateness/latenessConfig.js';
import { createLogger } from '#shared/observability/logger.js';
import {
  readerForInputFormat,
  transformLogRecord,
} from '#shared/pipeline/logRecords.js';
import { createPartitionProcessor } from '#shared/pipeline/partitionRecords.js';
import { type BatchProcessor, runBatch } from '#shared/pipeline/runBatch.js';
import { createEventTimeStage } from '#shared/time/eventTimeStage.js';
import { readPartitionConfig } from '#shared/time/partitionConfig.js';
import { fakeContext } from '../helpers/records.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const UTC = { timeZone: 'UTC', maxFutureSkewMs: 300_000 };

/** A UTC instant between 1971 and 2099, to the second. */
const instant = fc
  .integer({
    min: Date.UTC(1971, 0, 1) / 1000,
    max: Date.UTC(2099, 0, 1) / 1000,
  })
  .map((s) => new Date(s * 1000));

/** An offset in minutes, ±23:59. */
const offsetMinutes = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });

function isoOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const token = (max: number) =>
  fc.stringMatching(new RegExp(`^[!#-~]{1,${max}}$`)).filter((t) => t !== '-');
/** Text inside an access-log quoted field: no bare quote or backslash. */
const quotedText = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[ !#-[\]-~é☕]$/),
      fc.constant('\\"'),
      fc.constant('\\\\'),
      fc.constant('\\x16'),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''))
  .filter((t) => t !== '-');

const accessRecord = fc.record({
  host: fc.stringMatching(/^[a-z0-9.:]{1,20}$/),
  identity: fc.option(fc.stringMatching(/^[a-z0-9._]{1,10}$/), {
    nil: undefined,
  }),
  user: fc.option(fc.stringMatching(/^[A-Za-z0-9._@]{1,12}$/), {
    nil: undefined,
  }),
  wall: instant,
  offset: offsetMinutes,
  method: fc.stringMatching(/^[A-Z]{3,7}$/),
  path: fc.stringMatching(/^\/[!#-[\]-~]{0,30}$/),
  protocol: fc.option(fc.constantFrom('HTTP/1.0', 'HTTP/1.1', 'HTTP/2.0'), {
    nil: undefined,
  }),
  status: fc.integer({ min: 100, max: 599 }),
  size: fc.option(fc.integer({ min: 0, max: 999_999_999_999 }), {
    nil: undefined,
  }),
  referrer: fc.option(quotedText, { nil: undefined }),
  agent: fc.option(quotedText, { nil: undefined }),
});
type AccessRecord =
  typeof accessRecord extends fc.Arbitrary<infer T> ? T : never;

function formatAccess(
  r: AccessRecord,
  combined: boolean,
): { line: string; expected: object } {
  const w = r.wall;
  const sign = r.offset < 0 ? '-' : '+';
  const abs = Math.abs(r.offset);
  const clf = `${pad(w.getUTCDate())}/${monthName(w.getUTCMonth() + 1)}/${w.getUTCFullYear()}:${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  const iso = `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}${isoOffset(r.offset)}`;
  const request = [r.method, r.path, r.protocol]
    .filter((p) => p !== undefined)
    .join(' ');
  let line = `${r.host} ${r.identity ?? '-'} ${r.user ?? '-'} [${clf}] "${request}" ${r.status} ${r.size ?? '-'}`;
  if (combined) line += ` "${r.referrer ?? '-'}" "${r.agent ?? '-'}"`;
  const expected = {
    host: r.host,
    identity: r.identity,
    user: r.user,
    timestamp: iso,
    method: r.method,
    path: r.path,
    protocol: r.protocol,
    status: r.status,
    size: r.size,
    referrer: combined ? r.referrer : undefined,
    agent: combined ? r.agent : undefined,
  };
  return { line, expected };
}

const sdName = fc.stringMatching(/^[!#-<>-\\^-~]{1,32}$/);
/** Text biased towards the characters each format must escape or quote. */
const tricky = (specials: readonly string[], maxLength: number) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...specials),
        fc.string({ unit: 'grapheme', maxLength: 2 }),
      ),
      { maxLength },
    )
    .map((parts) => parts.join(''));
const CSV_SPECIALS = [',', ';', '\t', '|', '"', '""', '\r', '\n', '\r\n', ' '];
const sdValue = tricky(['"', '\\', ']', '\\n', ' ', '=', '[', 'é'], 8);
const syslog5424 = fc.record({
  pri: fc.integer({ min: 0, max: 191 }),
  version: fc.integer({ min: 1, max: 999 }),
  time: fc.option(
    fc.tuple(
      instant,
      fc.stringMatching(/^(\.[0-9]{1,6})?$/),
      fc.option(offsetMinutes, { nil: undefined }),
    ),
    { nil: undefined },
  ),
  hostname: fc.option(token(255), { nil: undefined }),
  appname: fc.option(token(48), { nil: undefined }),
  procid: fc.option(token(128), { nil: undefined }),
  msgid: fc.option(token(32), { nil: undefined }),
  sd: fc.option(
    fc.dictionary(sdName, fc.dictionary(sdName, sdValue, { maxKeys: 3 }), {
      minKeys: 1,
      maxKeys: 3,
    }),
    { nil: undefined },
  ),
  bom: fc.boolean(),
  message: fc.option(tricky(['\uFEFF', ' ', '"', '\\', '\t', '-'], 12), {
    nil: undefined,
  }),
});

const escapeSd = (v: string) => v.replace(/["\\\]]/g, (c) => `\\${c}`);

describe('log formats round-trip (property)', () => {
  it.each([
    ['apache_common', false],
    ['apache_combined', true],
  ])('%s: a formatted record parses back to itself', (_, combined) => {
    fc.assert(
      fc.property(accessRecord, (r) => {
        // Prepare
        const { line, expected } = formatAccess(r, combined);

        // Act
        const fields = parseAccessLine(line, combined);

        // Assess
        expect(JSON.stringify(fields)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 300 },
    );
  });

  it('syslog RFC 5424: a formatted message parses back to itself', () => {
    fc.assert(
      fc.property(syslog5424, (m) => {
        // Prepare
        let timestamp: string | undefined;
        if (m.time !== undefined) {
          const [w, fraction, offset] = m.time;
          timestamp = `${w.toISOString().slice(0, 19)}${fraction}${offset === undefined ? 'Z' : isoOffset(offset)}`;
        }
        const sd =
          m.sd === undefined
            ? '-'
            : Object.entries(m.sd)
                .map(
                  ([id, params]) =>
                    `[${id}${Object.entries(params)
                      .map(([k, v]) => ` ${k}="${escapeSd(v)}"`)
                      .join('')}]`,
                )
                .join('');
        const header = [m.hostname, m.appname, m.procid, m.msgid]
          .map((f) => f ?? '-')
          .join(' ');
        const msg =
          m.message === undefined
            ? ''
            : ` ${m.bom ? '\uFEFF' : ''}${m.message}`;
        const line = `<${m.pri}>${m.version} ${timestamp ?? '-'} ${header} ${sd}${msg}`;

        // Act
        const fields = parseSyslogLine(line, 0, UTC);

        // Assess
        expect(JSON.stringify(fields)).toBe(
          JSON.stringify({
            facility: FACILITY_NAMES[m.pri >> 3],
            severity: SEVERITY_NAMES[m.pri & 7],
            version: m.version,
            timestamp,
            hostname: m.hostname,
            appname: m.appname,
            procid: m.procid,
            msgid: m.msgid,
            structured_data: m.sd,
            // One leading BOM marks MSG as UTF-8 and is removed.
            message:
              !m.bom && m.message?.startsWith('\uFEFF')
                ? m.message.slice(1)
                : m.message,
          }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('syslog RFC 3164: a formatted message parses back to itself, year from arrival', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: -300, max: 300 * 86_400 }),
        fc.integer({ min: 0, max: 191 }),
        fc.stringMatching(/^[!-~]{1,30}$/),
        fc.option(
          fc.tuple(
            fc.stringMatching(/^[A-Za-z0-9_./-]{1,20}$/),
            fc.option(fc.stringMatching(/^[0-9]{1,7}$/), { nil: undefined }),
          ),
          { nil: undefined },
        ),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        (w, lagSeconds, pri, hostname, tag, text) => {
          // Prepare
          const arrival = w.getTime() + lagSeconds * 1000;
          const day = String(w.getUTCDate()).padStart(2, ' ');
          const time = w.toISOString().slice(11, 19);
          const content =
            tag === undefined
              ? `msg ${text}`
              : `${tag[0]}${tag[1] === undefined ? '' : `[${tag[1]}]`}: ${text}`;
          const line = `<${pri}>${monthName(w.getUTCMonth() + 1)} ${day} ${time} ${hostname} ${content}`;

          // Act
          const fields = parseSyslogLine(line, arrival, UTC);

          // Assess
          expect(JSON.stringify(fields)).toBe(
            JSON.stringify({
              facility: FACILITY_NAMES[pri >> 3],
              severity: SEVERITY_NAMES[pri & 7],
              timestamp: `${w.toISOString().slice(0, 19)}+00:00`,
              hostname,
              appname: tag?.[0],
              procid: tag?.[1],
              message: tag === undefined ? `msg ${text}` : text,
            }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('csv: formatted rows parse back to their fields', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((width) =>
          fc.tuple(
            fc.constant(width),
            fc.array(
              fc.array(tricky(CSV_SPECIALS, 6), {
                minLength: width,
                maxLength: width,
              }),
              { minLength: 1, maxLength: 4 },
            ),
          ),
        ),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n'),
        ([width, rows], delimiter, newline) => {
          // Prepare
          const columns = Array.from({ length: width }, (_, i) => `c${i}`);
          const read = createLogLinesReader(
            readInputFormatConfig({
              INPUT_FORMAT: 'csv',
              CSV_COLUMNS: columns.join(','),
              CSV_DELIMITER: delimiter,
            }),
          );
          const text = rows
            .map((row) => formatCsvRow(row, delimiter))
            .join(newline);

          // Act
          const out = read(text, 0);

          // Assess
          expect(
            'lines' in out && out.lines.map((l) => JSON.parse(l.text)),
          ).toEqual(
            rows.map((row) =>
              Object.fromEntries(row.map((v, i) => [`c${i}`, v])),
            ),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

const silent = createLogger({}, {}, () => undefined);
const observability = { logger: silent, namespace: 'Test', functionName: 'p' };
const validLine = fc.constantFrom(
  '64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] "GET /mailman/listinfo/hsdivision HTTP/1.1" 200 6291',
  '172.17.0.1 - alice [01/Apr/2021:12:02:31 +0000] "POST /x HTTP/1.1" 404 153 "http://r/" "Mozilla \\"5\\""',
  '<165>1 2003-10-11T22:14:15.003Z h evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] msg',
  "<34>Oct 11 22:14:15 mymachine su: 'su root' failed",
  'o-1,"a ""b"", c",3',
);
const garbageLine = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc
    .tuple(validLine, fc.nat(), fc.string({ maxLength: 4 }))
    .map(
      ([l, k, s]) =>
        l.slice(0, k % (l.length + 1)) + s + l.slice(k % (l.length + 1)),
    ),
  validLine,
);
const recordData = fc.oneof(
  fc
    .array(garbageLine, { minLength: 1, maxLength: 4 })
    .map((lines) => Buffer.from(lines.join('\n')).toString('base64')),
  fc
    .uint8Array({ maxLength: 64 })
    .map((b) => Buffer.from(b).toString('base64')),
  fc.string({ maxLength: 12 }),
);

/** Padded standard base64, as readEvent's strict decoder accepts it. */
const STRICT_BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

describe('log formats never crash a batch (property)', () => {
  it.each([
    { INPUT_FORMAT: 'apache_common' },
    { INPUT_FORMAT: 'nginx_combined', ON_INVALID: 'drop' },
    { INPUT_FORMAT: 'syslog' },
    {
      INPUT_FORMAT: 'syslog',
      SYSLOG_TIMEZONE: 'America/New_York',
      ON_INVALID: 'drop',
    },
    {
      INPUT_FORMAT: 'csv',
      CSV_COLUMNS: 'orderId,note,amount',
      RECORD_SCHEMA: 'order',
    },
  ])('answers every record once with %j (both functions)', async (env) => {
    const read = readerForInputFormat(readInputFormatConfig(env), []);
    if (read === undefined) throw new Error('expected a log reader');
    const partitionConfig = readPartitionConfig({});
    const processors: BatchProcessor[] = [
      (rs) => rs.map((r) => transformLogRecord(read, r)),
      createPartitionProcessor({
        stages: [],
        fieldPath: partitionConfig.timestampField,
        eventTime: createEventTimeStage(partitionConfig),
        lateness: readLatenessConfig({}),
        partitionWarningThreshold: 400,
        fallback: undefined,
        logger: silent,
        readRecord: read,
      }),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordData, { maxLength: 20 }),
        // Firehose always sends a numeric arrival time (readEvent's rule).
        fc.integer(),
        async (datas, arrival) => {
          // Prepare
          const records: FirehoseRecord[] = datas.map((data, i) => ({
            recordId: `id-${i}`,
            approximateArrivalTimestamp: arrival as number,
            data,
          }));

          // Act
          const response = await runBatch(
            { records },
            fakeContext(),
            processors[datas.length % 2] as BatchProcessor,
            observability,
          );

          // Assess
          expect(response.records.map((r) => r.recordId)).toEqual(
            records.map((r) => r.recordId),
          );
          response.records.forEach((answer, i) => {
            if (answer.result === 'ProcessingFailed') {
              // The original data, or "" when it was not base64 at all.
              const data = records[i]?.data ?? '';
              expect(answer.data).toBe(STRICT_BASE64.test(data) ? data : '');
            } else if (answer.result === 'Ok') {
              const text = Buffer.from(answer.data ?? '', 'base64').toString(
                'utf8',
              );
              expect(text.endsWith('\n')).toBe(true);
              for (const line of text.slice(0, -1).split('\n')) {
                expect(typeof JSON.parse(line)).toBe('object');
              }
            } else {
              expect(answer.result).toBe('Dropped');
            }
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
