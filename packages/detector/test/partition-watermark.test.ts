import { describe, expect, it } from 'vitest';
import { PartitionWatermark } from '../src/partition-watermark.js';
import { createWatchDetector, type MentionObservation, type WatchEvent } from '../src/watch-detector.js';

const SEC = 1000;
const T0 = Date.UTC(2026, 0, 5, 9);
const PARTITIONS = [0, 1, 2, 3, 4, 5];

interface P {
  id: string;
}

/** A steady stream: 5 mentions a second, the first of each second negative, spread round-robin over six partitions. */
function steady(fromSec: number, toSec: number): Array<{ partition: number; m: MentionObservation<P> }> {
  const out: Array<{ partition: number; m: MentionObservation<P> }> = [];
  for (let s = fromSec; s < toSec; s++)
    for (let i = 0; i < 5; i++) {
      const at = T0 + s * SEC + i * 200;
      const key = `x:${s}:${i}`;
      const m: MentionObservation<P> =
        i === 0
          ? { key, at, label: 'negative', text: 'appen ligger nere', followers: 100, payload: { id: key } }
          : { key, at, label: 'positive', text: 'bra bemötande' };
      out.push({ partition: (s * 5 + i) % PARTITIONS.length, m });
    }
  return out;
}

describe('PartitionWatermark with the watch detector', () => {
  it('a backlog delivered one partition at a time closes each window with its own counts, and nothing pages', () => {
    const d = createWatchDetector<P>({ windowMs: SEC });
    const wm = new PartitionWatermark({ latenessMs: SEC, idleMs: 30 * SEC });
    const clock = T0 + 121 * SEC;
    wm.assign(PARTITIONS, clock);
    const events: WatchEvent<P>[] = [];
    // Two minutes of history, already in the topic: each partition's whole share comes as one batch, in turn.
    const backlog = steady(0, 120);
    for (const p of PARTITIONS) {
      for (const { partition, m } of backlog.filter((x) => x.partition === p)) {
        wm.observe(partition, m.at, clock);
        events.push(...d.add(m, clock, -Infinity));
      }
      events.push(...d.advance(clock, wm.current(clock)));
    }
    expect(events.filter((e) => e.kind === 'fire')).toEqual([]);
    expect(d.lateMentions()).toBe(0);
    // One more second of live traffic, then a storm second: the storm pages, on its own window's count.
    let now = clock;
    const live = (from: number, to: number, extraNegatives = 0) => {
      const batch = steady(from, to);
      for (let i = 0; i < extraNegatives; i++)
        batch.push({
          partition: i % 6,
          m: {
            key: `s${i}`,
            at: T0 + from * SEC + 500,
            label: 'negative',
            text: 'appen ligger nere',
            payload: { id: `s${i}` },
          },
        });
      for (const p of PARTITIONS) {
        now += 10;
        for (const { partition, m } of batch.filter((x) => x.partition === p)) {
          wm.observe(partition, m.at, now);
          events.push(...d.add(m, now, -Infinity));
        }
        events.push(...d.advance(now, wm.current(now)));
      }
    };
    for (let s = 120; s < 125; s++) live(s, s + 1);
    expect(events.filter((e) => e.kind === 'fire')).toEqual([]);
    live(125, 126, 300);
    for (let s = 126; s < 130; s++) live(s, s + 1);
    const fires = events.filter((e) => e.kind === 'fire');
    expect(fires.length).toBeGreaterThan(0);
    // Paged on the storm window's count so far, at the storm's mentions (the closed window would page at 126 s);
    // the close confirms it: nothing resolves.
    expect(fires[0]).toMatchObject({ series: 'negative_count', windowOpen: true, at: T0 + 125 * SEC + 500 });
    expect(fires[0]!.observed).toBeLessThanOrEqual(301);
    expect(events.filter((e) => e.kind === 'resolve')).toEqual([]);
  });

  it('without it, the first partition of a backlog closes the windows the other partitions still hold mentions of', () => {
    // Why the stream watermark exists, on the detector alone: its own watermark follows the newest mention, so after
    // the first partition's batch almost every other partition's mention belongs to a closed window.
    const d = createWatchDetector<P>({ windowMs: SEC });
    const backlog = steady(0, 120);
    for (const p of PARTITIONS) for (const { m } of backlog.filter((x) => x.partition === p)) d.add(m, T0);
    expect(d.lateMentions()).toBeGreaterThan(450);
  });
});

