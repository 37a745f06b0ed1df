// The local Firehose's API endpoint on loopback: PutRecord and
// PutRecordBatch in the JSON 1.1 protocol (POST /, X-Amz-Target
// Firehose_20150804.<Operation>), so that a function's own
// @aws-sdk/client-firehose, pointed here by AWS_ENDPOINT_URL_FIREHOSE,
// reaches the template's streams as it would in AWS. Limits are checked as
// Firehose does; records are buffered and answered at once (never waiting
// for a processor, which may be the caller itself).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Calls the endpoint answered, for the report. */
export interface IngestCalls {
  PutRecord: number;
  PutRecordBatch: number;
  records: number;
  refused: number;
}

/** A stream the endpoint can put records into. */
export interface IngestTarget {
  put(items: { data: Buffer }[]): string[];
}

/** The running endpoint. */
export interface IngestServer {
  endpoint: string;
  calls: IngestCalls;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'Firehose_20150804.';
const JSON_11 = 'application/x-amz-json-1.1';
/** PutRecordBatch limits (API_PutRecordBatch). */
export const PutLimits = {
  records: 500,
  recordBytes: 1_024_000,
  requestBytes: 4 * 1024 * 1024,
};

class ApiError extends Error {
  readonly status: number;
  readonly type: string;

  constructor(status: number, type: string, message: string) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

/**
 * Start the endpoint on 127.0.0.1 and a free port.
 *
 * @param options
 * @param options.findStream
 *   a stream by DeliveryStreamName
 * @param options.accountId for error messages
 * @example
 *   const server = await startIngestServer({ findStream, accountId });
 *   env.AWS_ENDPOINT_URL_FIREHOSE = server.endpoint;
 */
export async function startIngestServer({
  findStream,
  accountId,
}: {
  findStream: (name: string) => IngestTarget | undefined;
  accountId: string;
}): Promise<IngestServer> {
  const calls: IngestCalls = {
    PutRecord: 0,
    PutRecordBatch: 0,
    records: 0,
    refused: 0,
  };

  function handle(target: string | undefined, body: string): unknown {
    const operation = target?.startsWith(TARGET_PREFIX)
      ? target.slice(TARGET_PREFIX.length)
      : undefined;
    if (operation !== 'PutRecord' && operation !== 'PutRecordBatch') {
      throw new ApiError(
        400,
        'UnknownOperationException',
        `the local Firehose serves PutRecord and PutRecordBatch, not ${target}`,
      );
    }
    let input: {
      DeliveryStreamName?: unknown;
      Record?: unknown;
      Records?: unknown;
    } | null;
    try {
      input = JSON.parse(body) as typeof input;
    } catch {
      throw new ApiError(400, 'SerializationException', 'body is not JSON');
    }
    const name = input?.DeliveryStreamName;
    const stream = typeof name === 'string' ? findStream(name) : undefined;
    if (stream === undefined) {
      throw new ApiError(
        400,
        'ResourceNotFoundException',
        `Firehose ${name} under account ${accountId} not found.`,
      );
    }
    const records =
      operation === 'PutRecord' ? [input?.Record] : (input?.Records ?? []);
    const items = decodeRecords(records, operation);
    calls[operation]++;
    calls.records += items.length;
    const ids = stream.put(items);
    if (operation === 'PutRecord')
      return { RecordId: ids[0], Encrypted: false };
    return {
      FailedPutCount: 0,
      Encrypted: false,
      RequestResponses: ids.map((id) => ({ RecordId: id })),
    };
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      let status = 200;
      let payload: unknown;
      const headers: Record<string, string> = { 'content-type': JSON_11 };
      try {
        if (request.method !== 'POST')
          throw new ApiError(405, 'UnknownOperationException', 'POST only');
        payload = handle(
          String(request.headers['x-amz-target'] ?? ''),
          Buffer.concat(chunks).toString('utf8'),
        );
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        calls.refused++;
        status = error.status;
        headers['x-amzn-errortype'] = error.type;
        payload = { __type: error.type, message: error.message };
      }
      response.writeHead(status, headers);
      response.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function decodeRecords(
  records: unknown,
  operation: string,
): { data: Buffer }[] {
  if (
    !Array.isArray(records) ||
    records.length === 0 ||
    records.includes(undefined)
  )
    throw new ApiError(
      400,
      'ValidationException',
      `${operation} needs at least one record`,
    );
  if (records.length > PutLimits.records)
    throw new ApiError(
      400,
      'ValidationException',
      `1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length less than or equal to ${PutLimits.records}`,
    );
  let total = 0;
  const items = records.map((record: { Data?: unknown } | null, index) => {
    if (typeof record?.Data !== 'string')
      throw new ApiError(
        400,
        'ValidationException',
        `record ${index} has no Data`,
      );
    const data = Buffer.from(record.Data, 'base64');
    if (data.length > PutLimits.recordBytes)
      throw new ApiError(
        400,
        'ValidationException',
        `record ${index} is ${data.length} bytes; a record may hold ${PutLimits.recordBytes}`,
      );
    total += data.length;
    return { data };
  });
  if (total > PutLimits.requestBytes)
    throw new ApiError(
      400,
      'InvalidArgumentException',
      `the records hold ${total} bytes; a ${operation} call may carry ${PutLimits.requestBytes}`,
    );
  return items;
}
