import { describe, expect, it } from 'vitest';
import { backoffDelay } from '#shared/senders/backoff.js';

describe('backoffDelay', () => {
  const bounds = { baseDelayMs: 50, maxDelayMs: 1000 };

  it('doubles the ceiling with each retry up to maxDelayMs', () => {
    // Prepare: a draw just under 1 shows the ceiling
    const random = () => 0.999_999;

    // Act
    const delays = [1, 2, 3, 4, 5, 6, 7].map((retry) =>
      backoffDelay(retry, { ...bounds, random }),
    );

    // Assess
    expect(delays).toEqual([49, 99, 199, 399, 799, 999, 999]);
  });

  it('draws the whole range down to zero (full jitter)', () => {
    // Act / Assess
    expect(backoffDelay(4, { ...bounds, random: () => 0 })).toBe(0);
    expect(backoffDelay(4, { ...bounds, random: () => 0.5 })).toBe(200);
  });
});
