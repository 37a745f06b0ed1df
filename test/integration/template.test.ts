import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { distRoot, handlerBundlePath } from '../../scripts/lib/build.ts';
import {
  createResolver,
  describeFunction,
  listFunctions,
  projectRoot,
  readTemplate,
  type Template,
} from '../../scripts/lib/template.ts';

const template: Template = readTemplate();
const functionIds = Object.keys(listFunctions(template));
const CREATE_REQUIRE_BANNER =
  "js=import { createRequire } from 'module';const require = createRequire(import.meta.url);";

type Json = Record<string, unknown>;

/**
 * Where esbuild writes an entry point (without extension): a single entry
 * is flattened to its file name; several keep their paths below their
 * lowest common folder (esbuild's outbase). SAM does not rewrite Handler.
 */
function esbuildOutputName(entries: string[], index: number): string {
  const strip = (path: string) => path.slice(0, -extname(path).length);
  const entry = entries[index] ?? '';
  if (entries.length === 1) return basename(strip(entry));
  const folders = entries.map((e) => dirname(e).split('/'));
  const common: string[] = [];
  for (let i = 0; folders.every((f) => f[i] === folders[0]?.[i]); i++) {
    const part = folders[0]?.[i];
    if (part === undefined) break;
    common.push(part);
  }
  return strip(entry).split('/').slice(common.length).join('/');
}

function resource(logicalId: string): Json {
  const found = template.Resources?.[logicalId];
  if (found === undefined) throw new Error(`no resource ${logicalId}`);
  return found as unknown as Json;
}

function properties(logicalId: string): Json {
  return resource(logicalId).Properties as Json;
}

function s3Destination(streamId: string): Json {
  return properties(streamId).ExtendedS3DestinationConfiguration as Json;
}

describe('template.yaml', () => {
  it('passes cfn-lint with no error, warning or informational finding', () => {
    // Prepare
    const args = ['--include-checks', 'I', '--', 'template.yaml'];

    // Act
    const run = spawnSync('cfn-lint', args, {
      cwd: projectRoot,
      encoding: 'utf8',
    });

    // Assess
    if (run.error !== undefined) {
      throw new Error(
        `cfn-lint could not be run (${run.error.message}); install it (pip install cfn-lint) and put it on PATH`,
      );
    }
    expect(`${run.stdout}${run.stderr}`).toBe('');
    expect(run.status).toBe(0);
  });

  it('declares the four functions with their logical ids', () => {
    // Prepare
    const expected = [
      'CloudWatchLogsFunction',
      'EventTimePartitionFunction',
      'PartitionCommitFunction',
      'TransformFunction',
    ];

    // Act
    const ids = [...functionIds].sort();

    // Assess
    expect(ids).toEqual(expected);
  });

  it('runs every function on nodejs22.x, arm64, 60 s, 512 MB', () => {
    // Prepare
    const fns = functionIds.map((id) => describeFunction(template, id));

    // Act
    const settings = fns.map((fn) => [
      fn.runtime,
      fn.timeoutSeconds,
      fn.memoryMb,
    ]);

    // Assess
    for (const setting of settings)
      expect(setting).toEqual(['nodejs22.x', 60, 512]);
    expect(template.Globals?.Function?.Architectures).toEqual(['arm64']);
  });
});

