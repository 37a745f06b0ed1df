import { describe, expect, it } from 'vitest';
import {
  DeaggregationError,
  deaggregateJson,
} from '../../../local/records/deaggregateJson.ts';

describe('deaggregateJson', () => {
  it('splits JSON Lines and back-to-back objects, braces in strings included', () => {
    // Prepare
    const data = Buffer.from('{"a":"}{"}\n{"b":[{"c":1}]}{"d":"\\"}"}\n');

    // Act
    const parts = deaggregateJson(data).map(String);

    // Assess
    expect(parts).toEqual(['{"a":"}{"}', '{"b":[{"c":1}]}', '{"d":"\\"}"}']);
  });

  it.each([['[1]'], ['{"a":1'], ['{"a":1} x'], ['{"a":1}'.repeat(501)]])(
    'refuses %s',
    (text) => {
      // Act / Assess
      expect(() => deaggregateJson(Buffer.from(text))).toThrow(
        DeaggregationError,
      );
    },
  );
});
