import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '#shared/errors.js';
import {
  checkTimestampField,
  readInputFormatConfig,
} from '#shared/formats/formatConfig.js';

function variableOf(read: () => unknown): string | undefined {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.variable;
    throw error;
  }
  return undefined;
}

describe('readInputFormatConfig', () => {
  it('defaults to json, fail, UTC and 5m', () => {
    // Act
    const config = readInputFormatConfig({});

    // Assess
    expect(config).toEqual({
      format: 'json',
      onInvalid: 'fail',
      syslog: { timeZone: 'UTC', maxFutureSkewMs: 300_000 },
      csv: undefined,
    });
  });

  it.each([
    [{ INPUT_FORMAT: 'xml' }, 'INPUT_FORMAT'],
    [{ INPUT_FORMAT: 'csv' }, 'CSV_COLUMNS'],
    [{ INPUT_FORMAT: 'csv', CSV_COLUMNS: 'a,,b' }, 'CSV_COLUMNS'],
    [{ INPUT_FORMAT: 'csv', CSV_COLUMNS: 'a,b,a' }, 'CSV_COLUMNS'],
    [
      { INPUT_FORMAT: 'csv', CSV_COLUMNS: 'a', CSV_DELIMITER: ';;' },
      'CSV_DELIMITER',
    ],
    [
      { INPUT_FORMAT: 'csv', CSV_COLUMNS: 'a', CSV_DELIMITER: '"' },
      'CSV_DELIMITER',
    ],
    [
      { INPUT_FORMAT: 'syslog', SYSLOG_TIMEZONE: 'Mars/Olympus' },
      'SYSLOG_TIMEZONE',
    ],
    [{ INPUT_FORMAT: 'syslog', MAX_FUTURE_SKEW: 'soon' }, 'MAX_FUTURE_SKEW'],
    [{ ON_INVALID: 'ignore' }, 'ON_INVALID'],
  ])('fails at init for %j naming %s', (env, variable) => {
    // Act
    const named = variableOf(() => readInputFormatConfig(env));

    // Assess
    expect(named).toBe(variable);
  });

  it('reads CSV columns, a tab delimiter and the schema property types', () => {
    // Act
    const config = readInputFormatConfig({
      INPUT_FORMAT: 'CSV',
      CSV_COLUMNS: ' orderId , amount,extra',
      CSV_DELIMITER: 'tab',
      RECORD_SCHEMA: 'order',
    });

    // Assess
    expect(config.csv).toEqual({
      columns: ['orderId', 'amount', 'extra'],
      delimiter: '\t',
      types: [['string'], ['number'], undefined],
    });
  });

  it('keeps a space delimiter (not trimmed away)', () => {
    // Act
    const config = readInputFormatConfig({
      INPUT_FORMAT: 'csv',
      CSV_COLUMNS: 'a,b',
      CSV_DELIMITER: ' ',
    });

    // Assess
    expect(config.csv?.delimiter).toBe(' ');
  });
});

describe('checkTimestampField', () => {
  it('accepts any field for json and the format fields otherwise', () => {
    // Prepare
    const json = readInputFormatConfig({});
    const apache = readInputFormatConfig({ INPUT_FORMAT: 'apache_common' });
    const csv = readInputFormatConfig({
      INPUT_FORMAT: 'csv',
      CSV_COLUMNS: 'id,at',
    });

    // Act
    const named = [
      variableOf(() =>
        checkTimestampField(json, ['meta', 'eventTime'], 'meta.eventTime'),
      ),
      variableOf(() => checkTimestampField(apache, ['timestamp'], 'timestamp')),
      variableOf(() =>
        checkTimestampField(apache, ['meta', 'eventTime'], 'meta.eventTime'),
      ),
      variableOf(() => checkTimestampField(csv, ['at'], 'at')),
      variableOf(() => checkTimestampField(csv, ['timestamp'], 'timestamp')),
    ];

    // Assess
    expect(named).toEqual([
      undefined,
      undefined,
      'TIMESTAMP_FIELD',
      undefined,
      'TIMESTAMP_FIELD',
    ]);
  });
});

describe('schema types for CSV', () => {
  it('are up to date with schemas/ (run npm run schemas after editing one)', () => {
    // Act
    const output = execFileSync(
      process.execPath,
      ['scripts/compile-schema-types.ts', '--check'],
      { encoding: 'utf8' },
    );

    // Assess
    expect(output).toMatch(/schema types up to date \(\d+\)/);
  });
});