describe.each(functionIds)('function %s', (logicalId) => {
  const fn = describeFunction(template, logicalId);
  const props = fn.buildProperties;

  it('is built by esbuild with the required BuildProperties', () => {
    // Prepare
    const required = [
      'EntryPoints',
      'Format',
      'OutExtension',
      'Target',
      'Minify',
      'Sourcemap',
      'Banner',
    ];

    // Act
    const missing = required.filter((key) => !(key in props));

    // Assess
    expect(fn.buildMethod).toBe('esbuild');
    expect(missing).toEqual([]);
    expect(props.Format).toBe('esm');
    expect(props.OutExtension).toEqual(['.js=.mjs']);
    expect(props.Target).toBe('node22');
    expect(props.Minify).toBe(true);
    expect(props.Sourcemap).toBe(true);
  });

  it('has the createRequire banner as a list entry (a map fails in SAM)', () => {
    // Prepare
    const banner = props.Banner;

    // Act
    const isList = Array.isArray(banner);

    // Assess
    expect(isList).toBe(true);
    expect(banner).toContain(CREATE_REQUIRE_BANNER);
  });

  it('has a CodeUri holding shared/ and schemas/', () => {
    // Prepare
    const folders = ['shared', 'schemas'];

    // Act
    const present = folders.filter((f) => existsSync(join(fn.codeUri, f)));

    // Assess
    expect(present).toEqual(folders);
  });

  it('names its Handler after the file esbuild writes for the first entry point', () => {
    // Prepare
    const entries = props.EntryPoints ?? [];

    // Act
    const outputFile = esbuildOutputName(entries, 0);

    // Assess
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries)
      expect(existsSync(join(fn.codeUri, entry))).toBe(true);
    expect(fn.handlerFile).toBe(outputFile);
  });

  it('has a Handler the built bundle exports', async () => {
    // Prepare
    const bundle = handlerBundlePath(fn);
    // As Lambda would: the function's template environment (a function
    // without a default for a required variable fails at init).
    for (const [name, value] of Object.entries(fn.environment))
      process.env[name] ??= value;

    // Act
    const module = (await import(pathToFileURL(bundle).href)) as Json;

    // Assess
    expect(bundle).toBe(join(distRoot, logicalId, `${fn.handlerFile}.mjs`));
    expect(existsSync(bundle)).toBe(true);
    expect(typeof module[fn.handlerName]).toBe('function');
  });

  it('has its own log group with the retention parameter', () => {
    // Prepare
    const groups = Object.values(template.Resources ?? {}).filter(
      (r) => r.Type === 'AWS::Logs::LogGroup',
    );

    // Act
    const own = groups.find(
      (g) =>
        JSON.stringify(g.Properties?.LogGroupName) ===
        JSON.stringify({ 'Fn::Sub': `/aws/lambda/\${${logicalId}}` }),
    );

    // Assess
    expect(own?.Properties?.RetentionInDays).toEqual({
      Ref: 'LogRetentionInDays',
    });
  });
});

