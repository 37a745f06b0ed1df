// A loopback endpoint that accepts every Firehose PutRecordBatch/PutRecord
// and Kinesis PutRecords/PutRecord call (JSON 1.1 protocol) and counts what
// it received. It runs in the orchestrating process, so its CPU is not
// charged to the handler being measured (but its latency is, as a real
// endpoint's would be).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const JSON_11 = 'application/x-amz-json-1.1';

/** What the endpoint received since the last `take()`. */
export interface ReceivedCounts {
  calls: number;
  records: number;
  byTarget: Record<string, number>;
}

export interface FakeFirehose {
  endpoint: string;
  /** Counts since the last reset. */
  take(): ReceivedCounts;
  close(): Promise<void>;
}

interface PutInput {
  Records: unknown[];
}

function answer(
  target: string,
  input: PutInput,
): { records: number; body: unknown } | undefined {
  switch (target) {
    case 'Firehose_20150804.PutRecordBatch':
      return {
        records: input.Records.length,
        body: {
          FailedPutCount: 0,
          Encrypted: false,
          RequestResponses: input.Records.map((_, i) => ({
            RecordId: `bench-${i}`,
          })),
        },
      };
    case 'Firehose_20150804.PutRecord':
      return { records: 1, body: { RecordId: 'bench-0', Encrypted: false } };
    case 'Kinesis_20131202.PutRecords':
      return {
        records: input.Records.length,
        body: {
          FailedRecordCount: 0,
          Records: input.Records.map((_, i) => ({
            SequenceNumber: String(i + 1),
            ShardId: 'shardId-000000000000',
          })),
        },
      };
    case 'Kinesis_20131202.PutRecord':
      return {
        records: 1,
        body: { SequenceNumber: '1', ShardId: 'shardId-000000000000' },
      };
    default:
      return undefined;
  }
}

/** Start the endpoint on 127.0.0.1 and a free port. */
export async function startFakeFirehose(): Promise<FakeFirehose> {
  const counts: ReceivedCounts = { calls: 0, records: 0, byTarget: {} };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      let result: ReturnType<typeof answer>;
      try {
        result = answer(
          target,
          JSON.parse(Buffer.concat(chunks).toString()) as PutInput,
        );
      } catch {
        result = undefined;
      }
      if (result === undefined) {
        response.writeHead(400, {
          'content-type': JSON_11,
          'x-amzn-errortype': 'UnknownOperationException',
        });
        response.end(JSON.stringify({ __type: 'UnknownOperationException' }));
        return;
      }
      counts.calls++;
      counts.records += result.records;
      counts.byTarget[target] = (counts.byTarget[target] ?? 0) + result.records;
      response.writeHead(200, { 'content-type': JSON_11 });
      response.end(JSON.stringify(result.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Counts since the last reset. */
    take() {
      const taken = { ...counts, byTarget: { ...counts.byTarget } };
      counts.calls = 0;
      counts.records = 0;
      counts.byTarget = {};
      return taken;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
