import type {
  PutRecordsCommand,
  PutRecordsCommandOutput,
} from '@aws-sdk/client-kinesis';
import {
  type BatchEntry,
  type BatchLimits,
  type BatchTransport,
  type EntryResult,
  TransportResponseError,
} from './batchTransport.js';
import { createSdkLoader } from './loadSdk.js';

type KinesisSdk = typeof import('./kinesisSdk.js');

/**
 * Limits of Kinesis `PutRecords`: 500 records, 5 MiB per call and 1 MiB
 * per record, partition keys included (`packBatches` counts them).
 *
 * @example
 * ```ts
 * packBatches(entries, PutRecordsLimits);
 * ```
 */
export const PutRecordsLimits = {
  maxRecordsPerCall: 500,
  maxBytesPerCall: 5_242_880,
  maxBytesPerRecord: 1_048_576,
} as const satisfies BatchLimits;

/**
 * What the transport needs of a Kinesis client; a `KinesisClient` fits.
 *
 * @example
 * ```ts
 * const client: PutRecordsClient = new KinesisClient({ region: 'us-east-1' });
 * ```
 */
export interface PutRecordsClient {
  send(
    command: PutRecordsCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<PutRecordsCommandOutput>;
}

/**
 * Options of {@link createKinesisTransport}.
 *
 * @example
 * ```ts
 * const options: KinesisTransportOptions = { requestTimeoutMs: 2_000 };
 * ```
 */
export interface KinesisTransportOptions {
  /** A ready client (tests); default: the shared client, created lazily. */
  readonly client?: PutRecordsClient;
  /** Time to open a connection. Default 1000. */
  readonly connectionTimeoutMs?: number;
  /** The SDK's own limit on one request. Default 3000. */
  readonly requestTimeoutMs?: number;
}

const loadSdk = createSdkLoader<KinesisSdk>(
  '../shared/senders/kinesisSdk.mjs',
  ['@aws-sdk', 'client-kinesis'],
);
const sharedClients = new Map<string, PutRecordsClient>();

/**
 * A {@link BatchTransport} for Kinesis `PutRecords` into the stream
 * `streamArn`. Each entry's `partitionKey` is its `PartitionKey` (the
 * entry id when absent). Like the Firehose transport: nothing is loaded
 * until the first `send`, one client per container (single attempt;
 * `sendBatches` retries), endpoint from the SDK's usual sources
 * (`AWS_ENDPOINT_URL_KINESIS`), `Records[i].ErrorCode` becomes
 * `{ ok: false, code }`.
 *
 * @example
 * ```ts
 * const transport = createKinesisTransport(event.sourceKinesisStreamArn);
 * await sendBatches(entries, { transport, deadline: Date.now() + 5_000 });
 * ```
 */
export function createKinesisTransport(
  streamArn: string,
  options: KinesisTransportOptions = {},
): BatchTransport {
  const connectionTimeout = options.connectionTimeoutMs ?? 1000;
  const requestTimeout = options.requestTimeoutMs ?? 3000;

  async function send(
    entries: readonly BatchEntry[],
    signal: AbortSignal,
  ): Promise<readonly EntryResult[]> {
    const sdk = await loadSdk();
    const client =
      options.client ?? sharedClient(sdk, connectionTimeout, requestTimeout);
    signal.throwIfAborted();
    const command = new sdk.PutRecordsCommand({
      StreamARN: streamArn,
      Records: entries.map((entry) => ({
        Data: entry.data,
        PartitionKey: entry.partitionKey ?? entry.id,
      })),
    });
    const output = await client.send(command, { abortSignal: signal });
    return toEntryResults(output, entries.length);
  }

  return { limits: PutRecordsLimits, send };
}

function sharedClient(
  sdk: KinesisSdk,
  connectionTimeout: number,
  requestTimeout: number,
): PutRecordsClient {
  const key = `${connectionTimeout}/${requestTimeout}`;
  let client = sharedClients.get(key);
  if (client === undefined) {
    client = new sdk.KinesisClient({
      maxAttempts: 1,
      requestHandler: new sdk.NodeHttpHandler({
        connectionTimeout,
        requestTimeout,
        throwOnRequestTimeout: true,
      }),
    });
    sharedClients.set(key, client);
  }
  return client;
}

function toEntryResults(
  output: PutRecordsCommandOutput,
  count: number,
): EntryResult[] {
  const records = output.Records ?? [];
  if (records.length !== count) {
    throw new TransportResponseError(
      `${records.length} Records for ${count} entries (FailedRecordCount ${output.FailedRecordCount})`,
    );
  }
  return records.map((record): EntryResult => {
    if (record.ErrorCode === undefined || record.ErrorCode === '') {
      return { ok: true };
    }
    return {
      ok: false,
      code: record.ErrorCode,
      message: record.ErrorMessage ?? '',
    };
  });
}
