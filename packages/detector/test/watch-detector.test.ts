import { describe, expect, it } from 'vitest';
import { createWatchDetector, reachWeight, type MentionObservation, type WatchEvent } from '../src/watch-detector.js';
import { rng } from '../src/sim/storm.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 8);

interface P {
  id: string;
}

/** A watch's feed: `perMin` mentions a minute with a negative share, plus storm mentions with their own words. */
function feed(
  minutes: number,
  perMin: (m: number) => { calm: number; storm: number },
  seed = 3,
): MentionObservation<P>[] {
  const r = rng(seed);
  const out: MentionObservation<P>[] = [];
  let n = 0;
  for (let m = 0; m < minutes; m++) {
    const { calm, storm } = perMin(m);
    for (let i = 0; i < calm; i++) {
      const neg = r() < 0.2;
      out.push({
        key: `x:${n}`,
        at: T0 + m * MIN + r() * MIN,
        label: neg ? 'negative' : r() < 0.5 ? 'neutral' : 'positive',
        text: neg ? 'appen krånglar lite idag' : 'bra service och snabb hjälp',
        followers: 100,
        payload: { id: `c${n++}` },
      });
    }
    for (let i = 0; i < storm; i++) {
      out.push({
        key: `x:${n}`,
        at: T0 + m * MIN + r() * MIN,
        label: 'negative',
        text: 'utbetalningen försenad igen, fakturastrul och kundtjänstkaos',
        followers: i === 0 ? 250_000 : 50,
        payload: { id: `s${n++}` },
      });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

function run(obs: MentionObservation<P>[], extraMin = 0) {
  // An hour-old watch: short warm-up and cold start, and no month of ordinary bursts for the record rule.
  const d = createWatchDetector<P>({ count: { warmupMs: 30 * MIN }, page: { coldStartMs: 30 * MIN } });
  const events: WatchEvent<P>[] = [];
  for (const o of obs) events.push(...d.add(o, o.at));
  const last = obs.at(-1)!.at;
  for (let t = last; t <= last + extraMin * MIN; t += MIN) events.push(...d.advance(t));
  return events;
}

describe('createWatchDetector', () => {
  it('a negative storm fires negative_count once on its rising edge, with evidence', () => {
    // 60 calm minutes, then negatives ramp up by 3 per minute for 20 minutes (peak at minute 80), then calm.
    const events = run(
      feed(120, (m) => ({ calm: 10, storm: m >= 60 && m < 80 ? (m - 60) * 3 : m >= 80 && m < 90 ? (90 - m) * 6 : 0 })),
      60,
    );
    const fires = events.filter((e) => e.kind === 'fire' && e.series === 'negative_count');
    expect(fires).toHaveLength(1);
    const f = fires[0]!;
    expect(f.at).toBeLessThan(T0 + 80 * MIN); // before the peak
    expect(f.observed).toBeGreaterThan(f.expected);
    expect(f.topMentions[0]).toMatchObject({ id: expect.stringMatching(/^s/) }); // the 250k-follower author first
    expect(f.surgingTerms.map((t) => t.term).join(' ')).toMatch(/försenad|fakturastrul|kundtjänstkaos/);
    expect(f.surgingTerms.map((t) => t.term)).not.toContain('krånglar');
    // The storm ends: the same series resolves once the release time has passed quietly.
    expect(events.filter((e) => e.kind === 'resolve' && e.series === 'negative_count')).toHaveLength(1);
  });

  it('with the production defaults, a watch an hour old pages on an overwhelming storm and says it is young', () => {
    // A watch added as a story breaks has no days of history; the record detector must not sit out a long warm-up.
    const d = createWatchDetector<P>();
    const obs = feed(90, (m) => ({ calm: 10, storm: m >= 60 && m < 75 ? 120 : 0 }));
    const events: WatchEvent<P>[] = [];
    for (const o of obs) events.push(...d.add(o, o.at));
    const fires = events.filter((e) => e.kind === 'fire');
    expect(fires.length).toBeGreaterThanOrEqual(1);
    expect(fires[0]!.at).toBeGreaterThanOrEqual(T0 + 60 * MIN);
    expect(fires[0]).toMatchObject({ coldStart: true });
    // The same watch without the storm stays silent.
    const calm = createWatchDetector<P>();
    const calmEvents = feed(90, () => ({ calm: 10, storm: 0 })).flatMap((o) => calm.add(o, o.at));
    expect(calmEvents.filter((e) => e.kind === 'fire')).toEqual([]);
  });

  it('a benign volume spike (many happy mentions) does not fire', () => {
    const r = rng(9);
    const obs = feed(120, () => ({ calm: 10, storm: 0 }));
    for (let m = 70; m < 85; m++)
      for (let i = 0; i < 40; i++)
        obs.push({
          key: `b:${m}:${i}`,
          at: T0 + m * MIN + r() * MIN,
          label: 'positive',
          text: 'grattis till lanseringen',
          payload: { id: 'b' },
        });
    obs.sort((a, b) => a.at - b.at);
    expect(run(obs, 30).filter((e) => e.kind === 'fire')).toEqual([]);
  });

  it('quiet minutes close as zeros through advance()', () => {
    const d = createWatchDetector<P>({ count: { warmupMs: 30 * MIN } });
    d.add({ key: 'a', at: T0, label: 'negative', text: 'x', payload: { id: 'a' } }, T0);
    // Nothing closes until the clock passes the window and the lateness allowance.
    expect(d.advance(T0 + 30_000)).toEqual([]);
    expect(() => d.advance(T0 + 10 * MIN)).not.toThrow();
  });

  it("velocity: a negative post whose reposts accelerate fires once, when the watch's negatives rise with it", () => {
    // The post's own earlier snapshots are the only rates this young watch has seen: no month-long record applies.
    const d = createWatchDetector<P>({
      count: { warmupMs: 30 * MIN },
      page: { coldStartMs: 30 * MIN },
      velocity: { recordMs: 0 },
    });
    const events: WatchEvent<P>[] = [];
    // Ordinary posts gain a repost now and then.
    for (let m = 0; m < 30; m++)
      events.push(
        ...d.add(
          { key: `p${m}`, at: T0 + m * MIN, label: 'negative', text: 't', reposts: 1, payload: { id: `p${m}` } },
          T0 + m * MIN,
        ),
      );
    // One post: 0 → 30 → 120 → 400 reposts a minute apart, and 40 negative replies a minute around it.
    [5, 30, 120, 400].forEach((reposts, i) => {
      const at = T0 + (31 + i) * MIN;
      for (let k = 0; k < 40; k++)
        events.push(
          ...d.add(
            {
              key: `r${i}:${k}`,
              at: at + 1000 + k * 1000,
              label: 'negative',
              text: 'reply',
              payload: { id: `r${i}:${k}` },
            },
            at + 1000 + k * 1000,
          ),
        );
      events.push(
        ...d.add({ key: 'viral', at, label: 'negative', text: 'viral', reposts, payload: { id: 'viral' } }, at),
      );
    });
    for (let t = T0 + 35 * MIN; t <= T0 + 40 * MIN; t += MIN) events.push(...d.advance(t));
    const v = events.filter((e) => e.series === 'velocity' && e.kind === 'fire');
    expect(v).toHaveLength(1);
    expect(v[0]!.topMentions[0]).toEqual({ id: 'viral' });
  });

  it.each([
    [{}, 1],
    [{ followers: 9 }, 2],
    [{ followers: 999, reposts: 9 }, 5],
  ])('reach weight of %o is %d', (m, w) => {
    expect(reachWeight(m)).toBeCloseTo(w, 6);
  });
});

describe('createWatchDetector with bad clocks', () => {
  it('a mention dated far in the future is clamped to the clock instead of dragging the windows ahead', () => {
    const d = createWatchDetector<P>({ count: { warmupMs: 30 * MIN } });
    d.add({ key: 'a', at: T0, label: 'negative', text: 'x', payload: { id: 'a' } }, T0);
    const future = Date.UTC(2100, 0, 1);
    expect(() =>
      d.add({ key: 'b', at: future, label: 'negative', text: 'x', payload: { id: 'b' } }, T0 + 1000),
    ).not.toThrow();
    // Still on time: a mention a minute later is accepted into the present, not into 2100.
    expect(() =>
      d.add({ key: 'c', at: T0 + 2 * MIN, label: 'negative', text: 'x', payload: { id: 'c' } }, T0 + 2 * MIN),
    ).not.toThrow();
  });

  it('a replay across a years-long gap closes at most a week of empty windows', () => {
    const d = createWatchDetector<P>({ count: { warmupMs: 30 * MIN } });
    const old = Date.UTC(2020, 0, 1);
    d.add({ key: 'a', at: old, label: 'negative', text: 'x', payload: { id: 'a' } }, T0);
    const later = T0 - 10 * MIN;
    expect(d.add({ key: 'b', at: later, label: 'negative', text: 'x', payload: { id: 'b' } }, T0)).toEqual([]);
  });
});

describe('velocity from single snapshots', () => {
  /** 30 calm minutes of lightly reposted negatives, then one post first seen 5 minutes old with 600 reposts. */
  function viralOnCalmWatch() {
    const d = createWatchDetector<P>({ count: { warmupMs: 30 * MIN } });
    const events: WatchEvent<P>[] = [];
    for (let m = 0; m < 30; m++)
      events.push(
        ...d.add(
          {
            key: `p${m}`,
            at: T0 + m * MIN,
            label: 'negative',
            text: 't',
            reposts: 2,
            snapshotAgeMs: 10 * MIN,
            payload: { id: `p${m}` },
          },
          T0 + m * MIN,
        ),
      );
    expect(events.filter((e) => e.series === 'velocity')).toEqual([]);
    events.push(
      ...d.add(
        {
          key: 'viral',
          at: T0 + 31 * MIN,
          label: 'negative',
          text: 'viral',
          reposts: 600,
          snapshotAgeMs: 5 * MIN,
          payload: { id: 'viral' },
        },
        T0 + 31 * MIN,
      ),
    );
    return { d, events, fires: () => events.filter((e) => e.series === 'velocity' && e.kind === 'fire') };
  }

  it("a hot post while the watch's negatives stay usual does not page by itself", () => {
    const { d, events, fires } = viralOnCalmWatch();
    for (let m = 32; m < 60; m++)
      events.push(
        ...d.add(
          { key: `q${m}`, at: T0 + m * MIN, label: 'negative', text: 't', payload: { id: `q${m}` } },
          T0 + m * MIN,
        ),
      );
    expect(fires()).toEqual([]);
  });

  it('a hot post pages once the negatives rise within its evidence windows, and names the post first', () => {
    const { d, events, fires } = viralOnCalmWatch();
    expect(fires()).toEqual([]);
    for (let m = 33; m < 38; m++) {
      for (let k = 0; k < 40; k++)
        events.push(
          ...d.add(
            {
              key: `r${m}:${k}`,
              at: T0 + m * MIN + k * 1000,
              label: 'negative',
              text: 'reply',
              payload: { id: `r${m}:${k}` },
            },
            T0 + m * MIN + k * 1000,
          ),
        );
    }
    events.push(...d.advance(T0 + 40 * MIN));
    expect(fires().map((e) => e.topMentions[0])).toEqual([{ id: 'viral' }]);
  });
});

describe('reach-weighted negativity support', () => {
  it('one negative post from a big account on a quiet watch does not page', () => {
    const d = createWatchDetector<P>({
      windowMs: 5_000,
      count: { warmupPoints: 4, warmupMs: 20_000 },
      share: { warmupBuckets: 4 },
    });
    const events: WatchEvent<P>[] = [];
    const t0 = T0;
    // 2 minutes of calm, mostly positive mentions, then one negative post by a 200k-follower account.
    for (let s = 0; s < 120; s += 1)
      events.push(
        ...d.add(
          {
            key: `c${s}`,
            at: t0 + s * 1000,
            label: s % 60 === 0 ? 'negative' : 'positive',
            text: 'ok',
            followers: 30,
            payload: { id: `c${s}` },
          },
          t0 + s * 1000,
        ),
      );
    events.push(
      ...d.add(
        {
          key: 'big',
          at: t0 + 121_000,
          label: 'negative',
          text: 'dåligt',
          followers: 200_000,
          reposts: 40,
          payload: { id: 'big' },
        },
        t0 + 121_000,
      ),
    );
    for (let s = 122; s < 180; s += 1)
      events.push(
        ...d.add(
          { key: `d${s}`, at: t0 + s * 1000, label: 'positive', text: 'ok', followers: 30, payload: { id: `d${s}` } },
          t0 + s * 1000,
        ),
      );
    expect(events.filter((e) => e.kind === 'fire' && e.series !== 'velocity')).toEqual([]);
  });
});

describe('negative share support', () => {
  it('a quiet spell whose few mentions are all negative does not page: no more negatives than the watch usually gets', () => {
    // Two hours at 20 mentions a minute and a 20 % share, then ten minutes of 2 mentions a minute, both negative.
    const obs = feed(120, () => ({ calm: 20, storm: 0 }));
    for (let m = 120; m < 130; m++)
      for (let i = 0; i < 2; i++)
        obs.push({
          key: `q:${m}:${i}`,
          at: T0 + m * MIN + i * 20_000,
          label: 'negative',
          text: 'appen krånglar lite idag',
          payload: { id: 'q' },
        });
    obs.sort((a, b) => a.at - b.at);
    expect(run(obs, 5).filter((e) => e.kind === 'fire')).toEqual([]);
  });

  it('a tone shift at a steady volume still pages', () => {
    // Two hours at 20 mentions a minute and a 20 % share, then 15 minutes in which 12 more a minute are negative.
    const events = run(
      feed(135, (m) => ({ calm: 20, storm: m >= 120 ? 12 : 0 })),
      5,
    );
    // The share itself clears its support, not only the count.
    expect(events.filter((e) => e.kind === 'fire').map((e) => e.series)).toContain('negative_share');
  });
});
