import { describe, expect, test } from 'vitest';
import { createStderrLogger } from '../src/logger.js';

describe('createStderrLogger', () => {
  test.each([
    // Below the threshold nothing is written.
    { level: 'warn' as const, call: 'info' as const, written: 0 },
    // At or above it, one JSON line.
    { level: 'warn' as const, call: 'error' as const, written: 1 },
    { level: 'debug' as const, call: 'debug' as const, written: 1 },
    // silent writes nothing at all.
    { level: 'silent' as const, call: 'error' as const, written: 0 },
  ])('level $level, $call → $written line(s)', ({ level, call, written }) => {
    const lines: string[] = [];
    const log = createStderrLogger(level, { component: 'bus' }, (l) => lines.push(l));
    log[call]({ topic: 't', partition: 2 }, 'hello');
    expect(lines).toHaveLength(written);
    if (written) {
      expect(lines[0]!.endsWith('\n')).toBe(true);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        level: call,
        component: 'bus',
        msg: 'hello',
        topic: 't',
        partition: 2,
      });
    }
  });
});
