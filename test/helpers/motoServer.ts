import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A running `moto_server` on loopback. */
export interface MotoServer {
  /** `http://127.0.0.1:PORT`, for `endpoint` or `AWS_ENDPOINT_URL_*`. */
  readonly endpoint: string;
  /** Stop the server (SIGTERM, then SIGKILL after 3 s). */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;

/**
 * Start `moto_server` (from PATH) on 127.0.0.1 and a free port, and wait
 * until it answers. Rejects, so the test fails rather than skips, when
 * `moto_server` is missing or does not come up.
 *
 * moto 5.2.1 quirks worth knowing: Firehose writes one S3 object per
 * `PutRecord(Batch)` call, at once (no buffering), with the records
 * concatenated as they are (no separator), under
 * `<Prefix>YYYY/MM/DD/HH/<stream>-<version>-<timestamp>-<uuid>`; it never
 * refuses records (`FailedPutCount` is always 0), ignores processors and
 * the PutRecordBatch limits, and does not check that the bucket exists
 * until it writes (a missing bucket makes PutRecordBatch fail with HTTP 500).
 * All state is in memory and shared by every client of one server.
 */
export async function startMotoServer(): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const exited = new Promise<Error>((resolve) => {
    child.once('error', (error) =>
      resolve(new Error(`moto_server could not start: ${error.message}`)),
    );
    child.once('exit', (code, signal) =>
      resolve(
        new Error(
          `moto_server exited (code ${code}, signal ${signal}): ${stderr}`,
        ),
      ),
    );
  });

  try {
    await Promise.race([
      waitUntilAnswering(endpoint),
      exited.then((error) => Promise.reject(error)),
    ]);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { endpoint, stop: () => stopProcess(child) };
}

async function waitUntilAnswering(endpoint: string): Promise<void> {
  const giveUpAt = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`, {
        signal: AbortSignal.timeout(1_000),
      });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > giveUpAt) {
      throw new Error(
        `moto_server did not answer on ${endpoint} within ${START_TIMEOUT_MS} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  const gone = child.exitCode !== null || child.signalCode !== null;
  if (child.pid === undefined || gone) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A port the OS reports free on 127.0.0.1 (released before use). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
