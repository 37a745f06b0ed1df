import { describe, expect, it } from 'vitest';
import { createConcurrencyLimit } from '#shared/senders/concurrencyLimit.js';

describe('createConcurrencyLimit', () => {
  it('admits `limit` holders and the next waiter, in order, on release', async () => {
    // Prepare
    const limit = createConcurrencyLimit(2);
    const order: string[] = [];
    const first = await limit.acquire();
    await limit.acquire();

    // Act
    const third = limit.acquire().then((release) => {
      order.push('third');
      return release;
    });
    const fourth = limit.acquire().then(() => order.push('fourth'));
    await Promise.resolve();
    order.push('before release');
    first();
    first(); // a second call must not free a second slot
    (await third)();
    await fourth;

    // Assess
    expect(order).toEqual(['before release', 'third', 'fourth']);
  });
});
