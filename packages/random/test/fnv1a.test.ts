import { describe, expect, it } from 'vitest';
import { FNV1A_OFFSET, fnv1a } from '@vakt/random/fnv1a';

describe('fnv1a', () => {
  it('gives the published FNV-1a 32-bit values (ASCII text hashes its bytes)', () => {
    // Test vectors from the FNV reference (fnv1a32 of "", "a", "foobar").
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('a different basis is a different hash of the same text; the default basis is the offset basis', () => {
    expect(fnv1a('hej', FNV1A_OFFSET)).toBe(fnv1a('hej'));
    expect(fnv1a('hej', (FNV1A_OFFSET ^ 7) >>> 0)).not.toBe(fnv1a('hej'));
  });

  it('hashes UTF-16 code units, not UTF-8 bytes: å is one step, an emoji two', () => {
    const step = (h: number, unit: number) => Math.imul(h ^ unit, 0x01000193);
    expect(fnv1a('å')).toBe(step(FNV1A_OFFSET, 0xe5) >>> 0);
    expect(fnv1a('😡')).toBe(step(step(FNV1A_OFFSET, 0xd83d), 0xde21) >>> 0);
  });
});
