// Carries the Firehose API over HTTP on 127.0.0.1: reads a request body
// (bounded), hands it to firehoseApi.ts and writes the JSON 1.1 answer.
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FirehoseApi, JSON_11 } from './firehoseApi.ts';

/** A body past this is read but not kept, and refused (4 MiB of records in base64 fit well below). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** How long close() lets requests in flight finish before it cuts connections. */
const CLOSE_GRACE_MS = 2_000;

/** A listening API server. */
export interface ApiServer {
  readonly endpoint: string;
  readonly port: number;
  /** Stop listening; resolves when open connections are closed. */
  close(): Promise<void>;
}

/**
 * Listen on 127.0.0.1:`port` (0: any free port) and answer with `api`.
 *
 * @example
 *   const server = await startApiServer({ api, port: 4573 });
 *   console.log(`listening on ${server.endpoint}`);
 */
export async function startApiServer({
  api,
  port,
}: {
  api: FirehoseApi;
  port: number;
}): Promise<ApiServer> {
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        if (body === undefined) {
          send(response, {
            status: 413,
            errorType: 'SerializationException',
            body: {
              __type: 'SerializationException',
              message: `The request body is over ${MAX_BODY_BYTES} bytes.`,
            },
          });
          return;
        }
        const target = request.headers['x-amz-target'];
        send(
          response,
          api.handle({
            method: request.method ?? 'GET',
            target: Array.isArray(target) ? target[0] : target,
            body,
          }),
        );
      })
      .catch((error: unknown) => {
        // A fault of the server, not of the producer: say so, keep serving.
        if (response.headersSent) {
          response.destroy();
          return;
        }
        send(response, {
          status: 500,
          errorType: 'InternalFailure',
          body: {
            __type: 'InternalFailure',
            message: `The local Firehose failed: ${(error as Error).message}`,
          },
        });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    port: actual,
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // A keep-alive connection busy at close() would hold it open.
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      });
    },
  };
}

function send(
  response: ServerResponse,
  answer: { status: number; errorType?: string; body: unknown },
): void {
  const text = JSON.stringify(answer.body);
  const headers: Record<string, string | number> = {
    'content-type': JSON_11,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  };
  if (answer.errorType !== undefined)
    headers['x-amzn-errortype'] = answer.errorType;
  response.writeHead(answer.status, headers);
  response.end(text);
}

/** The body as UTF-8, or undefined when it is over MAX_BODY_BYTES. */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(over ? undefined : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
}
