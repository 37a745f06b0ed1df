import { describe, expect, it } from 'vitest';
import { parseFieldPath, readField } from '../../../shared/time/fieldPath.js';

describe('parseFieldPath', () => {
  it.each([
    ['timestamp', ['timestamp']],
    ['detail.eventTime', ['detail', 'eventTime']],
    ['a.b.c.d', ['a', 'b', 'c', 'd']],
    ['meta.event\\.time', ['meta', 'event.time']],
    ['back\\\\slash', ['back\\slash']],
    ['a\\\\.b', ['a\\', 'b']],
    ['\\.hidden', ['.hidden']],
    ['items.0.t', ['items', '0', 't']],
  ])('splits %j into keys', (spec, expected) => {
    // Prepare
    const text = spec;

    // Act
    const keys = parseFieldPath(text);

    // Assess
    expect(keys).toEqual(expected);
    expect(Object.isFrozen(keys)).toBe(true);
  });

  it.each([
    ['', /empty/],
    ['.a', /key 1 .*empty/],
    ['a.', /key 2 .*empty/],
    ['a..b', /key 2 .*empty/],
    ['a\\b', /invalid escape at position 2/],
    ['a\\', /invalid escape/],
  ])('rejects %j', (spec, message) => {
    // Prepare
    const text = spec;

    // Act
    const act = () => parseFieldPath(text);

    // Assess
    expect(act).toThrow(message);
  });
});

describe('readField', () => {
  const record = {
    timestamp: 1,
    detail: { eventTime: '2026-03-01T00:00:00Z', nothing: null },
    'event.time': 3,
    items: [{ t: 4 }],
  };

  it.each([
    [['timestamp'], 1],
    [['detail', 'eventTime'], '2026-03-01T00:00:00Z'],
    [['detail', 'nothing'], null],
    [['event.time'], 3],
    [['items', '0', 't'], 4],
    [['items', '1', 't'], undefined],
    [['items', '01', 't'], undefined],
    [['items', 'length'], undefined],
    [['detail', 'eventTime', 'length'], undefined],
    [['absent'], undefined],
    [['absent', 'deeper'], undefined],
    [['toString'], undefined],
    [['constructor'], undefined],
    [['__proto__'], undefined],
  ])('reads %j', (path, expected) => {
    // Prepare
    const value = record;

    // Act
    const found = readField(value, path);

    // Assess
    expect(found).toBe(expected);
  });

  it('reads an own __proto__ key from JSON', () => {
    // Prepare
    const value = JSON.parse('{"__proto__":{"t":5}}');

    // Act
    const found = readField(value, ['__proto__', 't']);

    // Assess
    expect(found).toBe(5);
  });

  it('does not walk into class instances', () => {
    // Prepare
    const value = { when: new Date(0) };

    // Act
    const found = readField(value, ['when', 'getTime']);

    // Assess
    expect(found).toBeUndefined();
  });

  it.each([null, undefined, 42, 'text'])('gives undefined for %j', (value) => {
    // Prepare
    const path = ['timestamp'];

    // Act
    const found = readField(value, path);

    // Assess
    expect(found).toBeUndefined();
  });
});
