import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BatchEntry } from '#shared/senders/batchTransport.js';
import { createFirehoseTransport } from '#shared/senders/firehoseTransport.js';
import {
  type SendBatchesOptions,
  sendBatches,
} from '#shared/senders/sendBatches.js';
import type { SendReport } from '#shared/senders/sendReport.js';
import {
  type FakeFirehoseServer,
  type Fault,
  startFakeFirehose,
} from './fakeFirehoseServer.js';

// Generous: CI machines stall; the point is "bounded", not "fast".
const SLACK_MS = 1_500;

let server: FakeFirehoseServer;

/** `count` newline-terminated JSON payloads, every 7th about 2 KB. */
function entries(count: number): BatchEntry[] {
  return Array.from({ length: count }, (_, index) => {
    const pad = index % 7 === 0 ? 'x'.repeat(2_000) : '';
    const payload = `${JSON.stringify({ id: `r${index}`, pad })}\n`;
    return { id: `r${index}`, data: Buffer.from(payload) };
  });
}

function idOf(payload: string): string {
  return (JSON.parse(payload) as { id: string }).id;
}

/** Send through the real SDK client to the fake endpoint, timing it. */
async function send(
  input: readonly BatchEntry[],
  script: (callIndex: number) => Fault,
  options: Partial<SendBatchesOptions> & { budgetMs: number },
): Promise<{ report: SendReport; elapsed: number; deadline: number }> {
  server.reset(script);
  const started = Date.now();
  const deadline = started + options.budgetMs;
  const report = await sendBatches(input, {
    transport: createFirehoseTransport('fault-injection'),
    baseDelayMs: 20,
    maxDelayMs: 100,
    ...options,
    deadline,
  });
  const elapsed = Date.now() - started;
  return { report, elapsed, deadline };
}

/** Every id once, in order; delivered exactly when the endpoint stored it. */
function assessAgainstServer(
  input: readonly BatchEntry[],
  report: SendReport,
  { duplicatesExpected = false } = {},
): void {
  expect([...report.outcomes.keys()]).toEqual(input.map((e) => e.id));
  const storedIds = server.stored.map(idOf);
  const storedOnce = new Set(storedIds);
  for (const [id, outcome] of report.outcomes) {
    expect({ id, delivered: outcome.delivered }).toEqual({
      id,
      delivered: storedOnce.has(id),
    });
  }
  if (!duplicatesExpected) expect(storedIds.length).toBe(storedOnce.size);
}

