// The Firehose API as serve mode answers it: the JSON 1.1 protocol (POST /,
// X-Amz-Target Firehose_20150804.<Operation>, application/x-amz-json-1.1),
// the four operations a producer uses, their validation and Firehose's
// error shapes. No sockets here: apiServer.ts carries the bytes, the
// backend (the streams) takes the records.
import type { ApiCalls } from './machinery.ts';

/** The service's target prefix (botocore firehose service-2.json, targetPrefix). */
export const TARGET_PREFIX = 'Firehose_20150804.';
/** The JSON 1.1 protocol's content type. */
export const JSON_11 = 'application/x-amz-json-1.1';

/** PutRecord/PutRecordBatch limits (API_PutRecordBatch; the model's Data max 1024000). */
export const PutLimits = {
  records: 500,
  recordBytes: 1_024_000,
  requestBytes: 4 * 1024 * 1024,
} as const;

/** A stream the API can reach, by name. */
export interface ApiStream {
  readonly name: string;
  /** Records put are encrypted at rest (the stream has SSE). */
  readonly encrypted: boolean;
  /** DescribeDeliveryStream's DeliveryStreamDescription. */
  describe(): Record<string, unknown>;
  /** Buffer the records; their record ids, in order. */
  put(records: readonly Buffer[]): string[];
}

/** The streams behind the API. */
export interface ApiBackend {
  /** Every stream's DeliveryStreamName. */
  names(): string[];
  /** A stream by DeliveryStreamName (or another alias the backend accepts). */
  find(name: string): ApiStream | undefined;
}

/** One HTTP request, as far as the protocol cares. */
export interface ApiRequest {
  method: string;
  target: string | undefined;
  body: string;
}

/** One HTTP answer: status, error type (for x-amzn-ErrorType) and JSON body. */
export interface ApiAnswer {
  status: number;
  errorType?: string;
  body: unknown;
}

/** The error codes serve mode answers with. */
export const ApiErrorType = {
  resourceNotFound: 'ResourceNotFoundException',
  invalidArgument: 'InvalidArgumentException',
  serviceUnavailable: 'ServiceUnavailableException',
  validation: 'ValidationException',
  serialization: 'SerializationException',
  unknownOperation: 'UnknownOperationException',
} as const;

class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  constructor(status: number, type: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = type;
  }
}

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;

/**
 * The Firehose API over a backend: `handle` answers one request, `calls`
 * counts what was put, `stopAccepting` makes puts answer
 * ServiceUnavailableException (while shutting down).
 *
 * @example
 *   const api = createFirehoseApi({ backend, accountId: '123456789012' });
 *   api.handle({ method: 'POST', target: 'Firehose_20150804.ListDeliveryStreams', body: '{}' });
 *   // { status: 200, body: { DeliveryStreamNames: [...], HasMoreDeliveryStreams: false } }
 */
export function createFirehoseApi({
  backend,
  accountId,
}: {
  backend: ApiBackend;
  accountId: string;
}) {
  const calls: ApiCalls = {
    PutRecord: 0,
    PutRecordBatch: 0,
    records: 0,
    refused: 0,
  };
  let accepting = true;

  function stream(input: Record<string, unknown>): ApiStream {
    const name = input.DeliveryStreamName;
    if (typeof name !== 'string')
      throw validation([
        `Value null at 'deliveryStreamName' failed to satisfy constraint: Member must not be null`,
      ]);
    if (!STREAM_NAME.test(name))
      throw validation([
        `Value '${name}' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length between 1 and 64`,
      ]);
    const found = backend.find(name);
    if (found === undefined)
      throw new ApiError(
        400,
        ApiErrorType.resourceNotFound,
        `Firehose ${name} under account ${accountId} not found.`,
      );
    return found;
  }

  function put(
    operation: 'PutRecord' | 'PutRecordBatch',
    input: Record<string, unknown>,
  ) {
    const target = stream(input);
    if (
      operation === 'PutRecord' &&
      (input.Record === undefined || input.Record === null)
    )
      throw validation([
        `Value null at 'record' failed to satisfy constraint: Member must not be null`,
      ]);
    const data =
      operation === 'PutRecord'
        ? decodeRecords([input.Record], 'record')
        : decodeBatch(input.Records);
    if (!accepting)
      throw new ApiError(
        503,
        ApiErrorType.serviceUnavailable,
        'The local Firehose is shutting down: it takes no more records.',
      );
    const ids = target.put(data);
    calls[operation]++;
    calls.records += data.length;
    if (operation === 'PutRecord')
      return { RecordId: ids[0], Encrypted: target.encrypted };
    return {
      FailedPutCount: 0,
      Encrypted: target.encrypted,
      RequestResponses: ids.map((id) => ({ RecordId: id })),
    };
  }

  function listStreams(input: Record<string, unknown>) {
    const limit = input.Limit ?? 10;
    if (
      typeof limit !== 'number' ||
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > 10_000
    )
      throw validation([
        `Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000`,
      ]);
    const type = input.DeliveryStreamType;
    const start = input.ExclusiveStartDeliveryStreamName;
    const names = [...backend.names()]
      .sort()
      .filter((name) => typeof start !== 'string' || name > start)
      .filter(() => type === undefined || type === 'DirectPut');
    return {
      DeliveryStreamNames: names.slice(0, limit),
      HasMoreDeliveryStreams: names.length > limit,
    };
  }

  function describe(input: Record<string, unknown>) {
    const description = stream(input).describe();
    const start = input.ExclusiveStartDestinationId;
    if (typeof start !== 'string')
      return { DeliveryStreamDescription: description };
    // One destination per stream: after it, there is none.
    const destinations = (description.Destinations ?? []) as {
      DestinationId: string;
    }[];
    const at = destinations.findIndex((d) => d.DestinationId === start);
    return {
      DeliveryStreamDescription: {
        ...description,
        Destinations: at < 0 ? destinations : destinations.slice(at + 1),
      },
    };
  }

  function answer(request: ApiRequest): unknown {
    if (request.method !== 'POST')
      throw new ApiError(
        405,
        ApiErrorType.unknownOperation,
        'The Firehose API takes POST requests only.',
      );
    const operation = request.target?.startsWith(TARGET_PREFIX)
      ? request.target.slice(TARGET_PREFIX.length)
      : undefined;
    const input = parseBody(request.body);
    switch (operation) {
      case 'PutRecord':
      case 'PutRecordBatch':
        return put(operation, input);
      case 'ListDeliveryStreams':
        return listStreams(input);
      case 'DescribeDeliveryStream':
        return describe(input);
      default:
        throw new ApiError(
          400,
          ApiErrorType.unknownOperation,
          `The local Firehose serves PutRecord, PutRecordBatch, ListDeliveryStreams and DescribeDeliveryStream, not ${request.target ?? '(no X-Amz-Target)'}.`,
        );
    }
  }

  return {
    calls,
    /** Answer one request; never throws for a producer's mistake. */
    handle(request: ApiRequest): ApiAnswer {
      try {
        return { status: 200, body: answer(request) };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        calls.refused++;
        return {
          status: error.status,
          errorType: error.type,
          body: { __type: error.type, message: error.message },
        };
      }
    },
    /** From now on puts are refused with ServiceUnavailableException. */
    stopAccepting() {
      accepting = false;
    },
  };
}

