import { describe, expect, it } from 'vitest';
import {
  parseDuration,
  readBoolean,
  readChoice,
  readDuration,
  readInteger,
} from '#shared/config.js';
import { ConfigurationError } from '#shared/errors.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['500ms', 500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    [' 2H ', 7_200_000],
  ])('reads %j', (text, ms) => {
    // Act / Assess
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '-1h', '1.5h', 'h', '10', '1w', '1h 30m'])(
    'rejects %j',
    (text) => {
      // Act / Assess
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('configuration readers', () => {
  it('use the default when unset or empty', () => {
    // Act / Assess
    expect(readDuration({ X: '' }, 'X', '1h')).toBe(3_600_000);
    expect(readChoice({}, 'X', ['a', 'b'] as const, 'b')).toBe('b');
    expect(readBoolean({}, 'X', true)).toBe(true);
    expect(readInteger({}, 'X', 7, { min: 1, max: 10 })).toBe(7);
  });

  it.each([
    () => readDuration({ ALLOWED_LATENESS: 'soon' }, 'ALLOWED_LATENESS', '1h'),
    () => readChoice({ MODE: 'c' }, 'MODE', ['a', 'b'] as const, 'a'),
    () => readBoolean({ FLAG: 'maybe' }, 'FLAG', false),
    () => readInteger({ N: '11' }, 'N', 1, { min: 1, max: 10 }),
    () => readInteger({ N: '1.5' }, 'N', 1, { min: 1, max: 10 }),
  ])('fail with a ConfigurationError naming the variable (%#)', (read) => {
    // Act / Assess
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(/Invalid configuration: [A-Z_]+=/);
  });
});

describe('error classes', () => {
  it('carry their own names, which survive minification', async () => {
    // Prepare
    const errors = await import('#shared/errors.js');

    // Act
    const names = [
      new errors.FirehoseProcessorError('x'),
      new errors.ConfigurationError('A', 'b', 'c'),
      new errors.MalformedEventError('x'),
      new errors.RecordError('invalid-json', 'x'),
    ].map((error) => error.name);

    // Assess
    expect(names).toEqual([
      'FirehoseProcessorError',
      'ConfigurationError',
      'MalformedEventError',
      'RecordError',
    ]);
  });
});
