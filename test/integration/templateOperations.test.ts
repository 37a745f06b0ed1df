import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createResolver,
  describeFunction,
  listFunctions,
  projectRoot,
  readTemplate,
  resolveParameters,
  type Template,
} from '../../scripts/lib/template.ts';

const template: Template = readTemplate();
const resources = template.Resources ?? {};
const functionIds = Object.keys(listFunctions(template));
const streamIds = Object.keys(resources).filter(
  (id) => resources[id]?.Type === 'AWS::KinesisFirehose::DeliveryStream',
);
/** The functions some stream of the template uses as its processor. */
const processorIds = functionIds.filter((id) =>
  streamIds.some((stream) =>
    JSON.stringify(
      (resources[stream]?.Properties as Record<string, unknown>)
        ?.ExtendedS3DestinationConfiguration,
    ).includes(`{"Fn::GetAtt":["${id}","Arn"]}`),
  ),
);
const alarms = Object.entries(resources).filter(
  ([, r]) => r.Type === 'AWS::CloudWatch::Alarm',
);

type Json = Record<string, unknown>;

function properties(logicalId: string): Json {
  const found = resources[logicalId];
  if (found === undefined) throw new Error(`no resource ${logicalId}`);
  return (found.Properties ?? {}) as Json;
}

function s3Destination(streamId: string): Json {
  return properties(streamId).ExtendedS3DestinationConfiguration as Json;
}

function resolverWith(overrides: Record<string, string>) {
  return createResolver(template, {
    parameters: resolveParameters(template, overrides),
  });
}

/** Logical ids a value refers to (Ref, GetAtt, ${…} in Sub), parameters excluded. */
function referencesIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Ref' && typeof item === 'string') out.add(item);
      else if (key === 'Fn::GetAtt')
        out.add(
          String(Array.isArray(item) ? item[0] : item).split('.')[0] ?? '',
        );
      else if (key === 'Fn::Sub') {
        const text = String(Array.isArray(item) ? item[0] : item);
        for (const [, name] of text.matchAll(/\$\{([^}!]+)\}/g))
          out.add(String(name).split('.')[0] ?? '');
        if (Array.isArray(item)) referencesIn(item[1], out);
      } else referencesIn(item, out);
    }
  }
  for (const name of out) if (!(name in resources)) out.delete(name);
  return out;
}

/** A metric alarm's (or its single MetricStat's) metric. */
function alarmMetrics(alarm: Json): Json[] {
  if (alarm.MetricName !== undefined) return [alarm];
  return ((alarm.Metrics ?? []) as Json[])
    .map((m) => (m.MetricStat as Json | undefined)?.Metric as Json)
    .filter((m) => m !== undefined);
}

function findAlarm(metricName: string, dimensionValue: unknown): Json[] {
  return alarms
    .map(([, r]) => r.Properties as Json)
    .filter((alarm) =>
      alarmMetrics(alarm).some(
        (m) =>
          m.MetricName === metricName &&
          JSON.stringify(m.Dimensions).includes(JSON.stringify(dimensionValue)),
      ),
    );
}

/** The EMF dimension value a function's handler passes to readObservability. */
function emfFunctionName(logicalId: string): string {
  const fn = describeFunction(template, logicalId);
  const source = readFileSync(join(fn.codeUri, `${fn.handlerFile}.ts`), 'utf8');
  const match = /readObservability\(process\.env, '([^']+)'\)/.exec(source);
  if (match?.[1] === undefined) throw new Error(`${logicalId}: no name`);
  return match[1];
}

function processorInterval(streamId: string): number {
  type Parameter = { ParameterName: string; ParameterValue: string };
  const processing = s3Destination(streamId).ProcessingConfiguration as
    | Json
    | undefined;
  // Only a Lambda processor buffers: MetadataExtraction and the other
  // built-in processors work on the records as they pass.
  const processor = ((processing?.Processors ?? []) as Json[]).find(
    (p) => p.Type === 'Lambda',
  );
  const parameters = (processor?.Parameters ?? []) as Parameter[];
  const interval = parameters.find(
    (p) => p.ParameterName === 'BufferIntervalInSeconds',
  );
  if (processor === undefined) return 0;
  return Number(interval?.ParameterValue ?? 60);
}