describe('PartitionWatermark', () => {
  const wm = () => new PartitionWatermark({ latenessMs: 10 * SEC, idleMs: 30 * SEC });

  it('is the slowest assigned partition newest event time, minus the lateness', () => {
    const w = wm();
    w.assign([0, 1], 0);
    w.observe(0, T0 + 50 * SEC, 0);
    expect(w.current(SEC)).toBe(-Infinity);
    w.observe(1, T0 + 20 * SEC, SEC);
    w.observe(1, T0 + 15 * SEC, SEC);
    expect(w.current(2 * SEC)).toBe(T0 + 10 * SEC);
  });

  it('a partition silent for idleMs stops holding it back, and holds again from its next mention', () => {
    const w = wm();
    w.assign([0, 1], 0);
    w.observe(0, T0 + 50 * SEC, 0);
    w.observe(1, T0 + 20 * SEC, 0);
    w.observe(0, T0 + 80 * SEC, 29 * SEC);
    expect(w.current(29 * SEC)).toBe(T0 + 10 * SEC);
    expect(w.current(30 * SEC)).toBe(T0 + 70 * SEC);
    w.observe(1, T0 + 75 * SEC, 31 * SEC);
    expect(w.current(31 * SEC)).toBe(T0 + 65 * SEC);
    // No partition known, or every one idle: nothing is held back.
    expect(w.current(100 * SEC)).toBe(Infinity);
    expect(new PartitionWatermark({ latenessMs: 0, idleMs: 1 }).current(0)).toBe(Infinity);
  });

  it('forgets revoked partitions', () => {
    const w = wm();
    w.assign([0, 1], 0);
    w.assign([0], 0);
    w.observe(0, T0, 0);
    expect(w.current(SEC)).toBe(T0 - 10 * SEC);
  });
});

describe('watch detector: late mentions', () => {
  it('a mention for a closed window is left out and counted, not added to the oldest open window', () => {
    const d = createWatchDetector<P>({ windowMs: SEC });
    for (const { m } of steady(0, 30)) d.add(m, m.at);
    const late: MentionObservation<P> = {
      key: 'late',
      at: T0 + 2 * SEC,
      label: 'negative',
      text: 'appen ligger nere',
      payload: { id: 'late' },
    };
    const before = d.lateMentions();
    expect(d.add(late, T0 + 30 * SEC)).toEqual([]);
    expect(d.lateMentions()).toBe(before + 1);
  });

  it('a back-fill that pauses longer than a window plus the lateness keeps the rest of its history', () => {
    // History ten minutes old, posted in two parts with a 60 s pause between them (an ingest retrying, a slow
    // scorer): the lull on the clock must not close the windows the second part belongs to.
    const d = createWatchDetector<P>({ windowMs: SEC });
    const now = T0 + 600 * SEC;
    for (const { m } of steady(0, 20)) d.add(m, now);
    d.advance(now + 60 * SEC);
    for (const { m } of steady(20, 40)) d.add(m, now + 60 * SEC);
    expect(d.lateMentions()).toBe(0);
  });

  it('a live stream that goes quiet still closes its windows by the clock', () => {
    const d = createWatchDetector<P>({ windowMs: SEC });
    for (const { m } of steady(0, 20)) d.add(m, m.at);
    d.advance(T0 + 80 * SEC);
    const stale: MentionObservation<P> = { key: 'stale', at: T0 + 30 * SEC, label: 'positive', text: 'bra' };
    d.add(stale, T0 + 80 * SEC);
    expect(d.lateMentions()).toBe(1);
  });
});
