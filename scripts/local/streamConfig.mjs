// Reads the template's delivery streams into what the local Firehose
// runs: each AWS::KinesisFirehose::DeliveryStream with an
// ExtendedS3DestinationConfiguration (whose Condition holds), its
// processor (a Lambda of the same template), prefixes, buffering hints,
// compression and dynamic partitioning, with intrinsics resolved as
// scripts/lib/template.mjs does for `sam local invoke`.

import {
  compileMetadataQuery,
  UnsupportedJqError,
} from '../../local/jq/fieldPath.ts';
import {
  createResolver,
  listFunctions,
  TemplateError,
} from '../lib/template.mjs';
import {
  compilePrefix,
  DEFAULT_ERROR_PREFIX,
  DEFAULT_TIME_PREFIX,
} from './s3Prefix.mjs';

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
export function readDeliveryStreams(template, options = {}) {
  const resolver = createResolver(template, options);
  const functionsByArn = functionArns(template, resolver);
  const streams = [];
  const skipped = [];
  const warnings = [];
  for (const [logicalId, resource] of Object.entries(
    template.Resources ?? {},
  )) {
    if (resource?.Type !== 'AWS::KinesisFirehose::DeliveryStream') continue;
    if (
      resource.Condition !== undefined &&
      !resolver.condition(resource.Condition)
    )
      continue;
    const properties = resolver.resolve(resource.Properties ?? {});
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
}) {
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
  const compileOrThrow = (text, error) => {
    try {
      return compilePrefix(text, { error });
    } catch (cause) {
      throw new TemplateError(
        `${where}.${error ? 'ErrorOutputPrefix' : 'Prefix'}: ${cause.message}`,
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

function readProcessing(configuration, { where, functionsByArn }) {
  const out = {
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
        p.ParameterName,
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
        `${where}: processor type ${processor.Type} is not emulated (Lambda, AppendDelimiterToRecord)`,
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

function readMetadataQuery(parameters, where) {
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

function functionArns(template, resolver) {
  const byArn = new Map();
  for (const id of Object.keys(listFunctions(template))) {
    byArn.set(String(resolver.resolve({ 'Fn::GetAtt': [id, 'Arn'] })), id);
  }
  return byArn;
}

/** An ARN without a version or alias qualifier. */
function unqualified(arn) {
  const parts = arn.split(':');
  return parts.length > 7 ? parts.slice(0, 7).join(':') : arn;
}

function truthy(value) {
  if (value === undefined) return undefined;
  return value === true || value === 'true';
}
