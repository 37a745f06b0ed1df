// Reads the template's delivery streams into what the local Firehose
// runs: each AWS::KinesisFirehose::DeliveryStream with an
// ExtendedS3DestinationConfiguration (whose Condition holds), its
// processor (a Lambda of the same template), prefixes, buffering hints,
// compression and dynamic partitioning, with intrinsics resolved as
// scripts/lib/template.ts does for `sam local invoke`.

import {
  createResolver,
  listFunctions,
  messageOf,
  type Resolver,
  type ResolverOptions,
  type Template,
  TemplateError,
} from '../scripts/lib/template.ts';
import {
  compileMetadataQuery,
  type MetadataQuery,
  UnsupportedJqError,
} from './jq/fieldPath.ts';
import {
  type CompiledPrefix,
  compilePrefix,
  DEFAULT_ERROR_PREFIX,
  DEFAULT_TIME_PREFIX,
} from './s3Prefix.ts';

/** A stream's Lambda processor, as its ProcessingConfiguration says. */
export interface ProcessorConfig {
  functionLogicalId: string;
  lambdaArn: string;
  bufferSizeBytes: number;
  intervalMs: number;
  retries: number;
}

/** One delivery stream, as the local Firehose runs it. */
export interface StreamConfig {
  logicalId: string;
  name: string;
  arn: string;
  bucket: string;
  prefix: CompiledPrefix;
  errorPrefix: CompiledPrefix;
  dynamicPartitioning: boolean;
  compression: string;
  timeZone: string;
  buffering: { sizeBytes: number; intervalMs: number };
  processor: ProcessorConfig | undefined;
  appendDelimiter: boolean;
  /** RecordDeAggregation (SubRecordType JSON): split records into values. */
  deaggregateJson: boolean;
  /** MetadataExtraction (JQ-1.6): partition keys from each record. */
  metadataQuery: MetadataQuery | undefined;
}

/** What a stream's ProcessingConfiguration makes of its records. */
type ProcessingSettings = Pick<
  StreamConfig,
  'processor' | 'appendDelimiter' | 'deaggregateJson' | 'metadataQuery'
>;

/** The same as StreamConfig (the name the tests know). */
export type LocalStreamConfig = StreamConfig;

/** A stream of the template the local Firehose cannot run, and why. */
export interface SkippedStream {
  logicalId: string;
  reason: string;
}

/** The parts of ExtendedS3DestinationConfiguration read here (resolved). */
interface S3Destination {
  DynamicPartitioningConfiguration?: { Enabled?: unknown };
  CompressionFormat?: unknown;
  Prefix?: unknown;
  ErrorOutputPrefix?: unknown;
  BufferingHints?: { SizeInMBs?: unknown; IntervalInSeconds?: unknown };
  BucketARN?: unknown;
  CustomTimeZone?: unknown;
  ProcessingConfiguration?: ProcessingConfiguration;
}

interface ProcessingConfiguration {
  Enabled?: unknown;
  Processors?: {
    Type?: unknown;
    Parameters?: { ParameterName?: unknown; ParameterValue?: unknown }[];
  }[];
}

const MB = 1024 * 1024;
const SUPPORTED_COMPRESSION = new Set(['UNCOMPRESSED', 'GZIP']);

/**
 * The template's delivery streams as local stream configurations, and the
 * streams that exist but cannot be emulated (`skipped`, with the reason).
 *
 * @example
 *   readDeliveryStreams(readTemplate(), { parameters }).streams.map((s) => s.name);
 *   // ['local-TransformStream', 'local-EventStream', 'local-LateEventStream']
 */
export function readDeliveryStreams(
  template: Template,
  options: ResolverOptions = {},
): {
  streams: StreamConfig[];
  skipped: SkippedStream[];
  warnings: string[];
  region: string;
} {
  const resolver = createResolver(template, options);
  const functionsByArn = functionArns(template, resolver);
  const streams: StreamConfig[] = [];
  const skipped: SkippedStream[] = [];
  const warnings: string[] = [];
  for (const [logicalId, resource] of Object.entries(
    template.Resources ?? {},
  )) {
    if (resource?.Type !== 'AWS::KinesisFirehose::DeliveryStream') continue;
    if (
      resource.Condition !== undefined &&
      !resolver.condition(resource.Condition)
    )
      continue;
    const properties = resolver.resolve(resource.Properties ?? {}) as {
      ExtendedS3DestinationConfiguration?: S3Destination;
    };
    const destination = properties.ExtendedS3DestinationConfiguration;
    if (destination === undefined) {
      skipped.push({
        logicalId,
        reason: 'no ExtendedS3DestinationConfiguration',
      });
      continue;
    }
    const name = String(resolver.resolve({ Ref: logicalId }));
    const arn = String(resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }));
    streams.push(
      describeStream({
        logicalId,
        name,
        arn,
        destination,
        functionsByArn,
        warnings,
      }),
    );
  }
  return { streams, skipped, warnings, region: resolver.region };
}

