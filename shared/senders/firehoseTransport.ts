import type {
  PutRecordBatchCommand,
  PutRecordBatchCommandOutput,
} from '@aws-sdk/client-firehose';
import {
  type BatchEntry,
  type BatchTransport,
  type EntryResult,
  TransportResponseError,
} from './batchTransport.js';
import { createSdkLoader } from './loadSdk.js';
import { PutRecordBatchLimits } from './packBatches.js';

type FirehoseSdk = typeof import('./firehoseSdk.js');

/**
 * What the transport needs of a Firehose client; a `FirehoseClient` fits.
 *
 * @example
 * ```ts
 * const client: PutRecordBatchClient = new FirehoseClient({ region: 'us-east-1' });
 * ```
 */
export interface PutRecordBatchClient {
  send(
    command: PutRecordBatchCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<PutRecordBatchCommandOutput>;
}

/**
 * Options of {@link createFirehoseTransport}.
 *
 * @example
 * ```ts
 * const options: FirehoseTransportOptions = { requestTimeoutMs: 2_000 };
 * ```
 */
export interface FirehoseTransportOptions {
  /** A ready client (tests); default: the shared client, created lazily. */
  readonly client?: PutRecordBatchClient;
  /** Time to open a connection. Default 1000. */
  readonly connectionTimeoutMs?: number;
  /**
   * The SDK's own limit on one request, a backstop behind the per-call
   * abort of `sendBatches`; keep it at `perCallTimeoutMs`. Default 3000.
   */
  readonly requestTimeoutMs?: number;
}

// Where the bundled SDK sits relative to a handler bundle
// (`functions/<name>.mjs`, see template.yaml EntryPoints).
const loadSdk = createSdkLoader<FirehoseSdk>(
  '../shared/senders/firehoseSdk.mjs',
  ['@aws-sdk', 'client-firehose'],
);
// One client per timeout setting (in practice one per container), kept
// across invocations so that connections are reused.
const sharedClients = new Map<string, PutRecordBatchClient>();

/**
 * A {@link BatchTransport} for Firehose `PutRecordBatch` into `streamName`.
 *
 * Costs nothing until the first `send`: only then is
 * `@aws-sdk/client-firehose` imported and one `FirehoseClient` created,
 * then reused by every transport and invocation of the container. The client
 * makes a single attempt (`maxAttempts: 1`; `sendBatches` retries, resending
 * only failed entries) and takes its region, credentials and endpoint from
 * the usual SDK sources (`AWS_REGION`, `AWS_ENDPOINT_URL_FIREHOSE` for a
 * local endpoint such as moto). The call's `AbortSignal` reaches the HTTP
 * request. `RequestResponses[i].ErrorCode` becomes `{ ok: false, code }`.
 *
 * @example
 * ```ts
 * const transport = createFirehoseTransport(process.env.FALLBACK_STREAM_NAME ?? '');
 * await sendBatches(entries, { transport, deadline: Date.now() + 5_000 });
 * ```
 */
export function createFirehoseTransport(
  streamName: string,
  options: FirehoseTransportOptions = {},
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
    const command = new sdk.PutRecordBatchCommand({
      DeliveryStreamName: streamName,
      Records: entries.map((entry) => ({ Data: entry.data })),
    });
    const output = await client.send(command, { abortSignal: signal });
    return toEntryResults(output, entries.length);
  }

  return { limits: PutRecordBatchLimits, send };
}

function sharedClient(
  sdk: FirehoseSdk,
  connectionTimeout: number,
  requestTimeout: number,
): PutRecordBatchClient {
  const key = `${connectionTimeout}/${requestTimeout}`;
  let client = sharedClients.get(key);
  if (client === undefined) {
    client = new sdk.FirehoseClient({
      maxAttempts: 1,
      requestHandler: {
        connectionTimeout,
        requestTimeout,
        throwOnRequestTimeout: true,
      },
    });
    sharedClients.set(key, client);
  }
  return client;
}

function toEntryResults(
  output: PutRecordBatchCommandOutput,
  count: number,
): EntryResult[] {
  const responses = output.RequestResponses ?? [];
  if (responses.length !== count) {
    // Trust a clean answer that omits the per-record list.
    if (output.FailedPutCount === 0 && responses.length === 0) {
      return Array.from({ length: count }, () => ({ ok: true }) as const);
    }
    throw new TransportResponseError(
      `${responses.length} RequestResponses for ${count} records (FailedPutCount ${output.FailedPutCount})`,
    );
  }
  return responses.map((response): EntryResult => {
    if (response.ErrorCode === undefined || response.ErrorCode === '') {
      return { ok: true };
    }
    return {
      ok: false,
      code: response.ErrorCode,
      message: response.ErrorMessage ?? '',
    };
  });
}
