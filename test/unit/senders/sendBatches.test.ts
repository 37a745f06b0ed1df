import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchEntry } from '#shared/senders/batchTransport.js';
import {
  type SendBatchesOptions,
  sendBatches,
} from '#shared/senders/sendBatches.js';
import type { SendReport } from '#shared/senders/sendReport.js';
import {
  createFakeTransport,
  entries,
  type FakeTransport,
  ok,
  refused,
  sdkError,
} from './fakeTransport.js';

const START = 1_000_000;

/** Run sendBatches on the fake timers, recording the backoff waits. */
async function run(
  input: readonly BatchEntry[],
  options: Partial<SendBatchesOptions> & { transport: FakeTransport },
): Promise<{ report: SendReport; sleeps: number[]; endedAt: number }> {
  const sleeps: number[] = [];
  const sleep = (ms: number) => {
    sleeps.push(ms);
    return new Promise<void>((resolve) => setTimeout(resolve, ms));
  };
  const sending = sendBatches(input, {
    deadline: START + 60_000,
    sleep,
    ...options,
  });
  await vi.runAllTimersAsync();
  const report = await sending;
  return { report, sleeps, endedAt: Date.now() };
}

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('sendBatches', () => {
  it('delivers everything in one call when the endpoint accepts all', async () => {
    // Prepare
    const transport = createFakeTransport(() => ({ each: () => ok }));

    // Act
    const { report, sleeps } = await run(entries(3), { transport });

    // Assess
    expect(report).toEqual({
      outcomes: new Map([
        ['e0', { delivered: true, attempts: 1 }],
        ['e1', { delivered: true, attempts: 1 }],
        ['e2', { delivered: true, attempts: 1 }],
      ]),
      delivered: 3,
      failed: 0,
      calls: 1,
    });
    expect(sleeps).toEqual([]);
  });

  it('makes no call for no entries', async () => {
    // Prepare
    const transport = createFakeTransport(() => ({ each: () => ok }));

    // Act
    const { report } = await run([], { transport });

    // Assess
    expect(report).toEqual({
      outcomes: new Map(),
      delivered: 0,
      failed: 0,
      calls: 0,
    });
  });

  it('resends only the entries the endpoint refused', async () => {
    // Prepare: e1 and e3 refused on the first call only
    const transport = createFakeTransport((call) => ({
      each: (entry) =>
        call === 0 && (entry.id === 'e1' || entry.id === 'e3')
          ? refused('ServiceUnavailableException', 'Slow down.')
          : ok,
    }));

    // Act
    const { report } = await run(entries(5), { transport });

    // Assess
    expect(transport.calls.map((call) => call.ids)).toEqual([
      ['e0', 'e1', 'e2', 'e3', 'e4'],
      ['e1', 'e3'],
    ]);
    expect(report.outcomes.get('e0')).toEqual({ delivered: true, attempts: 1 });
    expect(report.outcomes.get('e1')).toEqual({ delivered: true, attempts: 2 });
    expect(report.delivered).toBe(5);
    expect(transport.confirmed.sort()).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
  });

  it('retries a throttled call with full-jitter exponential backoff until it succeeds', async () => {
    // Prepare
    const transport = createFakeTransport((call) =>
      call < 3
        ? { error: sdkError('ServiceUnavailableException', 400, 'server') }
        : { each: () => ok },
    );

    // Act
    const { report, sleeps } = await run(entries(2), {
      transport,
      random: () => 0.5,
      baseDelayMs: 100,
      maxDelayMs: 300,
    });

    // Assess: 0.5 × min(300, 100 × 2^(n-1))
    expect(sleeps).toEqual([50, 100, 150]);
    expect(report.outcomes.get('e0')).toEqual({ delivered: true, attempts: 4 });
    expect(report.calls).toBe(4);
  });

  it('fails at once on a non-retryable call error', async () => {
    // Prepare
    const transport = createFakeTransport(() => ({
      error: sdkError('ResourceNotFoundException', 400),
    }));

    // Act
    const { report, sleeps } = await run(entries(2), { transport });

    // Assess
    expect(transport.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(report.outcomes.get('e1')).toEqual({
      delivered: false,
      reason: 'fallback-failed',
      detail: {
        code: 'ResourceNotFoundException',
        message: 'ResourceNotFoundException from the fake endpoint',
        attempts: 1,
        stoppedBy: 'not-retryable',
      },
    });
  });

  it('does not resend an entry refused with a non-retryable code', async () => {
    // Prepare
    const transport = createFakeTransport((call) => ({
      each: (entry) =>
        entry.id === 'e0'
          ? refused('KMS.AccessDeniedException', 'no key')
          : call === 0
            ? refused('InternalFailure', 'oops')
            : ok,
    }));

    // Act
    const { report } = await run(entries(2), { transport });

    // Assess
    expect(transport.calls.map((call) => call.ids)).toEqual([
      ['e0', 'e1'],
      ['e1'],
    ]);
    expect(report.outcomes.get('e0')).toMatchObject({
      delivered: false,
      detail: { code: 'KMS.AccessDeniedException', attempts: 1 },
    });
    expect(report.outcomes.get('e1')).toEqual({ delivered: true, attempts: 2 });
  });

  it('stops after maxAttempts calls with the last error', async () => {
    // Prepare
    const transport = createFakeTransport(() => ({
      each: () => refused('ServiceUnavailableException', 'Slow down.'),
    }));

    // Act
    const { report, sleeps } = await run(entries(1), {
      transport,
      maxAttempts: 3,
    });

    // Assess
    expect(transport.calls).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(report.outcomes.get('e0')).toEqual({
      delivered: false,
      reason: 'fallback-failed',
      detail: {
        code: 'ServiceUnavailableException',
        message: 'Slow down.',
        attempts: 3,
        stoppedBy: 'max-attempts',
      },
    });
  });

  it('retries until the deadline, starting no call or wait that would end after it', async () => {
    // Prepare
    const deadline = START + 1_000;
    const transport = createFakeTransport(
      () => ({ error: sdkError('ThrottlingException', 400) }),
      { latencyMs: 30 },
    );

    // Act
    const { report, sleeps, endedAt } = await run(entries(4), {
      transport,
      deadline,
      maxAttempts: 1_000,
      baseDelayMs: 100,
      maxDelayMs: 400,
      minCallMs: 50,
      random: () => 0.99,
    });

    // Assess
    expect(transport.calls.length).toBeGreaterThan(2);
    for (const call of transport.calls) {
      expect(call.startedAt).toBeLessThanOrEqual(deadline - 50);
      expect(call.endedAt).toBeLessThanOrEqual(deadline);
    }
    expect(endedAt).toBeLessThanOrEqual(deadline);
    expect(report.failed).toBe(4);
    expect(report.outcomes.get('e0')).toEqual({
      delivered: false,
      reason: 'fallback-failed',
      detail: {
        code: 'ThrottlingException',
        message: 'ThrottlingException from the fake endpoint',
        attempts: transport.calls.length,
        stoppedBy: 'deadline',
      },
    });
    expect(sleeps.length).toBe(transport.calls.length - 1);
  });

  it('starts nothing when the deadline has already passed', async () => {
    // Prepare
    const transport = createFakeTransport(() => ({ each: () => ok }));

    // Act
    const { report } = await run(entries(2), {
      transport,
      deadline: START - 1,
    });

    // Assess
    expect(transport.calls).toEqual([]);
    expect(report.outcomes.get('e0')).toEqual({
      delivered: false,
      reason: 'fallback-failed',
      detail: {
        code: 'DeadlineExceeded',
        message: 'the deadline came before the entry could be sent',
        attempts: 0,
        stoppedBy: 'deadline',
      },
    });
  });

  it('aborts a hung call at the deadline even if the transport ignores the signal', async () => {
    // Prepare
    const deadline = START + 1_000;
    const transport = createFakeTransport(() => ({
      hang: true,
      honourSignal: false,
    }));

    // Act
    const { report, endedAt } = await run(entries(1), {
      transport,
      deadline,
      perCallTimeoutMs: 5_000,
    });

    // Assess
    expect(endedAt).toBe(deadline);
    expect(transport.calls).toHaveLength(1);
    expect(transport.calls[0]?.signal.aborted).toBe(true);
    expect(report.outcomes.get('e0')).toMatchObject({
      delivered: false,
      detail: { code: 'TimeoutError', attempts: 1, stoppedBy: 'deadline' },
    });
  });

  it('retries a call that exceeded perCallTimeoutMs', async () => {
    // Prepare
    const transport = createFakeTransport((call) =>
      call === 0 ? { hang: true } : { each: () => ok },
    );

    // Act
    const { report } = await run(entries(2), {
      transport,
      perCallTimeoutMs: 200,
    });

    // Assess
    expect(transport.calls[0]?.signal.reason).toMatchObject({
      name: 'TimeoutError',
    });
    expect(transport.calls[0]?.endedAt).toBe(START + 200);
    expect(report.outcomes.get('e1')).toEqual({ delivered: true, attempts: 2 });
  });

  it('keeps at most `concurrency` calls in flight, and uses them', async () => {
    // Prepare: 10 calls of 500 entries, the first try of each throttled
    const throttled = new Set<string>();
    const transport = createFakeTransport(
      (_, batch) => {
        const first = batch[0]?.id ?? '';
        if (throttled.has(first)) return { each: () => ok };
        throttled.add(first);
        return { error: sdkError('ServiceUnavailableException', 503) };
      },
      { latencyMs: 100 },
    );

    // Act
    const { report } = await run(entries(5_000), {
      transport,
      concurrency: 3,
    });

    // Assess
    expect(transport.maxInFlight()).toBe(3);
    expect(transport.calls).toHaveLength(20);
    expect(report.delivered).toBe(5_000);
  });

  it('reports entries over 1,024,000 bytes as too-large-for-fallback without sending them', async () => {
    // Prepare
    const input = [
      { id: 'big', data: new Uint8Array(1_024_001) },
      ...entries(1),
    ];
    const transport = createFakeTransport(() => ({ each: () => ok }));

    // Act
    const { report } = await run(input, { transport });

    // Assess
    expect(transport.calls.map((call) => call.ids)).toEqual([['e0']]);
    expect(report.outcomes.get('big')).toEqual({
      delivered: false,
      reason: 'too-large-for-fallback',
      detail: {
        code: 'RecordTooLarge',
        message: '1024001 bytes > 1024000',
        attempts: 0,
        stoppedBy: 'too-large',
      },
    });
    expect([...report.outcomes.keys()]).toEqual(['big', 'e0']);
  });

  it('treats a wrong number of results as a non-retryable call failure', async () => {
    // Prepare
    const transport = createFakeTransport(() => ({ results: [ok] }));

    // Act
    const { report } = await run(entries(2), { transport });

    // Assess
    expect(transport.calls).toHaveLength(1);
    expect(report.outcomes.get('e1')).toMatchObject({
      delivered: false,
      detail: { code: 'TransportResponseError', stoppedBy: 'not-retryable' },
    });
  });

  it('turns a transport that throws synchronously into a failed call', async () => {
    // Prepare
    const transport = createFakeTransport(() => ({ each: () => ok }));
    const throwing = {
      ...transport,
      send: () => {
        throw new TypeError('bad transport');
      },
    };

    // Act
    const { report } = await run(entries(1), { transport: throwing });

    // Assess
    expect(report.outcomes.get('e0')).toMatchObject({
      delivered: false,
      detail: { code: 'TypeError', attempts: 1, stoppedBy: 'not-retryable' },
    });
  });

  it('throws on duplicate ids and invalid options', async () => {
    // Prepare
    const transport = createFakeTransport(() => ({ each: () => ok }));
    const twice = [...entries(1), ...entries(1)];

    // Act / Assess
    await expect(
      sendBatches(twice, { transport, deadline: START + 1_000 }),
    ).rejects.toThrow('Duplicate entry id: e0');
    await expect(
      sendBatches(entries(1), { transport, deadline: START, concurrency: 0 }),
    ).rejects.toThrow(RangeError);
    await expect(
      sendBatches(entries(1), { transport, deadline: Number.NaN }),
    ).rejects.toThrow(RangeError);
  });

  it('reports every id exactly once, delivered exactly when confirmed, never resending a confirmed entry', async () => {
    // Prepare: random per-entry and whole-call faults, sizes and budgets
    const reply = fc.oneof(
      fc.constant('ok' as const),
      fc.constant('refuse' as const),
      fc.constant('fatal' as const),
      fc.constant('throttle' as const),
      fc.constant('hang' as const),
    );
    const scenario = fc.record({
      sizes: fc.array(fc.integer({ min: 0, max: 1_100_000 }), {
        maxLength: 30,
      }),
      replies: fc.array(reply, { minLength: 1, maxLength: 200 }),
      budgetMs: fc.integer({ min: 0, max: 5_000 }),
      maxAttempts: fc.integer({ min: 1, max: 6 }),
      concurrency: fc.integer({ min: 1, max: 4 }),
    });

    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const input = s.sizes.map((bytes, index) => ({
          id: `e${index}`,
          data: new Uint8Array(bytes),
        }));
        let draw = 0;
        const next = () => s.replies[draw++ % s.replies.length];
        const transport = createFakeTransport(() => {
          const choice = next();
          if (choice === 'throttle') {
            return { error: sdkError('ServiceUnavailableException', 400) };
          }
          if (choice === 'hang') return { hang: true };
          return {
            each: () => {
              const entryChoice = next();
              if (entryChoice === 'refuse') return refused();
              if (entryChoice === 'fatal') return refused('KMS.Disabled', '');
              return ok;
            },
          };
        });
        const deadline = Date.now() + s.budgetMs;

        // Act
        const { report, endedAt } = await run(input, {
          transport,
          deadline,
          maxAttempts: s.maxAttempts,
          concurrency: s.concurrency,
          perCallTimeoutMs: 700,
        });

        // Assess
        expect([...report.outcomes.keys()]).toEqual(input.map((e) => e.id));
        expect(new Set(transport.confirmed).size).toBe(
          transport.confirmed.length,
        );
        for (const [id, outcome] of report.outcomes) {
          expect(outcome.delivered).toBe(transport.confirmed.includes(id));
        }
        expect(report.delivered + report.failed).toBe(input.length);
        expect(transport.maxInFlight()).toBeLessThanOrEqual(s.concurrency);
        expect(endedAt).toBeLessThanOrEqual(deadline);
        for (const call of transport.calls) {
          expect(call.ids.length).toBeLessThanOrEqual(500);
          expect(call.startedAt).toBeLessThan(deadline);
        }
      }),
      { numRuns: 60 },
    );
  });
});