beforeAll(async () => {
  server = await startFakeFirehose();
  vi.stubEnv('AWS_ENDPOINT_URL_FIREHOSE', server.endpoint);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  // Warm up: the SDK import and client creation are not what we measure.
  await send(entries(1), () => ({ kind: 'accept' }), { budgetMs: 5_000 });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

describe('sendBatches through the real Firehose client, with faults injected', () => {
  it('delivers everything once when the first calls are throttled', async () => {
    // Prepare
    const input = entries(1_200);

    // Act
    const { report } = await send(
      input,
      (call) => (call < 3 ? { kind: 'throttle' } : { kind: 'accept' }),
      { budgetMs: 10_000 },
    );

    // Assess
    assessAgainstServer(input, report);
    expect(report.delivered).toBe(1_200);
    expect(server.calls.map((c) => c.fault)).toEqual([
      'throttle',
      'throttle',
      'throttle',
      'accept',
      'accept',
      'accept',
    ]);
  });

  it('resends only the records refused in a partial failure', async () => {
    // Prepare: the first three calls refuse every third record
    const input = entries(1_200);
    const refuseEveryThird = (_: string, index: number) => index % 3 === 0;

    // Act
    const { report } = await send(
      input,
      (call) =>
        call < 3
          ? { kind: 'partial', refuse: refuseEveryThird }
          : { kind: 'accept' },
      { budgetMs: 10_000 },
    );

    // Assess
    assessAgainstServer(input, report);
    expect(report.delivered).toBe(1_200);
    const received = server.calls.reduce((n, c) => n + c.payloads.length, 0);
    const refused = 167 + 167 + 67; // ceil(500/3), ceil(500/3), ceil(200/3)
    expect(received).toBe(1_200 + refused);
    expect(server.calls).toHaveLength(6);
  });

  it('retries HTTP 500 answers', async () => {
    // Prepare
    const input = entries(600);

    // Act
    const { report } = await send(
      input,
      (call) => (call % 2 === 0 ? { kind: 'http500' } : { kind: 'accept' }),
      { budgetMs: 10_000, concurrency: 1 },
    );

    // Assess
    assessAgainstServer(input, report);
    expect(report.delivered).toBe(600);
    expect(report.calls).toBe(4);
  });

  it('gives up at once when the stream does not exist', async () => {
    // Prepare
    const input = entries(700);

    // Act
    const { report } = await send(input, () => ({ kind: 'notFound' }), {
      budgetMs: 10_000,
    });

    // Assess
    assessAgainstServer(input, report);
    expect(server.calls).toHaveLength(2);
    expect(report.outcomes.get('r0')).toMatchObject({
      delivered: false,
      reason: 'fallback-failed',
      detail: {
        code: 'ResourceNotFoundException',
        attempts: 1,
        stoppedBy: 'not-retryable',
      },
    });
  });

  it('survives a mix of throttling, partial failures, 500s and slow answers', async () => {
    // Prepare: a fixed, varied sequence of faults, then acceptance
    const input = entries(2_500);
    const faults: Fault[] = [
      { kind: 'throttle' },
      { kind: 'partial', refuse: (_, i) => i % 2 === 1 },
      { kind: 'http500' },
      { kind: 'slow', ms: 50 },
      { kind: 'partial', refuse: (_, i) => i < 10 },
      { kind: 'throttle' },
      { kind: 'http500' },
    ];

    // Act
    const { report } = await send(
      input,
      (call) => faults[call] ?? { kind: 'accept' },
      { budgetMs: 10_000 },
    );

    // Assess
    assessAgainstServer(input, report);
    expect(report.delivered).toBe(2_500);
  });

  it('aborts a hung call after perCallTimeoutMs and delivers on the retry', async () => {
    // Prepare
    const input = entries(300);

    // Act
    const { report, elapsed } = await send(
      input,
      (call) => (call === 0 ? { kind: 'hang' } : { kind: 'accept' }),
      { budgetMs: 5_000, perCallTimeoutMs: 400 },
    );

    // Assess
    assessAgainstServer(input, report);
    expect(report.outcomes.get('r0')).toEqual({ delivered: true, attempts: 2 });
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(400 + SLACK_MS);
  });

  it('may store records twice when a hung call had stored them (at least once)', async () => {
    // Prepare: the first call stores the records but never answers
    const input = entries(100);

    // Act
    const { report } = await send(
      input,
      (call) =>
        call === 0 ? { kind: 'hang', storeFirst: true } : { kind: 'accept' },
      { budgetMs: 5_000, perCallTimeoutMs: 300 },
    );

    // Assess
    assessAgainstServer(input, report, { duplicatesExpected: true });
    expect(report.delivered).toBe(100);
    expect(server.stored).toHaveLength(200);
  });

  it('ends by the deadline when every connection hangs', async () => {
    // Prepare
    const input = entries(50);
    const budgetMs = 1_500;

    // Act
    const { report, elapsed, deadline } = await send(
      input,
      () => ({ kind: 'hang' }),
      { budgetMs, perCallTimeoutMs: 600 },
    );

    // Assess
    assessAgainstServer(input, report);
    expect(report.failed).toBe(50);
    expect(report.outcomes.get('r0')).toMatchObject({
      detail: { code: 'TimeoutError', stoppedBy: 'deadline' },
    });
    expect(server.calls.length).toBeGreaterThanOrEqual(2);
    for (const call of server.calls) expect(call.at).toBeLessThan(deadline);
    expect(elapsed).toBeGreaterThanOrEqual(budgetMs - 600);
    expect(elapsed).toBeLessThan(budgetMs + SLACK_MS);
  });

  it('delivers what fits in a budget too small for all, and reports the rest', async () => {
    // Prepare: 6 calls of 500, one at a time, 300 ms each, 800 ms budget
    const input = entries(3_000);
    const budgetMs = 800;

    // Act
    const { report, elapsed, deadline } = await send(
      input,
      () => ({ kind: 'slow', ms: 300 }),
      { budgetMs, concurrency: 1 },
    );

    // Assess
    assessAgainstServer(input, report);
    expect(report.delivered).toBeGreaterThan(0);
    expect(report.failed).toBeGreaterThan(0);
    expect(report.delivered % 500).toBe(0);
    for (const call of server.calls) expect(call.at).toBeLessThan(deadline);
    const codes = new Set(
      [...report.outcomes.values()].flatMap((o) =>
        o.delivered ? [] : [o.detail.code],
      ),
    );
    expect([...codes].sort()).toEqual(['DeadlineExceeded', 'TimeoutError']);
    expect(elapsed).toBeLessThan(budgetMs + SLACK_MS);
  });
});
