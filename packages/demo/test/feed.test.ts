import { describe, expect, it } from 'vitest';
import { createDemoFeed } from '@vakt/demo/feed';
import { mentionInputValidator } from '@vakt/schema/mention';

describe('demo feed', () => {
  const t0 = Date.parse('2026-11-23T10:00:00Z');

  it('emits only valid mentions', () => {
    const feed = createDemoFeed({ now: () => t0 });
    const all = feed.between(t0, t0 + 120_000);
    expect(all.length).toBeGreaterThan(100);
    for (const m of all) expect(mentionInputValidator.check(m).ok).toBe(true);
  });

  it('has a storm that rises before it peaks, well above the baseline', () => {
    const feed = createDemoFeed({ now: () => t0, stormStartMs: 20_000, stormDurationMs: 60_000 });
    const per10s = (from: number) => feed.between(t0 + from, t0 + from + 10_000).length;
    const before = per10s(0);
    const rising = per10s(35_000);
    const peak = per10s(52_000);
    expect(rising).toBeGreaterThan(before);
    expect(peak).toBeGreaterThan(rising);
    expect(peak).toBeGreaterThan(before * 3);
  });

  it('is deterministic for a seed', () => {
    const a = createDemoFeed({ now: () => t0, seed: 7 })
      .between(t0, t0 + 30_000)
      .map((m) => m.text);
    const b = createDemoFeed({ now: () => t0, seed: 7 })
      .between(t0, t0 + 30_000)
      .map((m) => m.text);
    expect(a).toEqual(b);
  });
});
