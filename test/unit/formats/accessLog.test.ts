import { describe, expect, it } from 'vitest';
import { parseAccessLine } from '#shared/formats/accessLog.js';
import { readClfTime } from '#shared/formats/clfTime.js';
import { isLineFailure } from '#shared/formats/lineSyntax.js';

describe('readClfTime', () => {
  it.each([
    ['07/Mar/2004:16:10:02 -0800', '2004-03-07T16:10:02-08:00'],
    ['01/Apr/2021:12:02:31 +0000', '2021-04-01T12:02:31+00:00'],
    ['29/Feb/2024:23:59:59 +0530', '2024-02-29T23:59:59+05:30'],
  ])('writes %s as %s', (text, iso) => {
    // Act
    const out = readClfTime(text, 0);

    // Assess
    expect(out).toBe(iso);
  });

  it.each([
    ['32/Mar/2004:16:10:02 -0800', 0],
    ['29/Feb/2023:16:10:02 -0800', 0],
    ['07/mar/2004:16:10:02 -0800', 3],
    ['07/Mar/2004:24:10:02 -0800', 12],
    ['07/Mar/2004:16:10:02 0800', 20],
    ['07/Mar/2004:16:10:02 -08', 20],
  ])('rejects %s at index %i', (text, index) => {
    // Act
    const out = readClfTime(text, 0);

    // Assess
    expect(out).toMatchObject({ failure: true, index });
  });
});

describe('parseAccessLine', () => {
  it('reads a Common Log Format line in the fixed key order', () => {
    // Prepare
    const line =
      '127.0.0.1 user-identifier frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326';

    // Act
    const fields = parseAccessLine(line, false);

    // Assess
    expect(JSON.stringify(fields)).toBe(
      '{"host":"127.0.0.1","identity":"user-identifier","user":"frank","timestamp":"2000-10-10T13:55:36-07:00","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","status":200,"size":2326}',
    );
  });

  it('leaves out user, size, referrer and agent written as -', () => {
    // Prepare
    const line =
      '10.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 304 - "-" "-"';

    // Act
    const fields = parseAccessLine(line, true);

    // Assess
    expect(fields).toEqual({
      host: '10.0.0.1',
      timestamp: '2000-10-10T13:55:36+00:00',
      method: 'GET',
      path: '/',
      protocol: 'HTTP/1.1',
      status: 304,
    });
  });

  it('keeps escaped quotes in quoted fields as written', () => {
    // Prepare
    const line =
      '10.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET /q?a=\\"x\\" HTTP/1.1" 200 1 "http://r/\\"" "agent \\"A\\""';

    // Act
    const fields = parseAccessLine(line, true);

    // Assess
    expect(fields).toMatchObject({
      path: '/q?a=\\"x\\"',
      referrer: 'http://r/\\"',
      agent: 'agent \\"A\\"',
    });
  });

  it.each([
    ['-', {}],
    ['GET /', { method: 'GET', path: '/' }],
    ['\\x16\\x03\\x01', { request: '\\x16\\x03\\x01' }],
    ['GET / HTTP/1.1 extra', { request: 'GET / HTTP/1.1 extra' }],
    ['GET  /', { request: 'GET  /' }],
    ['', { request: '' }],
  ])('reads the request line %j', (request, expected) => {
    // Prepare
    const line = `h - - [10/Oct/2000:13:55:36 +0000] "${request}" 400 0`;

    // Act
    const fields = parseAccessLine(line, false) as Record<string, unknown>;

    // Assess
    const { method, path, protocol, request: raw } = fields;
    expect(
      Object.fromEntries(
        Object.entries({ method, path, protocol, request: raw }).filter(
          ([, v]) => v !== undefined,
        ),
      ),
    ).toEqual(expected);
  });

  it.each([
    ['', 0, 'the client host'],
    [
      'h - - 10/Oct/2000:13:55:36 +0000] "GET /" 200 1',
      6,
      "'[' before the time",
    ],
    [
      'h - - [10/Oct/2000:13:55:36 +0000] "GET / 200 1',
      35,
      'the quoted request line',
    ],
    [
      'h - - [10/Oct/2000:13:55:36 +0000] "GET /" 20 1',
      43,
      'a three-digit status and a space',
    ],
    [
      'h - - [10/Oct/2000:13:55:36 +0000] "GET /" 200 1x',
      47,
      'the size in bytes (digits, or -)',
    ],
    [
      'h - - [10/Oct/2000:13:55:36 +0000] "GET /" 200 1 ',
      48,
      'the end of the line',
    ],
    [
      'h - - [10/Oct/2000:13:55:36 +0000] "GET /" 200 1234567890123456',
      47,
      'the size in bytes (digits, or -)',
    ],
  ])('fails %j at index %i', (line, index, expected) => {
    // Act
    const out = parseAccessLine(line, false);

    // Assess
    expect(out).toEqual({ failure: true, index, expected });
  });

  it('requires referrer and agent in the combined format', () => {
    // Prepare
    const line = 'h - - [10/Oct/2000:13:55:36 +0000] "GET /" 200 1';

    // Act
    const common = parseAccessLine(line, false);
    const combined = parseAccessLine(line, true);

    // Assess
    expect(isLineFailure(common)).toBe(false);
    expect(combined).toMatchObject({
      failure: true,
      expected: 'a space before the referrer',
    });
  });
});
