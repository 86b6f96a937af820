import { describe, expect, test } from 'vitest';
import { backoffDelay } from '../src/backoff.js';

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
});
