import { describe, expect, it } from 'vitest';
import { readInputFormatConfig } from '#shared/formats/formatConfig.js';
import { createLogLinesReader } from '#shared/formats/logLines.js';

const ARRIVAL = Date.UTC(2026, 10, 22, 9, 30);
const LINE =
  '10.0.0.1 - - [22/Nov/2026:09:29:00 +0000] "GET /a HTTP/1.1" 200 12';

function reader(env: Record<string, string>) {
  return createLogLinesReader(readInputFormatConfig(env));
}

describe('createLogLinesReader', () => {
  it('gives one JSON line per input line, skipping a BOM, CR and blank lines', () => {
    // Prepare
    const read = reader({ INPUT_FORMAT: 'apache_common' });

    // Act
    const out = read(`\uFEFF${LINE}\r\n\r\n  \n${LINE}\n`, ARRIVAL);

    // Assess
    expect('lines' in out && out.lines.map((l) => l.text)).toEqual([
      '{"host":"10.0.0.1","timestamp":"2026-11-22T09:29:00+00:00","method":"GET","path":"/a","protocol":"HTTP/1.1","status":200,"size":12}',
      '{"host":"10.0.0.1","timestamp":"2026-11-22T09:29:00+00:00","method":"GET","path":"/a","protocol":"HTTP/1.1","status":200,"size":12}',
    ]);
  });

  it('fails the record naming format, line and column, never the content', () => {
    // Prepare
    const read = reader({ INPUT_FORMAT: 'apache_combined' });

    // Act
    const out = read(`${LINE}\nsecret-token-123 oops`, ARRIVAL);

    // Assess
    expect(out).toEqual({
      result: 'ProcessingFailed',
      reason: 'invalid-log-line',
      detail:
        'apache_combined line 1, column 67: expected a space before the referrer',
    });
    expect(JSON.stringify(out)).not.toContain('secret');
  });

  it('drops only the bad lines with ON_INVALID=drop', () => {
    // Prepare
    const read = reader({ INPUT_FORMAT: 'apache_common', ON_INVALID: 'drop' });

    // Act
    const out = read(`garbage\n${LINE}\nmore garbage`, ARRIVAL);

    // Assess
    expect('lines' in out && out.lines).toHaveLength(1);
  });

  it('answers Dropped when every line is dropped', () => {
    // Prepare
    const read = reader({ INPUT_FORMAT: 'syslog', ON_INVALID: 'drop' });

    // Act
    const out = read('one\ntwo', ARRIVAL);

    // Assess
    expect(out).toEqual({
      result: 'Dropped',
      reason: 'invalid-log-line',
      detail:
        'syslog line 2, column 1: expected <PRI> with a priority from 0 to 191',
    });
  });

  it('fails an empty record as empty-record', () => {
    // Prepare
    const read = reader({ INPUT_FORMAT: 'nginx_combined' });

    // Act
    const out = read('\n \r\n', ARRIVAL);

    // Assess
    expect(out).toMatchObject({
      result: 'ProcessingFailed',
      reason: 'empty-record',
    });
  });

  it('fails a CSV row with the wrong number of fields, with its line', () => {
    // Prepare
    const read = reader({ INPUT_FORMAT: 'csv', CSV_COLUMNS: 'a,b' });

    // Act
    const out = read('1,2\n"multi\nline",3\n4,5,6', ARRIVAL);

    // Assess
    expect(out).toEqual({
      result: 'ProcessingFailed',
      reason: 'invalid-log-line',
      detail: 'csv line 4: expected 2 fields (CSV_COLUMNS), found 3',
    });
  });

  it('writes control characters and quotes escaped', () => {
    // Prepare
    const read = reader({ INPUT_FORMAT: 'syslog' });

    // Act
    const out = read('<14>1 - - - - - - tab\there "q" \\ \u0001 é', ARRIVAL);

    // Assess
    expect('lines' in out && out.lines[0]?.text).toBe(
      '{"facility":"user","severity":"info","version":1,"message":"tab\\there \\"q\\" \\\\ \\u0001 é"}',
    );
  });
});