describe('function environment', () => {
  const common = [
    'LOG_LEVEL',
    'METRICS_NAMESPACE',
    'ON_INVALID',
    'RECORD_SCHEMA',
    'REINGEST',
    'REINGEST_MARKER_KEY',
  ];
  const inputFormat = [
    'CSV_COLUMNS',
    'CSV_DELIMITER',
    'INPUT_FORMAT',
    'SYSLOG_TIMEZONE',
  ];

  it('gives TransformFunction the common, DECOMPRESS and input-format variables only', () => {
    // Prepare
    const fn = describeFunction(template, 'TransformFunction');

    // Act
    const env = fn.environment;

    // Assess
    expect(Object.keys(env).sort()).toEqual(
      [...common, 'DECOMPRESS', ...inputFormat, 'MAX_FUTURE_SKEW'].sort(),
    );
    expect(env).toMatchObject({
      DECOMPRESS: 'auto',
      INPUT_FORMAT: 'json',
      SYSLOG_TIMEZONE: 'UTC',
      CSV_COLUMNS: '',
      CSV_DELIMITER: ',',
      MAX_FUTURE_SKEW: '5m',
    });
  });

  it('gives EventTimePartitionFunction the partitioning and lateness variables with their defaults', () => {
    // Prepare
    const fn = describeFunction(template, 'EventTimePartitionFunction');

    // Act
    const env = fn.environment;

    // Assess
    expect(env).toEqual({
      RECORD_SCHEMA: '',
      ON_INVALID: 'fail',
      REINGEST: 'true',
      LOG_LEVEL: 'info',
      METRICS_NAMESPACE: 'FirehoseProcessors',
      DECOMPRESS: 'auto',
      // Resolved at deploy time; a local run keeps the text (local key).
      REINGEST_MARKER_KEY:
        '{{resolve:secretsmanager:local-ReingestMarkerKey:SecretString}}',
      TIMESTAMP_FIELD: 'timestamp',
      TIMESTAMP_FORMAT: 'auto',
      PARTITION_GRANULARITY: 'hour',
      PARTITION_TIMEZONE: 'UTC',
      ON_MISSING_TIMESTAMP: 'fail',
      EARLIEST_EVENT_TIME: '1970-01-01T00:00:00Z',
      PARTITION_WARNING_THRESHOLD: '400',
      ALLOWED_LATENESS: '1h',
      MAX_FUTURE_SKEW: '5m',
      FALLBACK_STREAM_NAME: 'local-LateEventStream',
      FALLBACK_MAX_ATTEMPTS: '6',
      FALLBACK_SAFETY_MARGIN: '3s',
      INPUT_FORMAT: 'json',
      SYSLOG_TIMEZONE: 'UTC',
      CSV_COLUMNS: '',
      CSV_DELIMITER: ',',
    });
  });

  it('empties FALLBACK_STREAM_NAME and drops LateEventStream when RouteLateData is false', () => {
    // Prepare
    const parameters = { RouteLateData: 'false' };
    const resolver = createResolver(template, {
      parameters: { ...createResolver(template).parameters, ...parameters },
    });

    // Act
    const fn = describeFunction(template, 'EventTimePartitionFunction', {
      parameters: resolver.parameters,
    });

    // Assess
    expect(fn.environment.FALLBACK_STREAM_NAME).toBe('');
    expect(resource('LateEventStream').Condition).toBe('RouteLateDataEnabled');
    expect(resolver.condition('RouteLateDataEnabled')).toBe(false);
  });

  it('declares a parameter with a Description and a Default for every knob', () => {
    // Prepare
    const parameters = template.Parameters ?? {};

    // Act
    const incomplete = Object.entries(parameters)
      .filter(([, p]) => p.Description === undefined || p.Default === undefined)
      .map(([name]) => name);

    // Assess
    expect(Object.keys(parameters).sort()).toEqual(
      [
        'AllowedLateness',
        'AlarmEmail',
        'AlarmTopicArn',
        'CloudWatchLogsFunctionReservedConcurrency',
        'CsvColumns',
        'CsvDelimiter',
        'DataFreshnessThresholdPercent',
        'Decompress',
        'DurationThresholdPercent',
        'ErrorsRetentionInDays',
        'EventTimePartitionFunctionReservedConcurrency',
        'ExistingStreamArns',
        'FallbackFailedThreshold',
        'LambdaErrorsThreshold',
        'LambdaThrottlesThreshold',
        'LateRetentionInDays',
        'ProcessingFailedRateThreshold',
        'ReingestFailedThreshold',
        'SourceKinesisKmsKeyArn',
        'ThrottledRecordsThreshold',
        'TransformFunctionReservedConcurrency',
        'CommitEventBusName',
        'CommitLookback',
        'CommitSchedule',
        'FreshnessPublicationDelay',
        'IdleStreamAfter',
        'PublishCommitEvents',
        'EarliestEventTime',
        'InputFormat',
        'SyslogTimezone',
        'EmbedJsonMessage',
        'Reingest',
        'SourceKinesisStreamArn',
        'SubscribedLogGroupName',
        'SubscriptionFilterPattern',
        'FallbackMaxAttempts',
        'FallbackSafetyMargin',
        'LogLevel',
        'LogRetentionInDays',
        'MaxFutureSkew',
        'MetricsNamespace',
        'OnInvalid',
        'OnMissingTimestamp',
        'PartitionGranularity',
        'PartitionTimezone',
        'PartitionWarningThreshold',
        'RecordSchema',
        'RouteLateData',
        'TimestampField',
        'TimestampFormat',
      ].sort(),
    );
    expect(incomplete).toEqual([]);
  });
});

