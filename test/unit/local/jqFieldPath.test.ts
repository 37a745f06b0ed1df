import { describe, expect, it } from 'vitest';
import {
  compileMetadataQuery,
  MetadataExtractionError,
  UnsupportedJqError,
} from '../../../local/jq/fieldPath.ts';

describe('compileMetadataQuery', () => {
  it('extracts the keys of an object of field paths', () => {
    // Prepare
    const query = compileMetadataQuery(
      '{ year: .partition.year, "h": .partition["hour"], n: ."p q".n }',
    );

    // Act
    const keys = query.extract(
      '{"partition":{"year":"2026","hour":"09"},"p q":{"n":7}}',
    );

    // Assess
    expect([query.keys, keys]).toEqual([
      ['year', 'h', 'n'],
      { year: '2026', h: '09', n: '7' },
    ]);
  });

  it.each([
    ['.partition.hour'],
    ['{}'],
    ['{h:.partition.hour|tostring}'],
    ['{h:.partition.hour // "00"}'],
    ['{h:.items[0]}'],
    ['{h:..}'],
    ['{h:.}'],
    ['{h:"\\(.x)"}'],
    ['{h:.a,h:.b}'],
    ['{h:.a} {g:.b}'],
    ['{h:strftime("%H")}'],
  ])('refuses %s at compile time', (text) => {
    // Act / Assess
    expect(() => compileMetadataQuery(text)).toThrow(UnsupportedJqError);
  });

  it.each([
    ['not json'],
    ['{"partition":{}}'],
    ['{"partition":{"hour":null}}'],
    ['{"partition":{"hour":{"x":1}}}'],
    ['{"partition":"09"}'],
  ])('fails to extract from %s', (record) => {
    // Prepare
    const query = compileMetadataQuery('{hour:.partition.hour}');

    // Act / Assess
    expect(() => query.extract(record)).toThrow(MetadataExtractionError);
  });
});
