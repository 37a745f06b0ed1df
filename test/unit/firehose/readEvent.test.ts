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
          { recordId: 'a', approximateArrivalTimestamp: 1, data: '' },
          { recordId: 'a', approximateArrivalTimestamp: 1, data: '' },
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

  it.each([
    ['missing', undefined, 'got undefined'],
    ['an ISO string', '2026-03-01T10:00:00Z', 'got string'],
    ['beyond the Date range', 1e300, 'got 1e+300'],
    ['just beyond the Date range', 8.64e15 + 1, 'got 8640000000000001'],
    ['not finite', Number.NaN, 'got NaN'],
  ])(
    'refuses an approximateArrivalTimestamp that is %s, naming the record (issue 10 §4)',
    (_, arrival, detail) => {
      // Prepare
      const record = {
        ...firehoseRecord({ a: 1 }),
        approximateArrivalTimestamp: arrival,
      };
      const event = firehoseEvent([firehoseRecord({ b: 2 }), record as never]);

      // Act
      const act = () => readEvent(event);

      // Assess
      expect(act).toThrow(MalformedEventError);
      expect(act).toThrow(
        `records[1].approximateArrivalTimestamp must be epoch milliseconds`,
      );
      expect(act).toThrow(detail);
    },
  );

  it('accepts the ends of the Date range', () => {
    // Prepare
    const records = [
      firehoseRecord({ a: 1 }, { arrival: 8.64e15 }),
      firehoseRecord({ a: 1 }, { arrival: -8.64e15 }),
    ];

    // Act
    const result = readEvent(firehoseEvent(records));

    // Assess
    expect(result).toHaveLength(2);
  });
});
