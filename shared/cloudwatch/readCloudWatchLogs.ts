/**
 * Decode a CloudWatch Logs subscription record: gzip, then JSON.
 */
import { RecordError } from '../errors.js';
import { FailureReason } from '../firehose/reasons.js';
import { decodeBase64, decodeUtf8 } from '../records/decodeData.js';
import { gunzipBounded, isGzip } from '../records/gunzip.js';

/** One log event of a data message. */
export interface LogEvent {
  readonly id: string;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly message: string;
}

/** A `DATA_MESSAGE`: log events of one log stream. */
export interface DataMessage {
  readonly messageType: 'DATA_MESSAGE';
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly subscriptionFilters: readonly string[];
  readonly logEvents: readonly LogEvent[];
}

/** What a record holds: a data message, or a control message (a probe). */
export type CloudWatchLogsMessage =
  | DataMessage
  | { readonly messageType: 'CONTROL_MESSAGE' };

/**
 * Gunzip and parse a record's data (base64). Decompression stops at
 * `maxDecompressedBytes`, so a gzip bomb costs that much memory at most.
 *
 * @throws RecordError `invalid-base64`, `not-gzip` (no gzip magic bytes),
 *   `invalid-gzip` (corrupt or truncated), `decompressed-too-large`,
 *   `invalid-utf8`, `invalid-cloudwatch-logs` (not JSON, unknown
 *   `messageType`, a missing or mistyped field; the detail names it).
 * @example
 * ```ts
 * const message = readCloudWatchLogs(record.data, 16 * 1024 * 1024);
 * if (message.messageType === 'CONTROL_MESSAGE') return dropped('control-message');
 * ```
 */
export function readCloudWatchLogs(
  data: string,
  maxDecompressedBytes: number,
): CloudWatchLogsMessage {
  const bytes = decodeBase64(data);
  if (!isGzip(bytes)) {
    throw new RecordError(
      FailureReason.notGzip,
      'CloudWatch Logs subscription data is gzip; this record does not start with the gzip magic bytes',
    );
  }
  const json = gunzipBounded(
    bytes,
    maxDecompressedBytes,
    'MAX_DECOMPRESSED_BYTES',
  );
  let message: unknown;
  try {
    message = JSON.parse(decodeUtf8(json));
  } catch (error) {
    if (error instanceof RecordError) throw error;
    throw invalid('the decompressed data is not JSON');
  }
  return checkMessage(message);
}

function checkMessage(message: unknown): CloudWatchLogsMessage {
  if (!isObject(message)) throw invalid('not a JSON object');
  const type = message.messageType;
  if (type === 'CONTROL_MESSAGE') return { messageType: type };
  if (type !== 'DATA_MESSAGE') {
    // Never the value itself: it is record content, and details are logged.
    throw invalid(
      typeof type === 'string'
        ? `unknown messageType (${type.length} characters; expected DATA_MESSAGE or CONTROL_MESSAGE)`
        : 'messageType is missing',
    );
  }
  for (const field of ['owner', 'logGroup', 'logStream'] as const) {
    if (typeof message[field] !== 'string') {
      throw invalid(`${field} must be a string`);
    }
  }
  const filters = message.subscriptionFilters;
  if (!Array.isArray(filters) || !filters.every((f) => typeof f === 'string')) {
    throw invalid('subscriptionFilters must be an array of strings');
  }
  const events = message.logEvents;
  if (!Array.isArray(events) || events.length === 0) {
    throw invalid('logEvents must be a non-empty array');
  }
  events.forEach(checkEvent);
  return message as unknown as DataMessage;
}

function checkEvent(event: unknown, index: number): void {
  if (
    !isObject(event) ||
    typeof event.id !== 'string' ||
    typeof event.message !== 'string' ||
    typeof event.timestamp !== 'number' ||
    !Number.isFinite(event.timestamp)
  ) {
    throw invalid(
      `logEvents[${index}] must have a string id, a numeric timestamp and a string message`,
    );
  }
}

function invalid(detail: string): RecordError {
  return new RecordError(FailureReason.invalidCloudWatchLogs, detail);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
