import { describe, expect, test } from 'vitest';
import { Backoff, backoffDelay } from '../src/backoff.js';

describe('backoffDelay', () => {
  test.each([
    // Jitter at its minimum halves the exponential delay.
    { attempt: 1, random: 0, expected: 50 },
    // Jitter at its maximum (random → 1) gives the full delay.
    { attempt: 1, random: 0.999999, expected: 100 },
    // Doubling per attempt.
    { attempt: 4, random: 0.999999, expected: 800 },
    // Capped at maxMs however many attempts.
    { attempt: 50, random: 0.999999, expected: 1_000 },
    // Attempt 0 or below behaves like the first retry.
    { attempt: 0, random: 0, expected: 50 },
  ])('attempt $attempt, random $random → $expected ms', ({ attempt, random, expected }) => {
    expect(backoffDelay(attempt, { initialMs: 100, maxMs: 1_000, random: () => random })).toBe(expected);
  });

  test('a custom factor grows by that factor', () => {
    expect(backoffDelay(3, { initialMs: 100, maxMs: 10_000, factor: 3, random: () => 0.999999 })).toBe(900);
  });

  test('defaults: 100 ms doubling, capped at 30 s', () => {
    expect(backoffDelay(1, { random: () => 0.999999 })).toBe(100);
    expect(backoffDelay(100, { random: () => 0.999999 })).toBe(30_000);
  });
});

describe('Backoff', () => {
  test('grows with each failure and starts over after reset()', () => {
    const b = new Backoff({ initialMs: 500, maxMs: 1_500, random: () => 0.999999 });
    // 1. first failure: the initial ceiling; 2. doubled; 3. capped.
    expect([b.next(), b.next(), b.next()]).toEqual([500, 1_000, 1_500]);
    b.reset();
    expect(b.next()).toBe(500);
  });

  test('never waits less than half the ceiling (no instant retry against a recovering server)', () => {
    const b = new Backoff({ initialMs: 1_000, random: () => 0 });
    expect(b.next()).toBe(500);
  });
});