describe('any stack name', () => {
  it('builds no resource property from AWS::StackName', () => {
    // Prepare
    const used = Object.entries(resources).filter(([, r]) =>
      JSON.stringify(r).includes('AWS::StackName'),
    );

    // Act
    const names = used.map(([id]) => id);

    // Assess
    expect(names).toEqual([]);
    for (const id of streamIds)
      expect(properties(id).DeliveryStreamName).toBeUndefined();
  });

  it('has no circular dependency between resources', () => {
    // Prepare: DependsOn, Ref, GetAtt and Sub edges; SAM's function → Role.
    const edges = new Map<string, Set<string>>();
    for (const [id, r] of Object.entries(resources)) {
      const refs = referencesIn(r.Properties);
      const dependsOn = (r as unknown as Json).DependsOn;
      for (const d of [dependsOn].flat())
        if (typeof d === 'string') refs.add(d);
      edges.set(id, refs);
    }

    // Act
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (id: string, path: string[]) => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(id)), id].join(' → '));
        return;
      }
      state.set(id, 'visiting');
      for (const next of edges.get(id) ?? []) visit(next, [...path, id]);
      state.set(id, 'done');
    };
    for (const id of edges.keys()) visit(id, []);

    // Assess
    expect(cycles).toEqual([]);
    expect(edges.get('TransformStream')).toContain('TransformFunction');
    expect(edges.get('TransformFunctionReingestPolicy')).toEqual(
      new Set(['TransformFunctionRole', 'TransformStream']),
    );
  });
});

describe.each(functionIds)('function %s permissions', (functionId) => {
  it('has its own role and no SAM Policies (SAM ignores them beside Role)', () => {
    // Prepare
    const props = properties(functionId);

    // Act
    const role = props.Role;

    // Assess
    expect(role).toEqual({ 'Fn::GetAtt': [`${functionId}Role`, 'Arn'] });
    expect(props.Policies).toBeUndefined();
    expect(properties(`${functionId}Role`).ManagedPolicyArns).toBeUndefined();
    expect(JSON.stringify(properties(`${functionId}Role`))).toContain(
      'lambda.amazonaws.com',
    );
  });

  it('writes logs to its own log group only', () => {
    // Prepare
    const policy = properties(`${functionId}LogsPolicy`);

    // Act
    const [statement, ...others] = (policy.PolicyDocument as Json)
      .Statement as Json[];

    // Assess
    expect(others).toEqual([]);
    expect(policy.Roles).toEqual([{ Ref: `${functionId}Role` }]);
    expect(statement?.Action).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    expect(statement?.Resource).toEqual({
      'Fn::GetAtt': [`${functionId}LogGroup`, 'Arn'],
    });
  });
});

describe.each(processorIds)('stream processor %s permissions', (functionId) => {
  it('may kms:GenerateDataKey only with a Kinesis source and its key', () => {
    // Prepare
    const kinesis = 'arn:aws:kinesis:us-east-1:123456789012:stream/source';
    const key =
      'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const role = properties(`${functionId}Role`);

    // Act
    const withKey = JSON.stringify(
      resolverWith({
        SourceKinesisStreamArn: kinesis,
        SourceKinesisKmsKeyArn: key,
      }).resolve(role),
    );
    const keyOnly = JSON.stringify(
      resolverWith({ SourceKinesisKmsKeyArn: key }).resolve(role),
    );
    const noReingest = JSON.stringify(
      resolverWith({
        SourceKinesisStreamArn: kinesis,
        SourceKinesisKmsKeyArn: key,
        Reingest: 'false',
      }).resolve(role),
    );

    // Assess
    expect(withKey).toContain(
      `{"Sid":"EncryptForKinesisSource","Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"${key}"}`,
    );
    expect(keyOnly).not.toContain('kms:');
    expect(noReingest).not.toContain('kms:');
    expect(noReingest).not.toContain('kinesis:');
  });

  it('reserves concurrency only when asked', () => {
    // Prepare
    const parameter = `${functionId}ReservedConcurrency`;

    // Act
    const unset = resolverWith({}).resolve(properties(functionId)) as Json;
    const set = resolverWith({ [parameter]: '25' }).resolve(
      properties(functionId),
    ) as Json;

    // Assess
    expect(unset.ReservedConcurrentExecutions).toBeUndefined();
    expect(set.ReservedConcurrentExecutions).toBe('25');
    expect(() => resolveParameters(template, { [parameter]: '0' })).toThrow(
      /does not match/,
    );
  });
});