function describeStream({
  logicalId,
  name,
  arn,
  destination,
  functionsByArn,
  warnings,
}: {
  logicalId: string;
  name: string;
  arn: string;
  destination: S3Destination;
  functionsByArn: Map<string, string>;
  warnings: string[];
}): StreamConfig {
  const where = `${logicalId}.ExtendedS3DestinationConfiguration`;
  const dynamicPartitioning =
    truthy(destination.DynamicPartitioningConfiguration?.Enabled) ?? false;
  const compression = String(destination.CompressionFormat ?? 'UNCOMPRESSED');
  if (!SUPPORTED_COMPRESSION.has(compression)) {
    throw new TemplateError(
      `${where}.CompressionFormat ${compression} is not emulated (UNCOMPRESSED or GZIP)`,
    );
  }
  let prefixText = String(destination.Prefix ?? '');
  const compileOrThrow = (text: string, error: boolean): CompiledPrefix => {
    try {
      return compilePrefix(text, { error });
    } catch (cause) {
      throw new TemplateError(
        `${where}.${error ? 'ErrorOutputPrefix' : 'Prefix'}: ${messageOf(cause)}`,
      );
    }
  };
  let prefix = compileOrThrow(prefixText, false);
  if (!prefix.hasTimestamp && !dynamicPartitioning) {
    prefixText += DEFAULT_TIME_PREFIX;
    prefix = compileOrThrow(prefixText, false);
  }
  if (prefix.lambdaKeys.length > 0 && !dynamicPartitioning) {
    throw new TemplateError(
      `${where}.Prefix uses partitionKeyFromLambda but DynamicPartitioningConfiguration is not enabled`,
    );
  }
  if (dynamicPartitioning && destination.ErrorOutputPrefix === undefined) {
    throw new TemplateError(
      `${where}: dynamic partitioning requires an ErrorOutputPrefix`,
    );
  }
  const errorPrefix = compileOrThrow(
    String(destination.ErrorOutputPrefix ?? DEFAULT_ERROR_PREFIX),
    true,
  );
  const hints = destination.BufferingHints ?? {};
  const sizeMb = Number(hints.SizeInMBs ?? 5);
  if (dynamicPartitioning && sizeMb < 64) {
    warnings.push(
      `${logicalId}: dynamic partitioning needs BufferingHints.SizeInMBs >= 64 (has ${sizeMb})`,
    );
  }
  return {
    logicalId,
    name,
    arn,
    bucket: String(destination.BucketARN ?? '').replace(/^arn:[^:]+:s3:::/, ''),
    prefix,
    errorPrefix,
    dynamicPartitioning,
    compression,
    timeZone: String(destination.CustomTimeZone ?? 'UTC'),
    buffering: {
      sizeBytes: sizeMb * MB,
      intervalMs: Number(hints.IntervalInSeconds ?? 300) * 1000,
    },
    ...readProcessing(destination.ProcessingConfiguration, {
      where,
      functionsByArn,
    }),
  };
}

function readProcessing(
  configuration: ProcessingConfiguration | undefined,
  {
    where,
    functionsByArn,
  }: { where: string; functionsByArn: Map<string, string> },
): ProcessingSettings {
  const out: ProcessingSettings = {
    processor: undefined,
    appendDelimiter: false,
    deaggregateJson: false,
    metadataQuery: undefined,
  };
  if (configuration === undefined || truthy(configuration.Enabled) === false)
    return out;
  for (const processor of configuration.Processors ?? []) {
    const parameters = Object.fromEntries(
      (processor.Parameters ?? []).map((p) => [
        String(p.ParameterName),
        String(p.ParameterValue),
      ]),
    );
    if (processor.Type === 'AppendDelimiterToRecord') {
      out.appendDelimiter = true;
      continue;
    }
    if (processor.Type === 'RecordDeAggregation') {
      if (parameters.SubRecordType !== 'JSON')
        throw new TemplateError(
          `${where}: RecordDeAggregation is emulated for SubRecordType JSON only`,
        );
      out.deaggregateJson = true;
      continue;
    }
    if (processor.Type === 'MetadataExtraction') {
      out.metadataQuery = readMetadataQuery(parameters, where);
      continue;
    }
    if (processor.Type !== 'Lambda') {
      throw new TemplateError(
        `${where}: processor type ${String(processor.Type)} is not emulated (Lambda, AppendDelimiterToRecord)`,
      );
    }
    const lambdaArn = parameters.LambdaArn ?? '';
    const functionLogicalId = functionsByArn.get(unqualified(lambdaArn));
    if (functionLogicalId === undefined) {
      throw new TemplateError(
        `${where}: processor LambdaArn ${lambdaArn} is not a function of this template`,
      );
    }
    out.processor = {
      functionLogicalId,
      lambdaArn,
      bufferSizeBytes: Number(parameters.BufferSizeInMBs ?? 1) * MB,
      intervalMs: Number(parameters.BufferIntervalInSeconds ?? 60) * 1000,
      retries: Number(parameters.NumberOfRetries ?? 3),
    };
  }
  return out;
}

function readMetadataQuery(
  parameters: Record<string, string>,
  where: string,
): MetadataQuery {
  if (parameters.JsonParsingEngine !== 'JQ-1.6')
    throw new TemplateError(
      `${where}: MetadataExtraction needs JsonParsingEngine JQ-1.6`,
    );
  try {
    return compileMetadataQuery(parameters.MetadataExtractionQuery ?? '');
  } catch (error) {
    if (!(error instanceof UnsupportedJqError)) throw error;
    throw new TemplateError(`${where}: ${error.message}`);
  }
}

function functionArns(
  template: Template,
  resolver: Resolver,
): Map<string, string> {
  const byArn = new Map<string, string>();
  for (const id of Object.keys(listFunctions(template))) {
    byArn.set(String(resolver.resolve({ 'Fn::GetAtt': [id, 'Arn'] })), id);
  }
  return byArn;
}

/** An ARN without a version or alias qualifier. */
function unqualified(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 7 ? parts.slice(0, 7).join(':') : arn;
}

function truthy(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  return value === true || value === 'true';
}
