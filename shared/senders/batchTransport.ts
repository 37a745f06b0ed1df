import { FirehoseProcessorError } from '../errors.js';

/**
 * One record to send: an id of the caller's choosing (the Firehose
 * `recordId` of the record being re-sent, for instance) and the raw bytes.
 *
 * @example
 * ```ts
 * const entry: BatchEntry = { id: record.recordId, data: Buffer.from(line) };
 * ```
 */
export interface BatchEntry {
  readonly id: string;
  readonly data: Uint8Array;
  /**
   * Kinesis `PartitionKey` (Kinesis transports only). Its UTF-8 bytes
   * count toward the record and call limits, as Kinesis counts them.
   */
  readonly partitionKey?: string;
}

/**
 * The per-call limits of a batch API. Sizes count raw bytes (before base64).
 *
 * @example
 * ```ts
 * const limits: BatchLimits = { maxRecordsPerCall: 500, maxBytesPerCall: 4_194_304, maxBytesPerRecord: 1_024_000 };
 * ```
 */
export interface BatchLimits {
  readonly maxRecordsPerCall: number;
  readonly maxBytesPerCall: number;
  readonly maxBytesPerRecord: number;
}

/**
 * The endpoint's verdict on one entry of a call, in request order.
 *
 * @example
 * ```ts
 * const failed: EntryResult = { ok: false, code: 'ServiceUnavailableException', message: 'Slow down.' };
 * ```
 */
export type EntryResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * A batch API (Firehose PutRecordBatch, later Kinesis PutRecords) seen by
 * `sendBatches`. One `send` is one network call, never retried inside.
 *
 * - Resolves with one result per entry, in request order, when the endpoint
 *   answered (even if some entries failed).
 * - Rejects when the whole call failed (throttled, 5xx, network, aborted,
 *   stream not found…); {@link isRetryableCallError} tells whether to retry.
 * - Stops as soon as `signal` aborts.
 *
 * @example
 * ```ts
 * const transport: BatchTransport = {
 *   limits: PutRecordBatchLimits,
 *   async send(entries) { return entries.map(() => ({ ok: true })); },
 * };
 * ```
 */
export interface BatchTransport {
  readonly limits: BatchLimits;
  send(
    entries: readonly BatchEntry[],
    signal: AbortSignal,
  ): Promise<readonly EntryResult[]>;
}

/**
 * The endpoint answered something a transport cannot map to per-entry
 * results (e.g. fewer `RequestResponses` than records). Not retryable: the
 * entries may or may not have been stored.
 *
 * @example
 * ```ts
 * throw new TransportResponseError('3 RequestResponses for 5 records');
 * ```
 */
export class TransportResponseError extends FirehoseProcessorError {
  override name = 'TransportResponseError';
  constructor(detail: string) {
    super(`Unexpected batch response: ${detail}`);
  }
}

const NOT_RETRYABLE_NAMES = new Set([
  'ResourceNotFoundException',
  'InvalidArgumentException',
  'InvalidKMSResourceException',
  'InvalidSourceException',
  'AccessDeniedException',
  'AccessDenied',
  'ValidationException',
  'ValidationError',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
  'TransportResponseError',
]);

const RETRYABLE_NAMES = new Set([
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'InternalFailure',
  'InternalFailureException',
  'InternalServerError',
  'InternalServiceError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AbortError',
]);

const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Whether a whole-call failure is worth retrying: throttling, service
 * unavailable, internal failures, HTTP 429/5xx, network errors and timeouts
 * (including the `AbortError`/`TimeoutError` of our own per-call timeout).
 * Missing stream, bad arguments, access or KMS problems and validation
 * errors are not: a retry would fail the same way.
 *
 * @example
 * ```ts
 * isRetryableCallError(Object.assign(new Error('read'), { code: 'ECONNRESET' })); // true
 * isRetryableCallError({ name: 'ResourceNotFoundException' }); // false
 * ```
 */
export function isRetryableCallError(error: unknown): boolean {
  for (const candidate of [error, causeOf(error)]) {
    if (!isObject(candidate)) continue;
    const name = stringProperty(candidate, 'name');
    if (name !== undefined && NOT_RETRYABLE_NAMES.has(name)) return false;
    if (name !== undefined && RETRYABLE_NAMES.has(name)) return true;
    const code = stringProperty(candidate, 'code');
    if (code !== undefined && RETRYABLE_NETWORK_CODES.has(code)) return true;
    if (stringProperty(candidate, 'message') === 'socket hang up') return true;
    if (isObject(candidate.$retryable)) return true;
    const status = httpStatusOf(candidate);
    if (status === 429 || (status !== undefined && status >= 500)) return true;
    if (candidate.$fault === 'server') return true;
  }
  return false;
}

/**
 * Whether an entry the endpoint refused inside an answered call is worth
 * resending. Firehose documents `ServiceUnavailableException` and
 * `InternalFailure`; Kinesis adds `ProvisionedThroughputExceededException`.
 * Unknown codes are retried (bounded by attempts and the deadline); access,
 * KMS and validation codes are not.
 *
 * @example
 * ```ts
 * isRetryableEntryCode('ServiceUnavailableException'); // true
 * isRetryableEntryCode('KMS.AccessDeniedException'); // false
 * ```
 */
export function isRetryableEntryCode(code: string): boolean {
  if (code.startsWith('KMS.')) return false;
  return !NOT_RETRYABLE_NAMES.has(code);
}

/**
 * A short code and message for any thrown value, for reports and logs:
 * the SDK exception name (`ServiceUnavailableException`), the Node error
 * code (`ECONNRESET`) or the error name (`TimeoutError`).
 *
 * @example
 * ```ts
 * describeCallError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
 * // { code: 'ECONNRESET', message: 'read ECONNRESET' }
 * ```
 */
export function describeCallError(error: unknown): {
  code: string;
  message: string;
} {
  if (!isObject(error)) return { code: 'UnknownError', message: String(error) };
  const name = stringProperty(error, 'name');
  const code = stringProperty(error, 'code');
  const message = stringProperty(error, 'message') ?? String(error);
  if (code !== undefined && (name === undefined || name === 'Error')) {
    return { code, message };
  }
  return { code: name ?? code ?? 'UnknownError', message };
}

function causeOf(error: unknown): unknown {
  return isObject(error) ? error.cause : undefined;
}

function httpStatusOf(error: Record<string, unknown>): number | undefined {
  const metadata = error.$metadata;
  if (isObject(metadata) && typeof metadata.httpStatusCode === 'number') {
    return metadata.httpStatusCode;
  }
  return undefined;
}

function stringProperty(
  value: Record<string, unknown>,
  key: string,
): string | undefined {
  const property = value[key];
  return typeof property === 'string' ? property : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
