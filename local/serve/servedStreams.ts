// The adapter from serve mode to the local Firehose's machinery: the
// template's delivery streams (local/deliveryStream.ts) on the
// real clock, their processors as warm local Lambdas whose fallback calls
// reach a loopback copy of the API, the sink, and the run report. Buffer
// intervals may be overridden (--buffer-interval).
import {
  createResolver,
  DEFAULT_REGION,
  defaultTemplatePath,
  readTemplate,
  resolveParameters,
  type Template,
  TemplateError,
} from '../../scripts/lib/template.ts';
import {
  type LocalStreamConfig,
  readDeliveryStreams,
} from '../streamConfig.ts';
import type { ApiBackend, ApiStream } from './firehoseApi.ts';
import {
  type ApiCalls,
  type LocalDeliveryStream,
  machinery,
} from './machinery.ts';
import {
  describeDeliveryStream,
  type TemplateDestination,
} from './streamDescription.ts';

/** Firehose's default active-partition quota per stream. */
const ACTIVE_PARTITION_LIMIT = 500;

export interface ServeOptions {
  templatePath?: string;
  parameterOverrides?: Record<string, string>;
  region?: string;
  out?: string;
  s3Endpoint?: string;
  bucket?: string;
  activePartitionLimit?: number;
  /** Overrides every buffer's interval (processor and destination), in ms. */
  bufferIntervalMs?: number;
  echoLogs?: (text: string) => void;
  /** Called after records were put into any stream (the driver's poke). */
  onPut: () => void;
}

/**
 * Build the template's streams for serve mode. The functions' endpoint is
 * set later (`setFunctionEndpoint`), once the loopback API listens.
 *
 * @example
 *   const served = await createServedStreams({ out: './out', onPut: () => driver.poke() });
 *   const api = createFirehoseApi({ backend: served.backend, accountId });
 */
export async function createServedStreams(options: ServeOptions) {
  const started = performance.now();
  const startedMs = Date.now();
  const templatePath = options.templatePath ?? defaultTemplatePath;
  const region = options.region ?? DEFAULT_REGION;
  const parameterOverrides = options.parameterOverrides ?? {};
  const template = readTemplate(templatePath);
  const parameters = resolveParameters(template, parameterOverrides);
  const read = readDeliveryStreams(template, { parameters, region });
  if (read.streams.length === 0)
    throw new TemplateError(
      'the template has no AWS::KinesisFirehose::DeliveryStream with an ExtendedS3DestinationConfiguration',
    );
  const configs = read.streams.map((config) =>
    withInterval(config, options.bufferIntervalMs),
  );
  const destinations = templateDestinations(template, parameters, region);
  const firstConfig = configs[0] as LocalStreamConfig;
  const sink =
    options.s3Endpoint === undefined
      ? machinery.createFolderSink(options.out ?? 'out')
      : await machinery.createS3Sink({
          endpoint: options.s3Endpoint,
          bucket: options.bucket ?? firstConfig.bucket,
          region,
        });
  const logs = machinery.createLogCollector({ echo: options.echoLogs });
  let functionEndpoint: string | undefined;
  let runners: ReturnType<typeof machinery.createFunctionRunners> | undefined;
  const functions = () => {
    if (functionEndpoint === undefined)
      throw new Error('serve mode: the functions endpoint is not set yet');
    runners ??= machinery.createFunctionRunners({
      template,
      templatePath,
      parameters,
      parameterOverrides,
      region,
      firehoseEndpoint: functionEndpoint,
      logs,
    });
    return runners;
  };
  const streams = configs.map((config, index) =>
    machinery.createDeliveryStream({
      config,
      serial: index + 1,
      clock: { now: Date.now },
      invoke: (logicalId, event) => functions().invoke(logicalId, event),
      sink,
      activePartitionLimit:
        options.activePartitionLimit ?? ACTIVE_PARTITION_LIMIT,
      region,
    }),
  );
  let firstArrival: number | undefined;
  const apiStreams = new Map<string, ApiStream>();
  for (const stream of streams) {
    const destination = destinations.get(stream.config.logicalId) ?? {};
    const apiStream: ApiStream = {
      name: stream.config.name,
      encrypted: destination.encryptionKeyType !== undefined,
      describe: () =>
        describeDeliveryStream(stream.config, destination, startedMs),
      put(records) {
        firstArrival ??= Date.now();
        const ids = stream.put(records.map((data) => ({ data })));
        options.onPut();
        return ids;
      },
    };
    // The name (what the functions and SDKs use), the logical id, the ARN.
    for (const key of [
      stream.config.name,
      stream.config.logicalId,
      stream.config.arn,
    ])
      apiStreams.set(key, apiStream);
  }
  const backend: ApiBackend = {
    names: () => streams.map((stream) => stream.config.name),
    find: (name) => apiStreams.get(name),
  };

  return {
    backend,
    streams: streams as readonly LocalDeliveryStream[],
    configs,
    skipped: read.skipped,
    warnings: read.warnings,
    output: sink.describe(),
    /** Where the functions' own SDK sends PutRecordBatch (the fallback). */
    setFunctionEndpoint(endpoint: string) {
      functionEndpoint = endpoint;
    },
    report(calls: ApiCalls) {
      return machinery.buildReport({
        streams,
        logs,
        calls,
        output: sink.describe(),
        outputLabel: sink.label,
        wallMs: performance.now() - started,
        simulated: { firstArrivalMs: firstArrival, lastMs: Date.now() },
        warnings: read.warnings,
        skipped: read.skipped,
      });
    },
    async close(report: unknown) {
      await runners?.close();
      sink.finish(report ?? {});
    },
  };
}

/** What createServedStreams returns. */
export type ServedStreams = Awaited<ReturnType<typeof createServedStreams>>;

function withInterval(
  config: LocalStreamConfig,
  intervalMs: number | undefined,
): LocalStreamConfig {
  if (intervalMs === undefined) return config;
  return {
    ...config,
    buffering: { ...config.buffering, intervalMs },
    processor:
      config.processor === undefined
        ? undefined
        : { ...config.processor, intervalMs },
  };
}

/** The parts of each stream's template a description shows, resolved. */
function templateDestinations(
  template: Template,
  parameters: Record<string, string>,
  region: string,
): Map<string, TemplateDestination> {
  const resolver = createResolver(template, { parameters, region });
  const out = new Map<string, TemplateDestination>();
  for (const [logicalId, resource] of Object.entries(
    template.Resources ?? {},
  )) {
    if (resource.Type !== 'AWS::KinesisFirehose::DeliveryStream') continue;
    if (
      resource.Condition !== undefined &&
      !resolver.condition(resource.Condition)
    )
      continue;
    const properties = resolver.resolve(resource.Properties ?? {}) as {
      DeliveryStreamEncryptionConfigurationInput?: { KeyType?: unknown };
      ExtendedS3DestinationConfiguration?: {
        RoleARN?: unknown;
        Prefix?: unknown;
        ErrorOutputPrefix?: unknown;
      };
    };
    const destination = properties.ExtendedS3DestinationConfiguration ?? {};
    const keyType =
      properties.DeliveryStreamEncryptionConfigurationInput?.KeyType;
    out.set(logicalId, {
      roleArn: optionalText(destination.RoleARN),
      prefix: optionalText(destination.Prefix),
      errorOutputPrefix: optionalText(destination.ErrorOutputPrefix),
      encryptionKeyType: optionalText(keyType),
    });
  }
  return out;
}

function optionalText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}