/** The API type: what createFirehoseApi returns. */
export type FirehoseApi = ReturnType<typeof createFirehoseApi>;

function parseBody(body: string): Record<string, unknown> {
  let input: unknown;
  try {
    input = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new ApiError(
      400,
      ApiErrorType.serialization,
      'The request body is not JSON.',
    );
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ApiError(
      400,
      ApiErrorType.serialization,
      'The request body is not a JSON object.',
    );
  return input as Record<string, unknown>;
}

function validation(problems: string[]): ApiError {
  const count =
    problems.length === 1
      ? '1 validation error detected'
      : `${problems.length} validation errors detected`;
  return new ApiError(
    400,
    ApiErrorType.validation,
    `${count}: ${problems.join('; ')}`,
  );
}

function decodeBatch(records: unknown): Buffer[] {
  if (records === undefined || records === null)
    throw validation([
      `Value null at 'records' failed to satisfy constraint: Member must not be null`,
    ]);
  if (!Array.isArray(records))
    throw new ApiError(
      400,
      ApiErrorType.serialization,
      'Records is not a list.',
    );
  if (records.length < 1 || records.length > PutLimits.records)
    throw validation([
      `Value '[${records.length} records]' at 'records' failed to satisfy constraint: Member must have length ${records.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${PutLimits.records}`}`,
    ]);
  const data = decodeRecords(records, 'records');
  const total = data.reduce((sum, item) => sum + item.length, 0);
  if (total > PutLimits.requestBytes)
    throw new ApiError(
      400,
      ApiErrorType.invalidArgument,
      `The records of this PutRecordBatch hold ${total} bytes; a call may carry at most ${PutLimits.requestBytes} (4 MiB).`,
    );
  return data;
}

/** Decode each record's base64 Data, collecting every violation as Firehose does. */
function decodeRecords(records: unknown[], at: 'record' | 'records'): Buffer[] {
  const problems: string[] = [];
  const data: Buffer[] = [];
  records.forEach((record, index) => {
    const where = at === 'record' ? 'record' : `records.${index + 1}.member`;
    const text = (record as { Data?: unknown } | null | undefined)?.Data;
    if (typeof text !== 'string') {
      problems.push(
        `Value null at '${where}.data' failed to satisfy constraint: Member must not be null`,
      );
      return;
    }
    if (!BASE64.test(text))
      throw new ApiError(
        400,
        ApiErrorType.serialization,
        `${where}.data is not base64.`,
      );
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length > PutLimits.recordBytes)
      problems.push(
        `Value 'java.nio.HeapByteBuffer[pos=0 lim=${bytes.length} cap=${bytes.length}]' at '${where}.data' failed to satisfy constraint: Member must have length less than or equal to ${PutLimits.recordBytes}`,
      );
    data.push(bytes);
  });
  if (problems.length > 0) throw validation(problems);
  return data;
}