describe('delivery streams', () => {
  const streams = [
    'TransformStream',
    'EventStream',
    'LogsStream',
    'LateEventStream',
  ];

  it.each(streams)(
    '%s writes errors under a prefix with the error type',
    (id) => {
      // Prepare
      const destination = s3Destination(id);

      // Act
      const errorPrefix = String(destination.ErrorOutputPrefix);

      // Assess
      expect(properties(id).DeliveryStreamType).toBe('DirectPut');
      expect(errorPrefix).toContain('!{firehose:error-output-type}');
      expect((destination.CloudWatchLoggingOptions as Json).Enabled).toBe(true);
    },
  );

  it('gives EventStream a Hive-style prefix for every granularity', () => {
    // Prepare
    const granularities = ['year', 'month', 'day', 'hour', 'minute'];
    const keys = ['year', 'month', 'day', 'hour', 'minute'];

    // Act
    const prefixes = granularities.map((granularity) =>
      createResolver(template, {
        parameters: {
          ...createResolver(template).parameters,
          PartitionGranularity: granularity,
        },
      }).resolve(s3Destination('EventStream').Prefix),
    );

    // Assess
    prefixes.forEach((prefix, i) => {
      const expected = keys
        .slice(0, i + 1)
        .map((key) => `${key}=!{partitionKeyFromLambda:${key}}/`)
        .join('');
      expect(prefix).toBe(`events/${expected}`);
    });
  });

  it('enables dynamic partitioning on EventStream with a 64 MB buffer or more', () => {
    // Prepare
    const destination = s3Destination('EventStream');

    // Act
    const hints = destination.BufferingHints as Json;

    // Assess
    expect((destination.DynamicPartitioningConfiguration as Json).Enabled).toBe(
      true,
    );
    expect(hints.SizeInMBs).toBeGreaterThanOrEqual(64);
  });

  it('processes TransformStream and EventStream with their own function only', () => {
    // Prepare
    const resolver = createResolver(template);
    type Parameter = { ParameterName: string; ParameterValue: unknown };
    const lambdaArn = (id: string) => {
      const processing = s3Destination(id).ProcessingConfiguration as Json;
      const [processor] = processing.Processors as Json[];
      const parameters = (processor?.Parameters ?? []) as Parameter[];
      return parameters.find((p) => p.ParameterName === 'LambdaArn')
        ?.ParameterValue;
    };

    // Act
    const transform = resolver.resolve(lambdaArn('TransformStream'));
    const events = resolver.resolve(lambdaArn('EventStream'));

    // Assess
    expect(transform).toMatch(/:function:TransformFunction$/);
    expect(events).toMatch(/:function:EventTimePartitionFunction$/);
    // LateEventStream has no Lambda: de-aggregation and jq keys only.
    const late = s3Destination('LateEventStream')
      .ProcessingConfiguration as Json;
    expect((late.Processors as Json[]).map((p) => p.Type)).toEqual([
      'RecordDeAggregation',
      'MetadataExtraction',
      'AppendDelimiterToRecord',
    ]);
  });

  it('files late envelopes under their own event-time partition, with the keys of EventStream', () => {
    // Prepare
    const granularities = ['year', 'month', 'day', 'hour', 'minute'];

    // Act
    const resolved = granularities.map((granularity) => {
      const resolver = createResolver(template, {
        parameters: {
          ...createResolver(template).parameters,
          PartitionGranularity: granularity,
        },
      });
      const late = resolver.resolve(s3Destination('LateEventStream')) as Json;
      const events = resolver.resolve(s3Destination('EventStream')) as Json;
      const processors = (late.ProcessingConfiguration as Json)
        .Processors as Json[];
      const jq = Object.fromEntries(
        ((processors[1]?.Parameters ?? []) as Json[]).map((p) => [
          p.ParameterName,
          p.ParameterValue,
        ]),
      );
      return { late, events, jq };
    });

    // Assess
    resolved.forEach(({ late, events, jq }, i) => {
      const keys = granularities.slice(0, i + 1);
      expect(late.Prefix).toBe(
        String(events.Prefix)
          .replace(/^events\//, 'late/')
          .replaceAll('partitionKeyFromLambda', 'partitionKeyFromQuery'),
      );
      expect(jq).toEqual({
        MetadataExtractionQuery: `{${keys.map((k) => `${k}:.partition.${k}`).join(',')}}`,
        JsonParsingEngine: 'JQ-1.6',
      });
      expect(late.DynamicPartitioningConfiguration).toMatchObject({
        Enabled: true,
      });
      expect((late.BufferingHints as Json).SizeInMBs).toBeGreaterThanOrEqual(
        64,
      );
    });
  });

  it('grants the stream roles nothing on a wildcard resource', () => {
    // Prepare
    // PartitionCommitFunction's cloudwatch:GetMetricData has no resource
    // level: its own test checks that it is the only wildcard it gets.
    const roles = Object.entries(template.Resources ?? {}).filter(
      ([id, r]) =>
        r.Type === 'AWS::IAM::Role' && id !== 'PartitionCommitFunctionRole',
    );

    // Act
    const resolved = JSON.stringify(
      createResolver(template).resolve(roles.map(([, r]) => r.Properties)),
    );

    // Assess
    expect(roles.length).toBeGreaterThanOrEqual(1);
    expect(resolved).not.toMatch(/"Resource":"\*"|"\*"\]/);
    expect(resolved).not.toContain('lambda:*');
    expect(resolved).not.toContain('s3:*');
  });
});

