import { describe, expect, it } from 'vitest';
import {
  createRealClockDriver,
  type DrivenStream,
  type Timers,
} from '../../../local/serve/realClockDriver.ts';

/** A stream with buffers that open at a deadline and flush when due. */
function fakeStream(onFlush: (deadline: number) => void = () => {}) {
  const deadlines: number[] = [];
  const flushed: number[] = [];
  let failure: unknown;
  const stream: DrivenStream = {
    nextDeadline: () =>
      deadlines.length === 0 ? undefined : Math.min(...deadlines),
    flushDue(now) {
      for (const deadline of [...deadlines].sort((a, b) => a - b)) {
        if (deadline > now) continue;
        deadlines.splice(deadlines.indexOf(deadline), 1);
        flushed.push(deadline);
        onFlush(deadline);
      }
    },
    busy: false,
    idle: () =>
      failure === undefined ? Promise.resolve() : Promise.reject(failure),
  };
  return {
    stream,
    flushed,
    open: (deadline: number) => deadlines.push(deadline),
    fail: (error: unknown) => {
      failure = error;
    },
  };
}

/** Timers on a clock the test moves. */
function manualTime() {
  let now = 1_000;
  const pending: { at: number; callback: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    setTimeout(callback, ms) {
      ids++;
      pending.push({ at: now + ms, callback, id: ids });
      return ids;
    },
    clearTimeout(handle) {
      const index = pending.findIndex((timer) => timer.id === handle);
      if (index >= 0) pending.splice(index, 1);
    },
  };
  return {
    timers,
    now: () => now,
    pending,
    /** Move the clock, running the timers that expire on the way. */
    async advance(to: number) {
      for (;;) {
        pending.sort((a, b) => a.at - b.at);
        const next = pending[0];
        if (next === undefined || next.at > to) break;
        pending.shift();
        now = next.at;
        next.callback();
        await new Promise((resolve) => setImmediate(resolve));
      }
      now = to;
    },
  };
}

describe('createRealClockDriver', () => {
  it('sets its timer for the earliest deadline and flushes it then, not before', async () => {
    // Prepare
    const time = manualTime();
    const a = fakeStream();
    const b = fakeStream();
    const driver = createRealClockDriver({
      streams: [a.stream, b.stream],
      onError: () => {},
      now: time.now,
      timers: time.timers,
    });

    // Act
    a.open(6_000);
    driver.poke();
    b.open(3_000);
    driver.poke();
    await time.advance(2_999);
    const before = [...a.flushed, ...b.flushed];
    await time.advance(3_000);
    const atFirst = [...a.flushed, ...b.flushed];
    const armedAfter = driver.armedFor;
    await time.advance(6_000);

    // Assess
    expect(before).toEqual([]);
    expect(atFirst).toEqual([3_000]);
    expect(armedAfter).toBe(6_000);
    expect(a.flushed).toEqual([6_000]);
    expect(driver.armedFor).toBeUndefined();
    expect(time.pending).toEqual([]);
  });

  it('sets the timer again for buffers a flush opens (a processed batch)', async () => {
    // Prepare
    const time = manualTime();
    const destination = fakeStream();
    const processor = fakeStream((deadline) =>
      destination.open(deadline + 10_000),
    );
    const driver = createRealClockDriver({
      streams: [processor.stream, destination.stream],
      onError: () => {},
      now: time.now,
      timers: time.timers,
    });

    // Act
    processor.open(2_000);
    driver.poke();
    await time.advance(12_000);

    // Assess
    expect(processor.flushed).toEqual([2_000]);
    expect(destination.flushed).toEqual([12_000]);
  });

  it('drains every buffer at once, those opened by the drain included', async () => {
    // Prepare
    const time = manualTime();
    const late = fakeStream();
    const events = fakeStream(() => late.open(999_999));
    const driver = createRealClockDriver({
      streams: [events.stream, late.stream],
      onError: () => {},
      now: time.now,
      timers: time.timers,
    });
    events.open(300_000);
    events.open(60_000);
    driver.poke();

    // Act
    await driver.drain();

    // Assess
    expect(events.flushed).toEqual([60_000, 300_000]);
    expect(late.flushed).toEqual([999_999, 999_999]);
    expect(time.pending).toEqual([]);
    expect(time.now()).toBe(1_000);
  });

  it('reports a failed flush to onError, and drain rejects with it', async () => {
    // Prepare
    const time = manualTime();
    const stream = fakeStream();
    const errors: unknown[] = [];
    const driver = createRealClockDriver({
      streams: [stream.stream],
      onError: (error) => errors.push(error),
      now: time.now,
      timers: time.timers,
    });
    const failure = new Error('sink refused the object');

    // Act
    stream.open(2_000);
    stream.fail(failure);
    driver.poke();
    await new Promise((resolve) => setImmediate(resolve));

    // Assess
    expect(errors).toEqual([failure]);
    await expect(driver.drain()).rejects.toBe(failure);
  });
});
