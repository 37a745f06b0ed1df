import { describe, expect, it } from 'vitest';
import {
  createResolver,
  describeFunction,
  readTemplate,
  type Template,
} from '../../scripts/lib/template.ts';
import { readCommitConfig } from '../../shared/commit/commitConfig.js';

// PartitionCommitFunction's block of template.yaml: it reads EventStream's
// own prefix, runs on its schedule, and may do little else.

const template: Template = readTemplate();
type Json = Record<string, unknown>;

function resolverWith(parameters: Record<string, string> = {}) {
  return createResolver(template, {
    parameters: { ...createResolver(template).parameters, ...parameters },
  });
}

function commitProperties(parameters: Record<string, string> = {}): Json {
  const resource = template.Resources
    ?.PartitionCommitFunction as unknown as Json;
  return resolverWith(parameters).resolve(resource.Properties) as Json;
}

/** What the function's own role may do (its log group aside). */
function statements(parameters: Record<string, string> = {}): Json[] {
  const role = template.Resources
    ?.PartitionCommitFunctionRole as unknown as Json;
  const resolved = resolverWith(parameters).resolve(role.Properties) as Json;
  // A policy left out by its condition resolves to undefined.
  return (resolved.Policies as (Json | undefined)[])
    .filter((p): p is Json => p !== undefined)
    .flatMap((p) => (p.PolicyDocument as Json).Statement as Json[]);
}

describe('PartitionCommitFunction in template.yaml', () => {
  it.each(['year', 'month', 'day', 'hour', 'minute'])(
    "commits under EventStream's own prefix at %s granularity",
    (granularity) => {
      // Prepare
      const resolver = resolverWith({ PartitionGranularity: granularity });
      const eventStream = template.Resources?.EventStream as unknown as Json;
      const destination = resolver.resolve(
        (eventStream.Properties as Json).ExtendedS3DestinationConfiguration,
      ) as Json;

      // Act
      const fn = describeFunction(template, 'PartitionCommitFunction', {
        parameters: resolver.parameters,
      });
      const config = readCommitConfig(fn.environment);

      // Assess
      expect(fn.environment.EVENTS_PREFIX).toBe(destination.Prefix);
      expect(config.granularity).toBe(granularity);
      expect(fn.environment.DELIVERY_STREAM_NAME).toBe(
        resolver.resolve({ Ref: 'EventStream' }),
      );
    },
  );

  it('reads the partitioning and lateness parameters EventTimePartitionFunction reads', () => {
    // Prepare
    const parameters = {
      PartitionTimezone: 'Europe/Paris',
      AllowedLateness: '15m',
    };
    const resolver = resolverWith(parameters);

    // Act
    const [commit, partition] = [
      'PartitionCommitFunction',
      'EventTimePartitionFunction',
    ].map(
      (id) =>
        describeFunction(template, id, { parameters: resolver.parameters })
          .environment,
    );

    // Assess
    for (const name of [
      'PARTITION_GRANULARITY',
      'PARTITION_TIMEZONE',
      'ALLOWED_LATENESS',
    ]) {
      expect(commit?.[name], name).toBe(partition?.[name]);
    }
    expect(commit?.PARTITION_TIMEZONE).toBe('Europe/Paris');
  });

  it('runs every 5 minutes by default', () => {
    // Act
    const events = commitProperties().Events as Json;

    // Assess
    expect(events).toEqual({
      CommitSchedule: {
        Type: 'Schedule',
        Properties: {
          Schedule: 'rate(5 minutes)',
          Description: expect.any(String),
        },
      },
    });
  });

  it('may read DataFreshness, list events/ and write …/_SUCCESS only', () => {
    // Act
    const granted = statements().map((s) => [
      s.Action,
      s.Resource,
      s.Condition,
    ]);

    // Assess
    expect(granted).toEqual([
      ['cloudwatch:GetMetricData', '*', undefined],
      [
        's3:ListBucket',
        'arn:aws:s3:::local-databucket',
        { StringLike: { 's3:prefix': 'events/*' } },
      ],
      [
        's3:PutObject',
        'arn:aws:s3:::local-databucket/events/*/_SUCCESS',
        undefined,
      ],
    ]);
    expect(commitProperties().Environment).toMatchObject({
      Variables: { COMMIT_EVENT_BUS: '' },
    });
  });

  it('may put events on its bus only when PublishCommitEvents is true', () => {
    // Prepare
    const parameters = {
      PublishCommitEvents: 'true',
      CommitEventBusName: 'data',
    };

    // Act
    const granted = statements(parameters).filter(
      (s) => s.Action === 'events:PutEvents',
    );

    // Assess
    expect(granted.map((s) => s.Resource)).toEqual([
      'arn:aws:events:us-east-1:123456789012:event-bus/data',
    ]);
    expect(commitProperties(parameters).Environment).toMatchObject({
      Variables: { COMMIT_EVENT_BUS: 'data' },
    });
  });
});
