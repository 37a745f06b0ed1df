import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake endpoint does with one PutRecordBatch call. */
export type Fault =
  /** Store every record and answer 200. */
  | { readonly kind: 'accept' }
  /** Answer 200 with `FailedPutCount`, refusing the records `refuse` picks. */
  | {
      readonly kind: 'partial';
      readonly refuse: (payload: string, index: number) => boolean;
    }
  /** Throttle the whole call: HTTP 400 ServiceUnavailableException. */
  | { readonly kind: 'throttle' }
  /** HTTP 500 InternalFailure. */
  | { readonly kind: 'http500' }
  /** HTTP 400 ResourceNotFoundException. */
  | { readonly kind: 'notFound' }
  /** Never answer; with `storeFirst` the records are stored anyway. */
  | { readonly kind: 'hang'; readonly storeFirst?: boolean }
  /** Store and answer after `ms`, unless the client hung up before. */
  | { readonly kind: 'slow'; readonly ms: number };

/** One call as the endpoint saw it. */
export interface ReceivedCall {
  readonly at: number;
  readonly payloads: readonly string[];
  readonly fault: Fault['kind'];
}

/**
 * A loopback Firehose endpoint speaking the JSON 1.1 protocol of
 * `PutRecordBatch`, driven by a script of faults. It keeps every call and
 * the payloads it stored (one string per stored record, repeats included).
 */
export interface FakeFirehoseServer {
  readonly endpoint: string;
  readonly calls: ReceivedCall[];
  readonly stored: string[];
  /** Forget calls and stored records; `script(callIndex)` drives the next calls. */
  reset(script: (callIndex: number) => Fault): void;
  close(): Promise<void>;
}

const TARGET = 'Firehose_20150804.PutRecordBatch';
const JSON_11 = 'application/x-amz-json-1.1';

/** Start the fake endpoint on 127.0.0.1 and a free port. */
export async function startFakeFirehose(): Promise<FakeFirehoseServer> {
  const calls: ReceivedCall[] = [];
  const stored: string[] = [];
  let script: (callIndex: number) => Fault = () => ({ kind: 'accept' });

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const body = await readBody(request);
    if (
      request.method !== 'POST' ||
      request.headers['x-amz-target'] !== TARGET
    ) {
      sendError(response, 400, 'UnknownOperationException', 'unsupported');
      return;
    }
    const input = JSON.parse(body) as { Records: { Data: string }[] };
    const payloads = input.Records.map((record) =>
      Buffer.from(record.Data, 'base64').toString('utf8'),
    );
    const fault = script(calls.length);
    calls.push({ at: Date.now(), payloads, fault: fault.kind });

    switch (fault.kind) {
      case 'accept':
        stored.push(...payloads);
        sendResults(response, payloads, () => false);
        return;
      case 'partial':
        payloads.forEach((payload, index) => {
          if (!fault.refuse(payload, index)) stored.push(payload);
        });
        sendResults(response, payloads, fault.refuse);
        return;
      case 'throttle':
        sendError(response, 400, 'ServiceUnavailableException', 'Slow down.');
        return;
      case 'http500':
        sendError(response, 500, 'InternalFailure', 'Internal failure.');
        return;
      case 'notFound':
        sendError(response, 400, 'ResourceNotFoundException', 'No stream.');
        return;
      case 'hang':
        if (fault.storeFirst === true) stored.push(...payloads);
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          if (response.destroyed) return;
          stored.push(...payloads);
          sendResults(response, payloads, () => false);
        }, fault.ms);
        response.once('close', () => clearTimeout(timer));
        return;
      }
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendError(response, 500, 'InternalFailure', String(error));
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stored,
    reset(next) {
      calls.length = 0;
      stored.length = 0;
      script = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}

function sendResults(
  response: ServerResponse,
  payloads: readonly string[],
  refuse: (payload: string, index: number) => boolean,
): void {
  let failed = 0;
  const results = payloads.map((payload, index) => {
    if (!refuse(payload, index)) return { RecordId: `rid-${index}` };
    failed++;
    return {
      ErrorCode: 'ServiceUnavailableException',
      ErrorMessage: 'Slow down.',
    };
  });
  const body = JSON.stringify({
    FailedPutCount: failed,
    Encrypted: false,
    RequestResponses: results,
  });
  response.writeHead(200, { 'content-type': JSON_11 });
  response.end(body);
}

function sendError(
  response: ServerResponse,
  status: number,
  type: string,
  message: string,
): void {
  response.writeHead(status, {
    'content-type': JSON_11,
    'x-amzn-errortype': type,
  });
  response.end(JSON.stringify({ __type: type, message }));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
