import { describe, expect, test } from 'vitest';
import { sleep } from '../src/sleep.js';

describe('sleep', () => {
  test('resolves after the delay', async () => {
    const t0 = performance.now();
    await sleep(20);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
  });

  test('resolves early, without rejecting, when the signal aborts', async () => {
    const ac = new AbortController();
    const done = sleep(60_000, ac.signal).then(() => 'woke');
    ac.abort();
    await expect(done).resolves.toBe('woke');
  });

  test('an already aborted signal resolves at once', async () => {
    await expect(sleep(60_000, AbortSignal.abort())).resolves.toBeUndefined();
  });
});
