import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CleanupStack } from '../src/lifecycle.js';

// Shutdown drains in order within one budget: each closer is given what the closers before it left, so the app that
// drains first (its `stop(deadlineMs)` spends about three quarters and then forces) is not cut off at a fixed share.
describe('CleanupStack.closeAll: one shutdown budget', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const logged = () => {
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (f: { resource?: string }) => void warnings.push(String(f.resource)) };
    return { warnings, log: log as unknown as ConstructorParameters<typeof CleanupStack>[0] };
  };
  const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  it('gives the first closer (the app that drains) what remains of the budget, and it is not abandoned', async () => {
    const { warnings, log } = logged();
    const stack = new CleanupStack(log);
    const given: Record<string, number> = {};
    for (const client of ['store', 'bus', 'producer']) stack.defer(client, (ms) => void (given[client] = ms));
    let drained = false;
    stack.defer('app', async (ms) => {
      given.app = ms;
      await wait(6_000); // a drain that needs more than a fixed share (10 s over four closers) of the budget
      drained = true;
    });
    const done = stack.closeAll(10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    // 1. the app finishes its drain, not abandoned, 2. it was told the whole budget, 3. the clients get what it left.
    expect(drained).toBe(true);
    expect(warnings).toEqual([]);
    expect(given.app).toBe(10_000);
    expect(given.producer).toBe(4_000);
    expect(given.bus).toBe(4_000);
  });

  it('a closer that hangs is abandoned when the budget is spent; the ones after it are still asked to close', async () => {
    const { warnings, log } = logged();
    const stack = new CleanupStack(log);
    const given: number[] = [];
    stack.defer('bus', (ms) => void given.push(ms));
    stack.defer('stuck', () => new Promise<void>(() => undefined));
    const start = Date.now();
    const ended = stack.closeAll(3_000).then(() => Date.now());
    await vi.advanceTimersByTimeAsync(3_100);
    // The stuck closer had the whole budget, then the bus got the floor: shutdown ends at the deadline, not after.
    expect(warnings).toEqual(['stuck']);
    expect(given).toEqual([50]);
    expect((await ended) - start).toBeLessThanOrEqual(3_000);
  });
});
