import { describe, expect, it } from 'vitest';
import { rng } from '@vakt/random/mulberry32';
import { createWatchDetector, type MentionObservation, type WatchEvent } from '@vakt/detector/watch-detector';
import type { AlertMention } from '@vakt/schema/alert';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { observation, toAlertMention } from '../src/evaluate.js';
import { mention, MIN, T0 } from './mentions.js';

/**
 * `observation` builds one observation per mention, and the alert payload and engagement age for negatives only
 * (session 4, to cut the alerter's CPU per mention). These tests hold the detector's decisions and every alert's
 * content to what the earlier mapping (below, as it was) gave: one full observation per matched watch.
 */
function referenceObservations(m: ScoredMention): Array<{ watch: string; obs: MentionObservation<AlertMention> }> {
  const at = Date.parse(m.created_at);
  const payload = toAlertMention(m);
  return m.matches.map((match) => ({
    watch: match.watch,
    obs: {
      key: `${m.source}:${m.id}`,
      at,
      label: m.sentiment.label,
      text: m.text,
      followers: m.author?.followers,
      reposts: m.engagement?.reposts,
      replies: m.engagement?.replies,
      snapshotAgeMs: Date.parse(m.ingested_at) - at,
      payload,
    } as MentionObservation<AlertMention>,
  }));
}

/**
 * Four hours of two watches (some mentions match both): calm traffic with a daily-ish rhythm, a negative storm on
 * each, a big account, posts re-sent with growing engagement (velocity), snapshots taken late, a few timestamps
 * in the future and a few out of order, texts with terms that surge.
 */
function stream(seed: number): Array<{ m: ScoredMention; clock: number }> {
  const r = rng(seed);
  const out: Array<{ m: ScoredMention; clock: number }> = [];
  const texts = [
    'bra service idag',
    'appen krånglar igen',
    'fakturan är fel, kundtjänst svarar inte',
    'utbetalningen försenad, kundtjänstkaos',
    'ok',
  ];
  for (let s = 0; s < 4 * 60 * 60; s += 5) {
    const clock = T0 + s * 1000;
    const storming = (s > 90 * 60 && s < 100 * 60) || (s > 170 * 60 && s < 176 * 60);
    const n = 1 + Math.floor(r() * (storming ? 12 : 3));
    for (let i = 0; i < n; i++) {
      const neg = storming ? r() < 0.8 : r() < 0.2;
      const label = neg ? 'negative' : r() < 0.5 ? 'neutral' : 'positive';
      const skew = r() < 0.02 ? 10 * MIN : r() < 0.05 ? -r() * 30_000 : 0;
      const m = mention(
        r() < 0.5 ? 'a' : 'b',
        clock + skew,
        label,
        texts[Math.floor(r() * (neg ? 4 : 2)) + (neg ? 1 : 0)]!,
        r() < 0.01 ? 300_000 : Math.floor(r() * 500),
      );
      if (r() < 0.3)
        m.matches = [
          { watch: 'a', entities: [] },
          { watch: 'b', entities: ['kundtjänst'] },
        ];
      if (r() < 0.3) m.engagement = { reposts: Math.floor(r() * 50), replies: Math.floor(r() * 10) };
      if (r() < 0.1) delete m.engagement;
      if (r() < 0.1) m.url = `https://example.org/${i}`;
      m.ingested_at = new Date(Date.parse(m.created_at) + Math.floor(r() * 20 * MIN)).toISOString();
      out.push({ m, clock });
      // A viral post: the same id re-sent with fast-growing engagement.
      if (storming && i === 0 && r() < 0.2) {
        const again = structuredClone(m);
        again.id = `viral-${Math.floor(s / 600)}`;
        again.sentiment.label = 'negative';
        again.engagement = { reposts: (s % 600) * 3, replies: s % 600 };
        out.push({ m: again, clock });
      }
    }
  }
  return out;
}

type Run = Array<WatchEvent<AlertMention>[]>;

function runBoth(seed: number): { before: Run; after: Run } {
  // A short warm-up and cold start and no month-long records, so four hours of stream exercise every series.
  const opts = {
    windowMs: 60_000,
    count: { warmupMs: 30 * MIN, warmupPoints: 20 },
    page: { coldStartMs: 30 * MIN },
    velocity: { recordMs: 0 },
  };
  const ref = new Map<string, ReturnType<typeof createWatchDetector<AlertMention>>>();
  const cur = new Map<string, ReturnType<typeof createWatchDetector<AlertMention>>>();
  const get = (map: typeof ref, w: string) => map.get(w) ?? map.set(w, createWatchDetector<AlertMention>(opts)).get(w)!;
  const before: Run = [];
  const after: Run = [];
  for (const { m, clock } of stream(seed)) {
    for (const { watch, obs } of referenceObservations(m))
      if (Number.isFinite(obs.at)) before.push(get(ref, watch).add(obs, clock));
    const obs = observation(m);
    if (Number.isFinite(obs.at)) for (const { watch } of m.matches) after.push(get(cur, watch).add(obs, clock));
    if (clock % (5 * MIN) === 0) {
      for (const [w, d] of ref) before.push(d.advance(clock + 3 * MIN + (w === 'a' ? 0 : 1)));
      for (const [w, d] of cur) after.push(d.advance(clock + 3 * MIN + (w === 'a' ? 0 : 1)));
    }
  }
  return { before, after };
}

describe('observation: the same detector decisions and alert contents as one full observation per watch', () => {
  it.each([1, 2, 3])(
    'seed %i: every add and advance returns the same events (series, scores, evidence, payloads)',
    (seed) => {
      const { before, after } = runBoth(seed);
      expect(after).toHaveLength(before.length);
      expect(after).toEqual(before);
      // The stream must exercise what it claims: fires of the window series, velocity, and resolutions.
      const events = before.flat();
      expect(events.some((e) => e.kind === 'fire' && e.series === 'negative_count')).toBe(true);
      expect(events.some((e) => e.kind === 'fire' && e.series === 'velocity')).toBe(true);
      expect(events.some((e) => e.kind === 'resolve')).toBe(true);
      expect(events.filter((e) => e.kind === 'fire').every((e) => e.topMentions.length > 0)).toBe(true);
    },
  );

  it('a negative carries what the detector reads; others carry only key, time, label and text', () => {
    const neg = mention('a', T0, 'negative', 'appen krånglar', 1200);
    neg.engagement = { reposts: 3, replies: 2 };
    neg.ingested_at = new Date(T0 + 90_000).toISOString();
    expect(observation(neg)).toEqual({
      key: `bluesky:${neg.id}`,
      at: T0,
      label: 'negative',
      text: 'appen krånglar',
      followers: 1200,
      reposts: 3,
      replies: 2,
      snapshotAgeMs: 90_000,
      payload: toAlertMention(neg),
    });
    const pos = mention('a', T0, 'positive', 'bra');
    expect(observation(pos)).toEqual({ key: `bluesky:${pos.id}`, at: T0, label: 'positive', text: 'bra' });
  });
});