/**
 * The template as SAM deploys it: translated by aws-sam-translator (which
 * cfn-lint brings), with a placeholder S3 CodeUri as cfn-lint uses.
 */
function samTranslate(): { Resources: Record<string, Json> } {
  const script = [
    'import json, sys',
    'from cfnlint.decode.cfn_yaml import load',
    'from samtranslator.translator.transform import transform',
    'class NoManagedPolicies:',
    '    def load(self): return {}',
    't = json.loads(json.dumps(load(sys.argv[1]), default=str))',
    'for r in t["Resources"].values():',
    '    if r.get("Type") == "AWS::Serverless::Function":',
    '        r["Properties"]["CodeUri"] = "s3://bucket/code.zip"',
    'print(json.dumps(transform(t, {}, NoManagedPolicies())))',
  ].join('\n');
  const run = spawnSync(
    'python3',
    ['-c', script, join(projectRoot, 'template.yaml')],
    {
      encoding: 'utf8',
      env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (run.status !== 0) {
    throw new Error(
      `aws-sam-translator (installed with cfn-lint) failed: ${run.error?.message ?? run.stderr}`,
    );
  }
  return JSON.parse(run.stdout) as { Resources: Record<string, Json> };
}

describe('the template as SAM translates it', () => {
  const translated = samTranslate();

  it('keeps our function roles: no SAM role, no AWSLambdaBasicExecutionRole', () => {
    // Prepare
    const roles = Object.entries(translated.Resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Role')
      .map(([id]) => id);

    // Act
    const text = JSON.stringify(translated);

    // Assess
    expect(text).not.toContain('AWSLambdaBasicExecutionRole');
    expect(text).not.toContain('"ManagedPolicyArns"');
    expect(roles.sort()).toEqual(
      Object.keys(resources)
        .filter((id) => resources[id]?.Type === 'AWS::IAM::Role')
        .sort(),
    );
    for (const id of functionIds) {
      const fn = translated.Resources[id]?.Properties as Json;
      expect(fn.Role).toEqual({ 'Fn::GetAtt': [`${id}Role`, 'Arn'] });
      expect(fn.Tags).toContainEqual({
        Key: 'application',
        Value: 'firehose-processors',
      });
    }
  });
});

describe.each(processorIds)('processor %s', (functionId) => {
  const streamId = streamIds.find((id) =>
    JSON.stringify(s3Destination(id).ProcessingConfiguration ?? {}).includes(
      `"${functionId}"`,
    ),
  );

  it('re-ingests into its own stream through a separate AWS::IAM::Policy', () => {
    // Prepare
    const policy = properties(`${functionId}ReingestPolicy`);

    // Act
    const statements = (policy.PolicyDocument as Json).Statement as Json[];

    // Assess
    expect(streamId).toBeDefined();
    expect(resources[`${functionId}ReingestPolicy`]?.Type).toBe(
      'AWS::IAM::Policy',
    );
    expect(policy.Roles).toEqual([{ Ref: `${functionId}Role` }]);
    expect(statements).toEqual([
      {
        Sid: 'ReingestIntoOwnStream',
        Effect: 'Allow',
        Action: 'firehose:PutRecordBatch',
        Resource: { 'Fn::GetAtt': [streamId, 'Arn'] },
      },
    ]);
  });
});

describe('re-ingestion into existing streams', () => {
  it('grants PutRecordBatch on ExistingStreamArns to every function role', () => {
    // Prepare
    const arns = [
      'arn:aws:firehose:us-east-1:123456789012:deliverystream/orders',
      'arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks',
    ];
    const resolver = resolverWith({ ExistingStreamArns: arns.join(',') });

    // Act
    const policy = resolver.resolve(
      properties('ExistingStreamsReingestPolicy'),
    ) as Json;

    // Assess
    expect(resources.ExistingStreamsReingestPolicy?.Condition).toBe(
      'ReingestIntoExistingStreams',
    );
    expect(resolver.condition('ReingestIntoExistingStreams')).toBe(true);
    expect(resolverWith({}).condition('ReingestIntoExistingStreams')).toBe(
      false,
    );
    expect(policy.Roles).toEqual(processorIds.map((id) => `local-${id}Role`));
    expect((policy.PolicyDocument as Json).Statement).toEqual([
      {
        Sid: 'ReingestIntoExistingStreams',
        Effect: 'Allow',
        Action: 'firehose:PutRecordBatch',
        Resource: arns,
      },
    ]);
  });
});

describe.each(streamIds)('stream %s role', (streamId) => {
  const roleId = String(
    (s3Destination(streamId).RoleARN as { 'Fn::GetAtt': string[] })[
      'Fn::GetAtt'
    ][0],
  );
  const resolver = createResolver(template);
  const destination = resolver.resolve(s3Destination(streamId)) as Json;
  const statements = (
    (resolver.resolve(properties(roleId)) as Json).Policies as Json[]
  ).flatMap((p) => (p.PolicyDocument as Json).Statement as Json[]);

  it('writes objects under its own data and error prefixes only', () => {
    // Prepare
    const bucketArn = String(
      resolver.resolve({ 'Fn::GetAtt': ['DataBucket', 'Arn'] }),
    );
    const objectStatements = statements.filter((s) =>
      [s.Resource].flat().some((r) => String(r).startsWith(`${bucketArn}/`)),
    );

    // Act
    const prefixes = objectStatements
      .flatMap((s) => [s.Resource].flat())
      .map((r) => String(r).slice(bucketArn.length + 1));

    // Assess
    expect(prefixes).toHaveLength(2);
    for (const prefix of prefixes) {
      expect(prefix).toMatch(/^[a-z/]+\/\*$/);
    }
    const [data, errors] = prefixes.map((p) => p.slice(0, -1));
    expect(String(destination.Prefix).startsWith(String(data))).toBe(true);
    expect(
      String(destination.ErrorOutputPrefix).startsWith(String(errors)),
    ).toBe(true);
    expect(JSON.stringify(statements)).not.toContain(`${bucketArn}/*`);
  });

  it('logs to its own log stream only', () => {
    // Prepare
    const logging = destination.CloudWatchLoggingOptions as Json;

    // Act
    const logStatements = statements.filter((s) =>
      JSON.stringify(s.Action).includes('logs:'),
    );

    // Assess
    expect(logStatements).toHaveLength(1);
    expect(logStatements[0]?.Action).toBe('logs:PutLogEvents');
    expect(logStatements[0]?.Resource).toBe(
      `arn:aws:logs:us-east-1:123456789012:log-group:${logging.LogGroupName}:log-stream:${logging.LogStreamName}`,
    );
  });
});

describe('bucket retention', () => {
  const rulesWith = (overrides: Record<string, string>) =>
    (
      (resolverWith(overrides).resolve(properties('DataBucket')) as Json)
        .LifecycleConfiguration as Json
    ).Rules as Json[];

  it('keeps errors/ and late/ forever by default, aborting stale uploads', () => {
    // Act
    const rules = rulesWith({});

    // Assess
    expect(rules.map((r) => r.Id)).toEqual(['AbortIncompleteMultipartUploads']);
  });

  it('expires errors/ and late/ after the given days', () => {
    // Act
    const rules = rulesWith({
      ErrorsRetentionInDays: '30',
      LateRetentionInDays: '7',
    });

    // Assess
    expect(rules.slice(1)).toEqual([
      {
        Id: 'ExpireErrors',
        Status: 'Enabled',
        Prefix: 'errors/',
        ExpirationInDays: '30',
      },
      {
        Id: 'ExpireLate',
        Status: 'Enabled',
        Prefix: 'late/',
        ExpirationInDays: '7',
      },
    ]);
    expect(
      String(resolverWith({}).resolve(s3Destination('LateEventStream').Prefix)),
    ).toMatch(/^late\//);
    for (const id of streamIds)
      expect(String(s3Destination(id).ErrorOutputPrefix)).toMatch(/^errors\//);
  });
});

describe('MetricsNamespace', () => {
  it.each(['AWS/Lambda', 'aws/firehose'])(
    'refuses the reserved %j',
    (value) => {
      // Act
      const resolve = () =>
        resolveParameters(template, { MetricsNamespace: value });

      // Assess
      expect(resolve).toThrow(/does not match/);
    },
  );

  it('accepts a custom namespace', () => {
    // Act
    const parameters = resolveParameters(template, {
      MetricsNamespace: 'Pipelines/Orders',
    });

    // Assess
    expect(parameters.MetricsNamespace).toBe('Pipelines/Orders');
  });
});

describe('alarms', () => {
  it('notify nobody by default, AlarmTopicArn and/or the AlarmEmail topic when given', () => {
    // Prepare
    const topic = 'arn:aws:sns:us-east-1:123456789012:oncall';
    const actionsWith = (overrides: Record<string, string>) => {
      const resolver = resolverWith(overrides);
      return alarms.map(([, r]) => {
        const p = resolver.resolve(r.Properties) as Json;
        return [p.AlarmActions, p.OKActions];
      });
    };

    // Act
    const none = actionsWith({});
    const arn = actionsWith({ AlarmTopicArn: topic });
    const email = actionsWith({ AlarmEmail: 'oncall@example.com' });

    // Assess
    expect(alarms.length).toBeGreaterThanOrEqual(20);
    for (const pair of none) expect(pair).toEqual([[], []]);
    for (const pair of arn) expect(pair).toEqual([[topic], [topic]]);
    for (const pair of email)
      expect(pair).toEqual([['local-AlarmTopic'], ['local-AlarmTopic']]);
    expect(resources.AlarmTopic?.Condition).toBe('NotifyEmail');
    expect(properties('AlarmEmailSubscription')).toMatchObject({
      Protocol: 'email',
      Endpoint: { Ref: 'AlarmEmail' },
    });
  });

  it('take every threshold from a declared parameter (or the 0/1 of PartitionCountExceeded)', () => {
    // Act
    const thresholds = alarms.map(([, r]) => (r.Properties as Json).Threshold);

    // Assess
    for (const threshold of thresholds) {
      if (typeof threshold === 'number') expect(threshold).toBe(1);
      else
        expect(Object.keys(template.Parameters ?? {})).toContain(
          (threshold as { Ref: string }).Ref,
        );
    }
  });

  it.each(functionIds)(
    'cover %s: Lambda errors, throttles and duration near its timeout',
    (functionId) => {
      // Prepare
      const lambda = { Ref: functionId };
      const timeoutMs =
        1000 * describeFunction(template, functionId).timeoutSeconds;

      // Act
      const errors = findAlarm('Errors', lambda);
      const throttles = findAlarm('Throttles', lambda);
      const duration = findAlarm('Duration', lambda);

      // Assess
      for (const found of [errors, throttles, duration])
        expect(found).toHaveLength(1);
      expect(JSON.stringify(duration[0])).toContain(
        `"Expression":"100 * duration / ${timeoutMs}"`,
      );
    },
  );

  it.each(processorIds)(
    'cover %s: its ProcessingFailed rate and ReingestFailed (EMF)',
    (functionId) => {
      // Prepare
      const emf = emfFunctionName(functionId);

      // Act
      const failedRate = findAlarm('ProcessingFailed', emf);
      const reingest = findAlarm('ReingestFailed', emf);

      // Assess
      expect(failedRate).toHaveLength(1);
      expect(reingest).toHaveLength(1);
      const rate = JSON.stringify(failedRate[0]);
      expect(rate).toContain('"MetricName":"RecordsIn"');
      expect(rate).toContain('"Namespace":{"Ref":"MetricsNamespace"}');
      expect(rate).toContain('IF(records > 0, 100 * failed / records, 0)');
    },
  );

  it('cover fallback failures of EventTimePartitionFunction', () => {
    // Act
    const found = findAlarm(
      'FallbackFailed',
      emfFunctionName('EventTimePartitionFunction'),
    );

    // Assess
    expect(found).toHaveLength(1);
    expect(found[0]?.Threshold).toEqual({ Ref: 'FallbackFailedThreshold' });
  });

  it.each(streamIds)(
    'cover %s: freshness against its buffering, throttling, partitions',
    (streamId) => {
      // Prepare
      const stream = { Ref: streamId };
      const dynamic =
        (
          s3Destination(streamId).DynamicPartitioningConfiguration as
            | Json
            | undefined
        )?.Enabled === true;
      const buffering =
        processorInterval(streamId) +
        Number(
          (s3Destination(streamId).BufferingHints as Json).IntervalInSeconds,
        );

      // Act
      const freshness = findAlarm('DeliveryToS3.DataFreshness', stream);
      const throttled = findAlarm('ThrottledRecords', stream);
      const partitions = findAlarm('PartitionCountExceeded', stream);

      // Assess
      expect(freshness).toHaveLength(1);
      expect(JSON.stringify(freshness[0])).toContain(
        `"Expression":"100 * freshness / ${buffering}"`,
      );
      expect(throttled).toHaveLength(1);
      expect(partitions).toHaveLength(dynamic ? 1 : 0);
      const condition = resources[streamId]?.Condition;
      const alarmIds = alarms
        .filter(([, r]) =>
          JSON.stringify(r.Properties).includes(JSON.stringify(stream)),
        )
        .map(([id]) => id);
      for (const id of alarmIds)
        expect(resources[id]?.Condition).toBe(condition);
    },
  );
});

describe('dashboard', () => {
  const bodyWith = (overrides: Record<string, string>) =>
    JSON.parse(
      String(
        resolverWith(overrides).resolve(properties('Dashboard').DashboardBody),
      ),
    ) as { widgets: { properties: { title: string; metrics: unknown[] } }[] };

  it('is valid JSON showing records, reasons, lateness, fallback, re-ingestion, duration and freshness', () => {
    // Act
    const body = bodyWith({});
    const text = JSON.stringify(body);

    // Assess
    for (const metric of [
      'RecordsIn',
      '"Ok"',
      'Dropped',
      'ProcessingFailed',
      'Failed OR Dropped',
      'Late',
      'Early',
      'FallbackDelivered',
      'FallbackFailed',
      'Reingested',
      'ReingestFailed',
      '"Duration"',
      'DeliveryToS3.DataFreshness',
    ])
      expect(text).toContain(metric);
    for (const id of processorIds)
      expect(text).toContain(`"${emfFunctionName(id)}"`);
    expect(text).toContain('"local-LateEventStream"');
    expect(text).toContain('"FirehoseProcessors"');
  });

  it('leaves LateEventStream out when RouteLateData is false', () => {
    // Act
    const text = JSON.stringify(bodyWith({ RouteLateData: 'false' }));

    // Assess
    expect(text).not.toContain('LateEventStream');
    expect(text).toContain('"local-EventStream"');
  });
});

describe('tags', () => {
  it('tags the functions through SAM Globals', () => {
    // Act
    const tags = template.Globals?.Function?.Tags;

    // Assess
    expect(tags).toEqual({ application: 'firehose-processors' });
    expect(projectRoot).toBeTruthy();
  });
});
