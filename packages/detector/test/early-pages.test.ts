import { describe, expect, it } from 'vitest';
import { createWatchDetector, type MentionObservation, type WatchEvent } from '../src/watch-detector.js';
import { createRecordDetector } from '../src/record-detector.js';
import { rng } from '../src/sim/storm.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 8);

interface P {
  id: string;
}

/**
 * Two days of a watch's mentions (a daily rhythm, 20 % negative) with storms of random size, shape and reach at
 * random times, in arrival order with up to 5 s of disorder.
 */
function stream(seed: number): MentionObservation<P>[] {
  const r = rng(seed);
  const minutes = 2 * 24 * 60;
  const storms = Array.from({ length: 4 }, () => ({
    at: 600 + Math.floor(r() * (minutes - 700)),
    peak: 5 + Math.floor(r() * 60),
    ramp: 1 + Math.floor(r() * 20),
  }));
  const out: MentionObservation<P>[] = [];
  let n = 0;
  for (let m = 0; m < minutes; m++) {
    const day = 0.5 + 0.5 * Math.sin((2 * Math.PI * (m % 1440)) / 1440);
    let calm = Math.round(3 + 8 * day * r());
    let storm = 0;
    for (const s of storms) {
      const d = m - s.at;
      if (d >= 0 && d < s.ramp) storm += Math.round((s.peak * (d + 1)) / s.ramp);
      else if (d >= s.ramp && d < 3 * s.ramp) storm += Math.round(s.peak * (1 - (d - s.ramp) / (2 * s.ramp)));
    }
    for (; calm > 0 || storm > 0; n++) {
      const isStorm = storm > 0;
      if (isStorm) storm--;
      else calm--;
      const neg = isStorm || r() < 0.2;
      const at = T0 + m * MIN + r() * MIN;
      out.push({
        key: `k${n}`,
        at,
        label: neg ? 'negative' : 'positive',
        text: isStorm ? 'utbetalningen försenad igen' : 'helt okej idag',
        followers: Math.floor(10 ** (1 + 4 * r())),
        payload: { id: `m${n}` },
      });
    }
  }
  return out
    .map((o) => ({ o, arrival: o.at + r() * 5_000 }))
    .sort((a, b) => a.arrival - b.arrival)
    .map(({ o }) => ({ ...o, arrival: undefined }) as MentionObservation<P>);
}

function run(obs: MentionObservation<P>[], earlyPages: boolean) {
  const d = createWatchDetector<P>({ earlyPages, page: { coldStartMs: 6 * 60 * MIN } });
  const events: Array<WatchEvent<P> & { clock: number }> = [];
  for (const o of obs) {
    const clock = o.at + 5_000;
    for (const e of d.add(o, clock)) events.push({ ...e, clock });
  }
  return events;
}

/** The window an event is about: early pages carry the deciding mention's time, closed ones the window's end. */
const windowOf = (e: WatchEvent<P>) => (e.windowOpen ? Math.floor(e.at / MIN) * MIN : e.at - MIN);

describe('early pages', () => {
  it('page the same windows as the closed windows would, and never later', () => {
    let earlier = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const obs = stream(seed);
      const closedRun = run(obs, false);
      const earlyRun = run(obs, true);
      const key = (e: WatchEvent<P>) => `${e.kind} ${e.series} ${windowOf(e)}`;
      expect(earlyRun.map(key).sort(), `seed ${seed}`).toEqual(closedRun.map(key).sort());
      const closedByKey = new Map(closedRun.map((e) => [key(e), e]));
      for (const e of earlyRun) {
        const c = closedByKey.get(key(e))!;
        expect(e.clock).toBeLessThanOrEqual(c.clock);
        if (e.windowOpen) {
          earlier += 1;
          expect(e.kind).toBe('fire');
          expect(e.clock).toBeLessThan(c.clock);
          expect(e.observed).toBeLessThanOrEqual(c.observed);
        }
      }
    }
    // Most storms page before their window closes (the rest start in a window whose count alone is not enough).
    expect(earlier).toBeGreaterThan(5);
  });

  it('a page sent early whose window does not confirm it resolves when the window closes', () => {
    // After a storm (minute 60) and its cooldown (2 h), minute 180 beats the record on its count so far while
    // minute 179, still open for the lateness, has only its calm mentions. Then 100 late negatives of minute 179
    // arrive: 179, still in the cooldown, does not alert but takes the record, and 180, closed, is no record any more.
    const d = createWatchDetector<P>({
      page: { coldStartMs: 0 },
      // A one-minute sustained horizon: the test is about the point record alone.
      count: { warmupMs: 0, cooldownMs: 120 * MIN, releaseMs: 10 * MIN, sustainMs: MIN },
    });
    const events: WatchEvent<P>[] = [];
    let i = 0;
    const add = (at: number, label: 'negative' | 'positive', clock = at) =>
      events.push(...d.add({ key: `k${i}`, at, label, text: 'x', payload: { id: `${i++}` } }, clock));
    const negatives = (at: number, n: number, clock = at) => {
      for (let k = 0; k < n; k++) add(at + k, 'negative', clock);
    };
    const calmMinute = (m: number) => {
      for (let k = 0; k < 4; k++) add(T0 + m * MIN + k * 10_000, k === 0 ? 'negative' : 'positive');
    };
    for (let m = 0; m < 60; m++) calmMinute(m);
    negatives(T0 + 60 * MIN + 30_000, 40);
    for (let m = 61; m < 180; m++) calmMinute(m);
    negatives(T0 + 180 * MIN + 1_000, 60);
    const count = () => events.filter((e) => e.series === 'negative_count');
    expect(count().map((e) => e.kind)).toEqual(['fire', 'resolve', 'fire']);
    expect(count()[2]).toMatchObject({ windowOpen: true });
    expect(Math.floor(count()[2]!.at / MIN)).toBe(Math.floor((T0 + 180 * MIN) / MIN));
    negatives(T0 + 179 * MIN + 55_000, 100, T0 + 180 * MIN + 5_000);
    for (let m = 181; m < 183; m++) calmMinute(m);
    expect(count().map((e) => e.kind)).toEqual(['fire', 'resolve', 'fire', 'resolve']);
    expect(count()[3]!.at).toBe(T0 + 181 * MIN);
  });
});

describe('RecordDetector.peek', () => {
  it('an alert on the count so far holds for any larger count pushed at the same time', () => {
    const r = rng(11);
    let checked = 0;
    for (let trial = 0; trial < 100; trial++) {
      const det = createRecordDetector({ warmupMs: 0, warmupPoints: 10 });
      for (let t = 0; t < 400; t++) {
        const ts = T0 + t * MIN;
        const value = r() < 0.03 ? Math.floor(20 + r() * 200) : Math.floor(r() * 12);
        const partial = Math.floor(value * r());
        const p = det.peek({ ts, value: partial });
        const v = det.push({ ts, value });
        if (p.alert) {
          checked += 1;
          expect(v.alert).toBe(true);
          expect(v.pointThreshold).toBeCloseTo(p.pointThreshold, 9);
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
