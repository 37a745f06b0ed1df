import { describe, expect, it } from 'vitest';
import {
  athenaDdl,
  DdlError,
  schemaColumns,
} from '../../../scripts/lib/athenaDdl.ts';

const object = (properties: Record<string, unknown>) => ({
  type: 'object',
  properties,
});

describe('schemaColumns', () => {
  it('maps JSON Schema types to Hive types, in property order', () => {
    // Prepare
    const schema = object({
      s: { type: 'string', format: 'date-time' },
      i: { type: 'integer' },
      n: { type: ['number', 'null'] },
      mixed: { type: ['string', 'number'] },
      both: { type: ['integer', 'number'] },
      b: { type: 'boolean' },
      kind: { enum: ['a', 'b'] },
      level: { enum: [1, 2] },
      o: object({ x: { type: 'integer' } }),
      free: { type: 'object' },
      list: { type: 'array', items: object({ y: { type: 'number' } }) },
      anything: { type: 'array' },
    });

    // Act
    const columns = schemaColumns(schema);

    // Assess
    expect(columns).toEqual([
      ['s', 'string'],
      ['i', 'bigint'],
      ['n', 'double'],
      ['mixed', 'string'],
      ['both', 'double'],
      ['b', 'boolean'],
      ['kind', 'string'],
      ['level', 'bigint'],
      ['o', 'struct<`x`:bigint>'],
      ['free', 'string'],
      ['list', 'array<struct<`y`:double>>'],
      ['anything', 'array<string>'],
    ]);
  });

  it.each([
    [object({ a: { $ref: '#/$defs/a' } }), '#/properties/a: $ref'],
    [object({ a: { oneOf: [] } }), '#/properties/a: oneOf'],
    [object({ a: {} }), '#/properties/a: no type'],
    [object({ a: { type: 'string' }, A: { type: 'string' } }), 'by case only'],
    [{ type: 'array' }, 'an object with properties'],
  ])('refuses %j', (schema, message) => {
    // Act / Assess
    expect(() => schemaColumns(schema)).toThrow(DdlError);
    expect(() => schemaColumns(schema)).toThrow(message);
  });
});

describe('athenaDdl', () => {
  const input = {
    schemaName: 'Click-Stream',
    schema: object({ id: { type: 'string' } }),
    bucket: 'b',
    eventsPrefix:
      'events/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/',
    latePrefix:
      'late/year=!{partitionKeyFromQuery:year}/month=!{partitionKeyFromQuery:month}/',
    timeZone: 'Europe/Paris',
    years: [2025, 2026] as const,
  };

  it('projects the prefix keys and names the zone', () => {
    // Act
    const ddl = athenaDdl({ ...input, database: 'lake' });

    // Assess
    const [events, late] = ddl.split('\n\n');
    expect(events).toContain(
      'CREATE EXTERNAL TABLE IF NOT EXISTS `lake`.`click_stream_events` (',
    );
    expect(events).toContain("'projection.year.range' = '2025,2026'");
    expect(events).toContain("'projection.month.digits' = '2'");
    expect(events).not.toContain('projection.day');
    expect(events).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's own placeholders
      "'storage.location.template' = 's3://b/events/year=${year}/month=${month}/'",
    );
    expect(events).toContain('Europe/Paris');
    expect(late).toContain('`partition` struct<`year`:string,`month`:string>');
    expect(late).toContain('`record` struct<`id`:string>');
    expect(late).toContain("LOCATION 's3://b/late/'");
  });

  it.each([
    [{ eventsPrefix: 'events/!{timestamp:yyyy}/' }, "EventStream's Prefix"],
    [
      { latePrefix: 'late/!{timestamp:yyyy/MM/dd/HH}/' },
      "LateEventStream's Prefix",
    ],
    [
      { eventsPrefix: 'events/shard=!{partitionKeyFromLambda:shard}/' },
      'only year, month, day, hour and minute',
    ],
    [{ schema: object({ year: { type: 'string' } }) }, 'partition key'],
  ])('refuses %j', (change, message) => {
    // Act / Assess
    expect(() => athenaDdl({ ...input, ...change })).toThrow(message);
  });
});
