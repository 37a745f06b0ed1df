// What `npm run attach` changes on a delivery stream, computed from its
// DescribeDeliveryStream answer without calling AWS: the UpdateDestination
// request, the IAM statement the stream's role needs, and what to say about
// dynamic partitioning.
import type {
  DeliveryStreamDescription,
  Processor,
  ProcessorParameter,
  UpdateDestinationCommandInput,
} from '@aws-sdk/client-firehose';

/** Raised for arguments or a stream the tool cannot work with. */
export class AttachError extends Error {
  override name = 'AttachError';
  /** 2: usage (bad arguments); 1: the stream or AWS said no. */
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Processor settings: Firehose's ranges (API_ProcessorParameter). */
export interface ProcessorSettings {
  readonly functionArn: string;
  /** 0.2-3 MB. */
  readonly bufferSizeMb: number;
  /** 0-900 s. */
  readonly bufferIntervalSeconds: number;
}

/** Everything the tool prints and sends. */
export interface AttachPlan {
  readonly request: UpdateDestinationCommandInput;
  /** The statement to add to the stream's own role. */
  readonly roleStatement: object;
  /** The stream's role ARN (where the statement goes). */
  readonly roleArn: string | undefined;
  /** Warnings and notes about partitioning, for the user. */
  readonly notes: readonly string[];
}

/** Matches a Lambda function ARN (optionally with a version or alias). */
export const FUNCTION_ARN =
  /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(:[A-Za-z0-9_$-]+)?$/;

// Where Firehose runs a Lambda processor among the others: after
// de-aggregation and decompression, before jq extraction and delimiters.
const AFTER_LAMBDA = new Set(['MetadataExtraction', 'AppendDelimiterToRecord']);

/**
 * The stream's processors with ours set: an existing Lambda processor is
 * replaced in place (its other parameters, e.g. NumberOfRetries or RoleArn,
 * kept), otherwise one is inserted; other processors are kept.
 *
 * @example
 * ```ts
 * withLambdaProcessor([], { functionArn, bufferSizeMb: 1, bufferIntervalSeconds: 60 });
 * ```
 */
export function withLambdaProcessor(
  processors: readonly Processor[],
  settings: ProcessorSettings,
): Processor[] {
  const ours: Record<string, string> = {
    LambdaArn: settings.functionArn,
    BufferSizeInMBs: String(settings.bufferSizeMb),
    BufferIntervalInSeconds: String(settings.bufferIntervalSeconds),
  };
  const lambdaProcessor = (existing: readonly ProcessorParameter[]) => {
    const kept = existing.filter(
      (p) => p.ParameterName === undefined || !(p.ParameterName in ours),
    );
    const parameters: ProcessorParameter[] = [
      ...Object.entries(ours).map(([ParameterName, ParameterValue]) => ({
        ParameterName: ParameterName as ProcessorParameter['ParameterName'],
        ParameterValue,
      })),
      ...kept,
    ];
    if (!parameters.some((p) => p.ParameterName === 'NumberOfRetries')) {
      parameters.push({
        ParameterName: 'NumberOfRetries',
        ParameterValue: '3',
      });
    }
    return { Type: 'Lambda' as const, Parameters: parameters };
  };
  const index = processors.findIndex((p) => p.Type === 'Lambda');
  if (index !== -1) {
    return processors.map((p, i) =>
      i === index ? lambdaProcessor(p.Parameters ?? []) : p,
    );
  }
  const at = processors.findIndex((p) => AFTER_LAMBDA.has(String(p.Type)));
  const out = [...processors];
  out.splice(at === -1 ? out.length : at, 0, lambdaProcessor([]));
  return out;
}

/**
 * The UpdateDestination request and what to tell the user, for a stream
 * described by DescribeDeliveryStream. For an extended S3 destination only
 * the processing configuration is sent: Firehose merges an update into the
 * destination of the same type, so bucket, prefixes, buffering,
 * compression, encryption and logging stay as they are. A plain S3
 * destination has its settings restated.
 *
 * @throws AttachError when the stream has no single S3 destination.
 * @example
 * ```ts
 * const plan = planAttach(description, { functionArn, bufferSizeMb: 1, bufferIntervalSeconds: 60 });
 * await client.send(new UpdateDestinationCommand(plan.request));
 * ```
 */
export function planAttach(
  stream: DeliveryStreamDescription,
  settings: ProcessorSettings,
): AttachPlan {
  const name = String(stream.DeliveryStreamName);
  const destinations = stream.Destinations ?? [];
  if (destinations.length !== 1) {
    throw new AttachError(
      `${name} has ${destinations.length} destinations; expected exactly one`,
    );
  }
  const [destination] = destinations;
  const s3 =
    destination?.ExtendedS3DestinationDescription ??
    destination?.S3DestinationDescription;
  if (destination === undefined || s3 === undefined) {
    throw new AttachError(
      `${name} does not deliver to Amazon S3: only S3 destinations can be attached`,
    );
  }
  const extended = destination.ExtendedS3DestinationDescription;
  const processors = withLambdaProcessor(
    extended?.ProcessingConfiguration?.Processors ?? [],
    settings,
  );
  // A plain S3 destination becomes an extended one: Firehose does not
  // merge across destination types, so its settings are restated.
  const restated =
    extended === undefined
      ? {
          RoleARN: s3.RoleARN,
          BucketARN: s3.BucketARN,
          Prefix: s3.Prefix,
          ErrorOutputPrefix: s3.ErrorOutputPrefix,
          BufferingHints: s3.BufferingHints,
          CompressionFormat: s3.CompressionFormat,
          EncryptionConfiguration: s3.EncryptionConfiguration,
          CloudWatchLoggingOptions: s3.CloudWatchLoggingOptions,
        }
      : {};
  const request: UpdateDestinationCommandInput = {
    DeliveryStreamName: name,
    CurrentDeliveryStreamVersionId: stream.VersionId,
    DestinationId: destination.DestinationId,
    ExtendedS3DestinationUpdate: {
      ...restated,
      ProcessingConfiguration: { Enabled: true, Processors: processors },
    },
  };
  const notes: string[] = [];
  const prefix = extended?.Prefix ?? s3.Prefix ?? '';
  if (extended?.DynamicPartitioningConfiguration?.Enabled !== true) {
    notes.push(
      `Dynamic partitioning is OFF on ${name}, and it can only be enabled when a stream is created. ` +
        'The partition keys the function returns (metadata.partitionKeys) are not used: objects land ' +
        `under the prefix ${JSON.stringify(prefix)} by arrival time, not event time. For event-time ` +
        'prefixes, create a new stream with dynamic partitioning, a Prefix using ' +
        '!{partitionKeyFromLambda:…} and an ErrorOutputPrefix (template.yaml EventStream is an example).',
    );
  } else if (!prefix.includes('!{partitionKeyFromLambda:')) {
    notes.push(
      `Dynamic partitioning is on, but the prefix ${JSON.stringify(prefix)} uses no ` +
        "!{partitionKeyFromLambda:…}: the function's keys do not shape the objects' folders. " +
        'Update the Prefix (aws firehose update-destination) to use them.',
    );
  }
  // The statement covers the function and its versions and aliases.
  const qualifier = FUNCTION_ARN.exec(settings.functionArn)?.[5] ?? '';
  const functionArn = settings.functionArn.slice(
    0,
    settings.functionArn.length - qualifier.length,
  );
  return {
    request,
    roleArn: s3.RoleARN,
    roleStatement: {
      Sid: 'InvokeProcessor',
      Effect: 'Allow',
      Action: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'],
      Resource: [functionArn, `${functionArn}:*`],
    },
    notes,
  };
}

/**
 * The parts of a stream's S3 destination worth showing before and after.
 *
 * @example
 * ```ts
 * console.log(JSON.stringify(summarizeDestination(description), null, 2));
 * ```
 */
export function summarizeDestination(
  stream: DeliveryStreamDescription,
): object {
  const destination = stream.Destinations?.[0];
  const extended = destination?.ExtendedS3DestinationDescription;
  const s3 = extended ?? destination?.S3DestinationDescription;
  return {
    DeliveryStreamName: stream.DeliveryStreamName,
    VersionId: stream.VersionId,
    DestinationId: destination?.DestinationId,
    BucketARN: s3?.BucketARN,
    Prefix: s3?.Prefix,
    ErrorOutputPrefix: s3?.ErrorOutputPrefix,
    BufferingHints: s3?.BufferingHints,
    CompressionFormat: s3?.CompressionFormat,
    RoleARN: s3?.RoleARN,
    DynamicPartitioning:
      extended?.DynamicPartitioningConfiguration?.Enabled === true,
    ProcessingConfiguration: extended?.ProcessingConfiguration ?? null,
  };
}
