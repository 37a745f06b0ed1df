import { describe, expect, it } from 'vitest';
import { parseSyslogLine } from '#shared/formats/syslog.js';

const UTC = { timeZone: 'UTC', maxFutureSkewMs: 300_000 };
const ARRIVAL = Date.UTC(2026, 9, 11, 22, 14, 20);

describe('parseSyslogLine (RFC 5424)', () => {
  it('reads RFC 5424 example 1 and removes the BOM before MSG', () => {
    // Prepare
    const line =
      "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8";

    // Act
    const fields = parseSyslogLine(line, ARRIVAL, UTC);

    // Assess
    expect(JSON.stringify(fields)).toBe(
      '{"facility":"auth","severity":"crit","version":1,"timestamp":"2003-10-11T22:14:15.003Z","hostname":"mymachine.example.com","appname":"su","msgid":"ID47","message":"\'su root\' failed for lonvick on /dev/pts/8"}',
    );
  });

  it('keeps a BOM that is not the first character of MSG', () => {
    // Prepare
    const line = '<14>1 - - - - - - a\uFEFFb';

    // Act
    const fields = parseSyslogLine(line, ARRIVAL, UTC);

    // Assess
    expect(fields).toEqual({
      facility: 'user',
      severity: 'info',
      version: 1,
      message: 'a\uFEFFb',
    });
  });

  it('reads structured data with escapes and repeated parameters', () => {
    // Prepare
    const line =
      '<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - [a@1 x="q\\"uote" y="back\\\\slash" z="br\\]acket" w="\\n"][b@1 r="1" r="2" r="3"]';

    // Act
    const fields = parseSyslogLine(line, ARRIVAL, UTC);

    // Assess
    expect(fields).toMatchObject({
      timestamp: '2003-08-24T05:14:15.000003-07:00',
      procid: '8710',
      structured_data: {
        'a@1': { x: 'q"uote', y: 'back\\slash', z: 'br]acket', w: '\\n' },
        'b@1': { r: ['1', '2', '3'] },
      },
    });
    expect(fields).not.toHaveProperty('message');
  });

  it('keeps SD-IDs such as __proto__ as plain keys', () => {
    // Prepare
    const line = '<14>1 - h a - - [__proto__ polluted="yes"] m';

    // Act
    const fields = parseSyslogLine(line, ARRIVAL, UTC);

    // Assess
    expect(JSON.stringify(fields)).toContain(
      '"structured_data":{"__proto__":{"polluted":"yes"}}',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['<192>1 - - - - - -', 0, '<PRI> with a priority from 0 to 191'],
    ['<34>0 - - - - - -', 4, 'a version (1-999)'],
    [
      '<34>1 2003-13-11T22:14:15Z h a p m -',
      6,
      'an RFC 3339 timestamp with offset, or -',
    ],
    [
      '<34>1 2003-10-11T22:14:15 h a p m -',
      6,
      'an RFC 3339 timestamp with offset, or -',
    ],
    ['<34>1 - h a p m [id x=1]', 21, "'=\"' after the PARAM-NAME"],
    ['<34>1 - h a p m [id x="1"', 25, "' ' or ']' in an SD-ELEMENT"],
    ['<34>1 - h a p m [a][a]', 20, 'an SD-ID not used before in the line'],
  ])('fails %j at index %i', (line, index, expected) => {
    // Act
    const out = parseSyslogLine(line, ARRIVAL, UTC);

    // Assess
    expect(out).toEqual({ failure: true, index, expected });
  });
});

describe('parseSyslogLine (RFC 3164)', () => {
  it('reads RFC 3164 example 1 with the year of its arrival', () => {
    // Prepare
    const line =
      "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8";

    // Act
    const fields = parseSyslogLine(line, ARRIVAL, UTC);

    // Assess
    expect(JSON.stringify(fields)).toBe(
      '{"facility":"auth","severity":"crit","timestamp":"2026-10-11T22:14:15+00:00","hostname":"mymachine","appname":"su","message":"\'su root\' failed for lonvick on /dev/pts/8"}',
    );
  });

  it('reads a tag with a process id, and a message without a tag', () => {
    // Act
    const tagged = parseSyslogLine(
      '<78>Oct  1 01:02:03 h CRON[42]: job',
      ARRIVAL,
      UTC,
    );
    const untagged = parseSyslogLine(
      '<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!',
      ARRIVAL,
      UTC,
    );

    // Assess
    expect(tagged).toMatchObject({
      appname: 'CRON',
      procid: '42',
      message: 'job',
    });
    expect(untagged).toEqual({
      facility: 'user',
      severity: 'notice',
      timestamp: '2026-02-05T17:32:18+00:00',
      hostname: '10.0.0.99',
      message: 'Use the BFG!',
    });
  });

  it('takes the previous year for a time past arrival plus MAX_FUTURE_SKEW', () => {
    // Prepare
    const arrival = Date.UTC(2027, 0, 1, 0, 0, 4);

    // Act
    const lastYear = parseSyslogLine(
      '<14>Dec 31 23:59:59 h a: x',
      arrival,
      UTC,
    );
    const withinSkew = parseSyslogLine(
      '<14>Jan  1 00:04:00 h a: x',
      arrival,
      UTC,
    );
    const pastSkew = parseSyslogLine(
      '<14>Jan  1 00:06:00 h a: x',
      arrival,
      UTC,
    );

    // Assess
    expect(lastYear).toMatchObject({ timestamp: '2026-12-31T23:59:59+00:00' });
    expect(withinSkew).toMatchObject({
      timestamp: '2027-01-01T00:04:00+00:00',
    });
    expect(pastSkew).toMatchObject({ timestamp: '2026-01-01T00:06:00+00:00' });
  });

  it('finds the last leap year for Feb 29', () => {
    // Act
    const fields = parseSyslogLine('<14>Feb 29 12:00:00 h a: x', ARRIVAL, UTC);

    // Assess
    expect(fields).toMatchObject({ timestamp: '2024-02-29T12:00:00+00:00' });
  });

  it('writes the SYSLOG_TIMEZONE offset, DST included, and moves a time in a gap forward', () => {
    // Prepare
    const paris = { timeZone: 'Europe/Paris', maxFutureSkewMs: 300_000 };

    // Act
    const summer = parseSyslogLine(
      '<14>Jul  1 12:00:00.250 h a: x',
      ARRIVAL,
      paris,
    );
    const winter = parseSyslogLine(
      '<14>Jan  1 12:00:00 h a: x',
      ARRIVAL,
      paris,
    );
    const gap = parseSyslogLine('<14>Mar 29 02:30:00 h a: x', ARRIVAL, paris);

    // Assess
    expect(summer).toMatchObject({
      timestamp: '2026-07-01T12:00:00.250+02:00',
    });
    expect(winter).toMatchObject({ timestamp: '2026-01-01T12:00:00+01:00' });
    expect(gap).toMatchObject({ timestamp: '2026-03-29T03:30:00+02:00' });
  });

  it('fails without an arrival time, naming no content', () => {
    // Act
    const out = parseSyslogLine('<14>Jan  1 00:00:00 h a: x', undefined, UTC);

    // Assess
    expect(out).toEqual({
      failure: true,
      index: 4,
      expected: 'a record arrival time to infer the year from',
    });
  });

  it.each([
    ['<14>Foo  1 00:00:00 h x', 4],
    ['<14>Jan 32 00:00:00 h x', 8],
    ['<14>Jan  1 0:00:00 h x', 11],
    ['<14>Jan  1 00:00:00', 19],
    ['<14>Jan  1 00:00:00 ', 20],
  ])('fails %j at index %i', (line, index) => {
    // Act
    const out = parseSyslogLine(line, ARRIVAL, UTC);

    // Assess
    expect(out).toMatchObject({ failure: true, index });
  });
});
