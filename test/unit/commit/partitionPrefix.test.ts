import { describe, expect, it } from 'vitest';
import {
  compilePartitionPrefix,
  partitionPrefix,
  staticPrefix,
} from '../../../shared/commit/partitionPrefix.js';

describe('compilePartitionPrefix', () => {
  it("evaluates EventStream's own prefix with a window's keys", () => {
    // Prepare
    const prefix = compilePartitionPrefix(
      'events/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/',
    );

    // Act
    const text = partitionPrefix(prefix, {
      year: '2026',
      month: '03',
      dt: 'x',
    });

    // Assess
    expect([prefix.keys, text, staticPrefix(prefix)]).toEqual([
      ['year', 'month'],
      'events/year=2026/month=03/',
      'events/',
    ]);
  });

  it.each([
    ['events/!{timestamp:yyyy}/'],
    ['events/!{firehose:random-string}/k=!{partitionKeyFromLambda:k}/'],
    ['events/'],
    ['events/k=!{partitionKeyFromLambda:k}'],
  ])('refuses %s', (template) => {
    // Act / Assess
    expect(() => compilePartitionPrefix(template)).toThrow();
  });

  it('fails when a key is missing', () => {
    // Prepare
    const prefix = compilePartitionPrefix(
      'late/hour=!{partitionKeyFromQuery:hour}/',
    );

    // Act / Assess
    expect(() => partitionPrefix(prefix, { year: '2026' })).toThrow(
      'partition key hour is missing',
    );
  });
});
