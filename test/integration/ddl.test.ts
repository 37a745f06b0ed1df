import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createResolver,
  projectRoot,
  readTemplate,
} from '../../scripts/lib/template.ts';

// `npm run ddl` as users run it: Node 22 (the node devDependency) strips
// the types of scripts/ddl.ts itself.

const node = join(projectRoot, 'node_modules/.bin/node');
const template = readTemplate();

function ddl(...args: string[]) {
  const run = spawnSync(node, ['scripts/ddl.ts', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (run.error !== undefined) throw run.error;
  return run;
}

function prefixOf(stream: string, parameters: Record<string, string>) {
  const resolver = createResolver(template, {
    parameters: { ...createResolver(template).parameters, ...parameters },
  });
  const props = template.Resources?.[stream]?.Properties as Record<
    string,
    unknown
  >;
  const destination = resolver.resolve(
    props.ExtendedS3DestinationConfiguration,
  ) as { Prefix: string };
  return destination.Prefix.replace(
    /!\{partitionKeyFrom(?:Lambda|Query):([^}]+)\}/g,
    (_w, key: string) => `\${${key}}`,
  );
}

/** The column lines between `CREATE …(` and `)`. */
function columns(statement: string): string[] {
  const lines = statement.split('\n');
  const end = lines.indexOf(')');
  return lines.slice(1, end).map((l) => l.trim().replace(/,$/, ''));
}

function partitionKeys(statement: string): string[] {
  const lines = statement.split('\n');
  const start = lines.indexOf('PARTITIONED BY (');
  const end = lines.indexOf(')', start);
  return lines.slice(start + 1, end).map((l) => l.trim().split(' ')[0] ?? '');
}

describe('npm run ddl', () => {
  it.each<[string, Record<string, string>]>([
    ['hour', {}],
    ['day', { PartitionGranularity: 'day', PartitionTimezone: 'Asia/Kolkata' }],
    ['minute', { PartitionGranularity: 'minute' }],
  ])(
    'prints the events and late tables of schemas/order.json projecting the %s prefixes of template.yaml',
    (_granularity, parameters) => {
      // Prepare
      const overrides = Object.entries(parameters).flatMap(([k, v]) => [
        '--parameter-overrides',
        `${k}=${v}`,
      ]);

      // Act
      const run = ddl('order', '--bucket', 'data-bucket', ...overrides);

      // Assess
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const statements = run.stdout.trimEnd().split('\n\n');
      expect(statements.length).toBe(2);
      const [events, late] = statements as [string, string];
      expect(events.split('\n')[0]).toBe(
        'CREATE EXTERNAL TABLE IF NOT EXISTS `order_events` (',
      );
      expect(columns(events)).toEqual([
        '`orderId` string',
        '`timestamp` string',
        '`customer` struct<`id`:string,`email`:string>',
        '`amount` double',
        '`currency` string',
        '`items` array<struct<`sku`:string,`quantity`:bigint>>',
      ]);
      const eventsPrefix = prefixOf('EventStream', parameters);
      const latePrefix = prefixOf('LateEventStream', parameters);
      const keys = [...eventsPrefix.matchAll(/\$\{([^}]+)\}/g)].map(
        (m) => `\`${m[1]}\``,
      );
      expect(partitionKeys(events)).toEqual(keys);
      expect(partitionKeys(late)).toEqual(keys);
      expect(events).toContain(
        `'storage.location.template' = 's3://data-bucket/${eventsPrefix}'`,
      );
      expect(late).toContain(
        `'storage.location.template' = 's3://data-bucket/${latePrefix}'`,
      );
      expect(events).toContain("'projection.year.range' = '1970,2099'");
      expect(events).toContain(
        `event-time wall clock in ${parameters.PartitionTimezone ?? 'UTC'}`,
      );
      expect(events).not.toMatch(/MSCK|crawler/i);
      expect(late.split('\n')[0]).toBe(
        'CREATE EXTERNAL TABLE IF NOT EXISTS `order_late` (',
      );
      expect(columns(late).at(-1)).toMatch(
        /^`record` struct<`orderId`:string,/,
      );
      for (const statement of statements)
        expect(statement.endsWith(');')).toBe(true);
    },
  );

  it('prints the events table only when RouteLateData is false', () => {
    // Act
    const run = ddl(
      'clickstream',
      '--bucket',
      'b',
      '--parameter-overrides',
      'RouteLateData=false',
    );

    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout.match(/CREATE EXTERNAL TABLE/g)?.length).toBe(1);
    expect(run.stdout).toContain('`type` string');
  });

  it('prints the statements for a schema name alone, with a bucket placeholder', () => {
    // Act
    const run = ddl('order');

    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("LOCATION 's3://DATA_BUCKET_NAME/events/'");
    expect(run.stdout).toContain("LOCATION 's3://DATA_BUCKET_NAME/late/'");
    expect(run.stderr).toMatch(/no --bucket/);
  });

  it.each([
    [['nosuchschema', '--bucket', 'b'], /cannot read .*nosuchschema\.json/],
    [['order', '--bucket', 'b', '--years', '2030,2020'], /--years 2030,2020/],
  ])('refuses %j with a usage error', (args, message) => {
    // Act
    const run = ddl(...args);

    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
