import { describe, expect, test } from 'vitest';
import { parseRetryAfter } from '../src/retry-after.js';

const NOW = Date.parse('2026-12-07T03:00:00Z');

describe('parseRetryAfter', () => {
  test.each([
    // delay-seconds
    { value: '120', expected: 120_000 },
    // surrounding white space is tolerated
    { value: ' 5 ', expected: 5_000 },
    // an HTTP-date (IMF-fixdate) 90 s ahead
    { value: 'Mon, 07 Dec 2026 03:01:30 GMT', expected: 90_000 },
    // a date already past means "retry now"
    { value: 'Mon, 07 Dec 2026 02:00:00 GMT', expected: 0 },
    // neither form: the caller falls back to its own wait
    { value: 'soon', expected: undefined },
    { value: '', expected: undefined },
    { value: null, expected: undefined },
    { value: undefined, expected: undefined },
  ])('$value → $expected', ({ value, expected }) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});