describe('CloudWatch Logs', () => {
  it('gives CloudWatchLogsFunction the partitioning and logs variables with their defaults', () => {
    // Prepare
    const fn = describeFunction(template, 'CloudWatchLogsFunction');

    // Act
    const env = fn.environment;

    // Assess
    expect(env).toMatchObject({
      REINGEST: 'true',
      PARTITION_GRANULARITY: 'hour',
      PARTITION_TIMEZONE: 'UTC',
      EARLIEST_EVENT_TIME: '1970-01-01T00:00:00Z',
      PARTITION_WARNING_THRESHOLD: '400',
      EMBED_JSON_MESSAGE: 'false',
    });
  });

  it('partitions LogsStream by the function keys under logs/ with an error prefix', () => {
    // Prepare
    const resolver = createResolver(template);
    const destination = s3Destination('LogsStream');

    // Act
    const prefix = resolver.resolve(destination.Prefix);
    const processing = JSON.stringify(
      resolver.resolve(destination.ProcessingConfiguration),
    );

    // Assess
    expect(prefix).toBe(
      'logs/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/',
    );
    expect(String(destination.ErrorOutputPrefix)).toContain('errors/logs/');
    expect((destination.DynamicPartitioningConfiguration as Json).Enabled).toBe(
      true,
    );
    expect(processing).toMatch(/:function:CloudWatchLogsFunction"/);
  });

  it('subscribes a log group only when its name is given, with a role for logs.amazonaws.com', () => {
    // Prepare
    const named = createResolver(template, {
      parameters: {
        ...createResolver(template).parameters,
        SubscribedLogGroupName: '/aws/lambda/checkout',
      },
    });

    // Act
    const role = JSON.stringify(
      named.resolve(properties('LogsSubscriptionRole')),
    );

    // Assess
    expect(resource('LogsSubscriptionFilter').Condition).toBe(
      'SubscribeLogGroup',
    );
    expect(resource('LogsSubscriptionRole').Condition).toBe(
      'SubscribeLogGroup',
    );
    expect(createResolver(template).condition('SubscribeLogGroup')).toBe(false);
    expect(named.condition('SubscribeLogGroup')).toBe(true);
    expect(role).toContain('"Service":"logs.amazonaws.com"');
    expect(role).toContain('firehose:PutRecordBatch');
    expect(role).toContain(':deliverystream/local-LogsStream');
  });
});

describe('re-ingestion permissions', () => {
  const ownStream: Record<string, string> = {
    TransformFunction: 'TransformStream',
    EventTimePartitionFunction: 'EventStream',
    CloudWatchLogsFunction: 'LogsStream',
  };

  it.each(Object.entries(ownStream))(
    '%s may PutRecordBatch into %s only, and only when Reingest is true',
    (functionId, streamId) => {
      // Prepare
      const resolver = createResolver(template);
      const streamArn = resolver.resolve({ 'Fn::GetAtt': [streamId, 'Arn'] });
      const policyId = `${functionId}ReingestPolicy`;
      const off = createResolver(template, {
        parameters: { ...resolver.parameters, Reingest: 'false' },
      });

      // Act
      const policy = JSON.stringify(resolver.resolve(properties(policyId)));
      const role = JSON.stringify(
        resolver.resolve(properties(`${functionId}Role`)),
      );

      // Assess
      expect(resource(policyId).Type).toBe('AWS::IAM::Policy');
      expect(resource(policyId).Condition).toBe('ReingestEnabled');
      expect(off.condition('ReingestEnabled')).toBe(false);
      expect(policy).toContain(`"Sid":"ReingestIntoOwnStream"`);
      expect(policy).toContain(`"Resource":"${streamArn}"`);
      expect(policy).toContain(`"Roles":["local-${functionId}Role"]`);
      expect(role).not.toContain('ReingestIntoOwnStream');
      expect(role).not.toContain('kinesis:PutRecords');
    },
  );

  it('allows kinesis:PutRecords on SourceKinesisStreamArn only when one is given', () => {
    // Prepare
    const arn = 'arn:aws:kinesis:us-east-1:123456789012:stream/source';
    const resolver = createResolver(template, {
      parameters: {
        ...createResolver(template).parameters,
        SourceKinesisStreamArn: arn,
      },
    });

    // Act
    const policies = JSON.stringify(
      resolver.resolve(properties('CloudWatchLogsFunctionRole').Policies),
    );

    // Assess
    expect(policies).toContain('"Action":"kinesis:PutRecords"');
    expect(policies).toContain(`"Resource":"${arn}"`);
    expect(policies).not.toContain('kms:');
  });

  it('bundles both SDKs as their own entry points in every record processor', () => {
    // Prepare
    const sdks = [
      'shared/senders/firehoseSdk.ts',
      'shared/senders/kinesisSdk.ts',
    ];
    const processors = functionIds.filter(
      (id) => id !== 'PartitionCommitFunction',
    );

    // Act
    const entries = processors.map(
      (id) => describeFunction(template, id).buildProperties.EntryPoints,
    );

    // Assess
    for (const list of entries) expect(list?.slice(1)).toEqual(sdks);
  });
});

describe('bucket', () => {
  it('is encrypted, private, retained and denies plain HTTP', () => {
    // Prepare
    const bucket = resource('DataBucket');
    const policy = JSON.stringify(properties('DataBucketPolicy'));

    // Act
    const block = (bucket.Properties as Json)
      .PublicAccessBlockConfiguration as Json;

    // Assess
    expect(Object.values(block)).toEqual([true, true, true, true]);
    expect(JSON.stringify(bucket.Properties)).toContain('AES256');
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    expect(policy).toContain('"aws:SecureTransport":"false"');
    expect(policy).toContain('"Effect":"Deny"');
  });
});
