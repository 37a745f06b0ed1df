// npm run attach -- --stream <name> --function <arn | logical id> [--stack <name>]
//   [--buffer-size-mb 1] [--buffer-interval 60] [--dry-run]
//
// Sets one of our functions as the Lambda processor of a delivery stream
// that already exists (DescribeDeliveryStream, then UpdateDestination with
// the stream's current version id), keeping the rest of its destination.
// Exit 0 done, 1 AWS or the stream refused, 2 usage.
import { parseArgs } from 'node:util';
import {
  CloudFormationClient,
  DescribeStackResourceCommand,
} from '@aws-sdk/client-cloudformation';
import {
  type DeliveryStreamDescription,
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  UpdateDestinationCommand,
} from '@aws-sdk/client-firehose';
import {
  AttachError,
  FUNCTION_ARN,
  planAttach,
  summarizeDestination,
} from './lib/attachPlan.ts';

const USAGE = `Usage: npm run attach -- --stream <name> --function <arn | logical id> [--stack <name>]
                         [--buffer-size-mb 1] [--buffer-interval 60] [--dry-run]

  --stream           the delivery stream to attach to (its name)
  --function         a Lambda function ARN, or a logical id of this template
                     (TransformFunction, EventTimePartitionFunction,
                     CloudWatchLogsFunction) with --stack
  --stack            the CloudFormation stack that holds the logical id
  --buffer-size-mb   processor buffer, 0.2 to 3 MB (default 1)
  --buffer-interval  processor buffer, 0 to 900 seconds (default 60)
  --dry-run          print the UpdateDestination request, change nothing

Region and credentials come from the usual AWS variables and profiles.`;

/** Parsed command line. */
interface Options {
  readonly stream: string;
  readonly function: string;
  readonly stack: string | undefined;
  readonly bufferSizeMb: number;
  readonly bufferIntervalSeconds: number;
  readonly dryRun: boolean;
}

function usageError(message: string): AttachError {
  return new AttachError(`${message}\n\n${USAGE}`, 2);
}

function readNumber(
  text: string | undefined,
  flag: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max
  ) {
    throw usageError(
      `${flag} ${JSON.stringify(text)}: expected a number from ${min} to ${max}`,
    );
  }
  return value;
}

function readOptions(argv: readonly string[]): Options | 'help' {
  const parse = () =>
    parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        stream: { type: 'string' },
        function: { type: 'string' },
        stack: { type: 'string' },
        'buffer-size-mb': { type: 'string' },
        'buffer-interval': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const values = parsed.values;
  if (values.help === true) return 'help';
  if (values.stream === undefined || values.stream === '')
    throw usageError('--stream is required');
  if (values.function === undefined || values.function === '')
    throw usageError('--function is required');
  const bufferIntervalSeconds = readNumber(
    values['buffer-interval'],
    '--buffer-interval',
    60,
    0,
    900,
  );
  if (!Number.isInteger(bufferIntervalSeconds)) {
    throw usageError('--buffer-interval: expected whole seconds');
  }
  const isArn = values.function.startsWith('arn:');
  if (isArn && !FUNCTION_ARN.test(values.function)) {
    throw usageError(
      `--function ${values.function} is not a Lambda function ARN`,
    );
  }
  if (!isArn && values.stack === undefined) {
    throw usageError(
      `--function ${values.function} is a logical id: give its stack with --stack`,
    );
  }
  return {
    stream: values.stream,
    function: values.function,
    stack: values.stack,
    bufferSizeMb: readNumber(
      values['buffer-size-mb'],
      '--buffer-size-mb',
      1,
      0.2,
      3,
    ),
    bufferIntervalSeconds,
    dryRun: values['dry-run'] === true,
  };
}

async function describe(
  client: FirehoseClient,
  name: string,
): Promise<DeliveryStreamDescription> {
  try {
    const answer = await client.send(
      new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }),
    );
    if (answer.DeliveryStreamDescription === undefined)
      throw new AttachError(`DescribeDeliveryStream ${name}: no description`);
    return answer.DeliveryStreamDescription;
  } catch (error) {
    if (error instanceof AttachError) throw error;
    const e = error as Error;
    throw new AttachError(
      e.name === 'ResourceNotFoundException'
        ? `no delivery stream ${name}: ${e.message}`
        : `DescribeDeliveryStream ${name}: ${e.name}: ${e.message}`,
    );
  }
}

/** The function's ARN: as given, or the stack's logical id made an ARN in the stream's account. */
async function functionArn(
  options: Options,
  streamArn: string,
): Promise<string> {
  if (options.function.startsWith('arn:')) return options.function;
  let name: string | undefined;
  try {
    const answer = await new CloudFormationClient({}).send(
      new DescribeStackResourceCommand({
        StackName: options.stack,
        LogicalResourceId: options.function,
      }),
    );
    name = answer.StackResourceDetail?.PhysicalResourceId;
  } catch (error) {
    const e = error as Error;
    throw new AttachError(
      `cannot resolve ${options.function} in stack ${options.stack}: ${e.name}: ${e.message}`,
    );
  }
  if (name === undefined || name === '')
    throw new AttachError(
      `${options.function} in stack ${options.stack} has no physical id`,
    );
  if (name.startsWith('arn:')) return name;
  // Same partition, region and account as the stream.
  const [, partition, , region, account] = streamArn.split(':');
  return `arn:${partition}:lambda:${region}:${account}:function:${name}`;
}

function print(title: string, value: unknown): void {
  process.stdout.write(`${title}\n${JSON.stringify(value, null, 2)}\n\n`);
}

/** Run the tool; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const options = readOptions(argv);
    if (options === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const client = new FirehoseClient({});
    const before = await describe(client, options.stream);
    const arn = await functionArn(options, String(before.DeliveryStreamARN));
    const plan = planAttach(before, {
      functionArn: arn,
      bufferSizeMb: options.bufferSizeMb,
      bufferIntervalSeconds: options.bufferIntervalSeconds,
    });
    print(`Before (${options.stream}):`, summarizeDestination(before));
    print(
      options.dryRun
        ? 'UpdateDestination request (dry run: not sent, nothing changed):'
        : 'UpdateDestination request:',
      plan.request,
    );
    if (!options.dryRun) {
      try {
        await client.send(new UpdateDestinationCommand(plan.request));
      } catch (error) {
        const e = error as Error;
        throw new AttachError(
          `UpdateDestination ${options.stream}: ${e.name}: ${e.message}`,
        );
      }
      print(
        `After (${options.stream}):`,
        summarizeDestination(await describe(client, options.stream)),
      );
    }
    print(
      `The stream's role (${plan.roleArn ?? 'unknown'}) needs this statement to invoke the function:`,
      plan.roleStatement,
    );
    process.stdout.write(
      "Re-ingestion: the function may PutRecordBatch into this stream only if its ARN is in the stack's ExistingStreamArns parameter:\n" +
        `  ${before.DeliveryStreamARN}\n`,
    );
    for (const note of plan.notes) process.stdout.write(`\nNote: ${note}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AttachError) {
      process.stderr.write(`attach: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
