import { describe, expect, it } from 'vitest';
import { MalformedEventError } from '#shared/errors.js';
import { readEvent } from '#shared/firehose/readEvent.js';
import { firehoseEvent, firehoseRecord } from '../../helpers/records.js';

describe('readEvent', () => {
  it('returns the records of a well-formed event', () => {
    // Prepare
    const records = [firehoseRecord({ a: 1 }), firehoseRecord({ b: 2 })];

    // Act
    const result = readEvent(firehoseEvent(records));

    // Assess
    expect(result).toEqual(records);
  });

  it('accepts an empty records array', () => {
    // Act
    const result = readEvent({ records: [] });

    // Assess
    expect(result).toEqual([]);
  });

  it.each([
    ['null', null, 'expected an object, got null'],
    ['a string', 'hello', 'expected an object, got string'],
    ['an array', [], 'expected an object, got an array'],
    ['no records', {}, '"records" must be an array, got undefined'],
    ['records not an array', { records: 'x' }, '"records" must be an array'],
    ['a null record', { records: [null] }, 'records[0] must be an object'],
    [
      'a record without recordId',
      { records: [{ data: '' }] },
      'records[0].recordId must be a non-empty string',
    ],
    [
      'a numeric recordId',
      { records: [{ recordId: 7, data: '' }] },
      'records[0].recordId must be a non-empty string, got number',
    ],
    [
      'a record without data',
      { records: [{ recordId: 'a' }] },
      'records[0].data must be a base64 string, got undefined',
    ],
    [
      'duplicate record ids',
      {
        records: [
          { recordId: 'a', data: '' },
          { recordId: 'a', data: '' },
        ],
      },
      'records[1].recordId "a" appears twice',
    ],
  ])('throws a MalformedEventError for %s', (_, event, message) => {
    // Act
    const act = () => readEvent(event);

    // Assess
    expect(act).toThrow(MalformedEventError);
    expect(act).toThrow(message);
  });
});
