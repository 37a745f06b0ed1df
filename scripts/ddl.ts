#!/usr/bin/env node
// `npm run ddl -- <schema> [--bucket <DataBucketName>]`: print Athena CREATE
// EXTERNAL TABLE statements for the events and the late data of a JSON
// Schema in schemas/, with partition projection matching template.yaml's
// prefixes, granularity and time zone (docs/athena.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { athenaDdl, DdlError } from './lib/athenaDdl.ts';
import {
  createResolver,
  projectRoot,
  readTemplate,
  resolveParameters,
  TemplateError,
} from './lib/template.ts';

const USAGE = `Usage: npm run -s ddl -- <schema> [--bucket <DataBucketName>] [options]

Print Athena CREATE EXTERNAL TABLE statements for EventStream's events and
LateEventStream's envelopes, columns from schemas/<schema>.json, partitions
projected from template.yaml's prefixes (no crawler, no MSCK REPAIR).

Options:
  --bucket <name>               the stack's DataBucketName output (default:
                                the placeholder DATA_BUCKET_NAME)
  --database <name>             qualify the table names
  --years <first>,<last>        years to project (default: the year of
                                EarliestEventTime, 2099)
  --parameter-overrides K=V ... template parameters, e.g. PartitionGranularity=day
  --template <file>             default: template.yaml
  -h, --help                    this text`;

class UsageError extends Error {}

const BUCKET_PLACEHOLDER = 'DATA_BUCKET_NAME';

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      bucket: { type: 'string' },
      database: { type: 'string' },
      years: { type: 'string' },
      'parameter-overrides': { type: 'string', multiple: true },
      template: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [schemaName, ...extra] = positionals;
  if (schemaName === undefined || extra.length > 0) {
    throw new UsageError(
      'give exactly one schema name (a file in schemas/ without .json)',
    );
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(schemaName)) {
    throw new UsageError(`${schemaName} is not a schema name`);
  }
  let bucket = values.bucket ?? '';
  if (bucket === '') {
    bucket = BUCKET_PLACEHOLDER;
    process.stderr.write(
      `ddl: no --bucket: the LOCATIONs say ${BUCKET_PLACEHOLDER}; pass --bucket with the stack's DataBucketName output\n`,
    );
  }
  const overrides: Record<string, string> = {};
  for (const pair of values['parameter-overrides'] ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`${pair} is not K=V`);
    overrides[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const template = readTemplate(
    values.template ?? join(projectRoot, 'template.yaml'),
  );
  const parameters = resolveParameters(template, overrides);
  const resolver = createResolver(template, { parameters });
  const destination = (id: string) =>
    resolver.resolve(
      (template.Resources?.[id]?.Properties as Record<string, unknown>)
        ?.ExtendedS3DestinationConfiguration,
    ) as { Prefix?: unknown } | undefined;
  const lateCondition = template.Resources?.LateEventStream?.Condition;
  const routesLate =
    template.Resources?.LateEventStream !== undefined &&
    (lateCondition === undefined || resolver.condition(lateCondition));
  const schemaPath = join(projectRoot, 'schemas', `${schemaName}.json`);
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `cannot read ${schemaPath}: ${(error as Error).message}`,
    );
  }
  process.stdout.write(
    `${athenaDdl({
      schemaName,
      schema,
      bucket,
      eventsPrefix: String(destination('EventStream')?.Prefix ?? ''),
      latePrefix: routesLate
        ? String(destination('LateEventStream')?.Prefix ?? '')
        : undefined,
      timeZone: String(parameters.PartitionTimezone),
      years: readYears(values.years, String(parameters.EarliestEventTime)),
      database: values.database,
    })}\n`,
  );
  return 0;
}

function readYears(
  text: string | undefined,
  earliest: string,
): [number, number] {
  if (text === undefined) return [Number(earliest.slice(0, 4)), 2099];
  const match = /^(\d{4}),(\d{4})$/.exec(text);
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (match === null || first > last) {
    throw new UsageError(
      `--years ${text}: expected <first>,<last>, e.g. 2024,2030`,
    );
  }
  return [first, last];
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  const usage =
    error instanceof UsageError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  if (
    !usage &&
    !(error instanceof DdlError) &&
    !(error instanceof TemplateError)
  )
    throw error;
  process.stderr.write(
    `ddl: ${(error as Error).message}\n${usage ? `\n${USAGE}\n` : ''}`,
  );
  process.exitCode = usage ? 2 : 1;
}
