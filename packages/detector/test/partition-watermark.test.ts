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
  let n = 0;
  for (let s = fromSec; s < toSec; s++)
    for (let i = 0; i < 5; i++) {
      const at = T0 + s * SEC + i * 200;
      const key = `x:${s}:${i}`;
      const m: MentionObservation<P> =
        i === 0
          ? { key, at, label: 'negative', text: 'appen ligger nere', followers: 100, payload: { id: key } }
          : { key, at, label: 'positive', text: 'bra bemötande' };
      out.push({ partition: n++ % PARTITIONS.length, m });
    }
  return out;
}

describe('PartitionWatermark with the watch detector', () => {
  it('a backlog delivered one partition at a time closes each window with its own counts, and nothing pages', () => {
    const d = createWatchDetector<P>({ windowMs: SEC });
    const wm = new PartitionWatermark({ latenessMs: SEC, idleMs: 2 * SEC });
    const clock = T0 + 121 * SEC;
    wm.assign(PARTITIONS, clock);
    const events: WatchEvent<P>[] = [];
    // Two minutes of history, already in the topic: each partition's whole share comes as one batch, in turn.
    const backlog = steady(0, 120);
    for (const p of PARTITIONS) {
      for (const { partition, m } of backlog.filter((x) => x.partition === p)) {
        wm.observe('w', partition, m.at);
        events.push(...d.add(m, clock, -Infinity));
      }
      wm.batchDone(p, 0, clock);
      events.push(...d.advance(clock, wm.current('w', clock)));
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
          wm.observe('w', partition, m.at);
          events.push(...d.add(m, now, -Infinity));
        }
        wm.batchDone(p, 0, now);
        events.push(...d.advance(now, wm.current('w', now)));
      }
    };
    for (let s = 120; s < 125; s++) live(s, s + 1);
    expect(events.filter((e) => e.kind === 'fire')).toEqual([]);
    live(125, 126, 300);
    for (let s = 126; s < 130; s++) live(s, s + 1);
    const fires = events.filter((e) => e.kind === 'fire');
    expect(fires.length).toBeGreaterThan(0);
    expect(fires[0]!.at).toBe(T0 + 126 * SEC);
    expect(fires.find((e) => e.series === 'negative_count')?.observed).toBe(301);
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
  const wm = () => new PartitionWatermark({ latenessMs: 10 * SEC, idleMs: 70 * SEC });

  it('holds back while an assigned partition has not delivered, until it goes idle', () => {
    const w = wm();
    w.assign([0, 1], 0);
    w.observe('a', 0, T0);
    w.batchDone(0, 0, 0);
    expect(w.current('a', 1 * SEC)).toBe(-Infinity);
    expect(w.current('a', 70 * SEC)).toBe(Infinity);
  });

  it('a partition still behind holds at the watch newest mention there; a caught-up one holds nothing', () => {
    const w = wm();
    w.assign([0, 1], 0);
    w.observe('a', 0, T0 + 50 * SEC);
    w.batchDone(0, 0, 0);
    w.observe('a', 1, T0 + 20 * SEC);
    w.batchDone(1, 500, 0);
    expect(w.current('a', SEC)).toBe(T0 + 10 * SEC);
    w.observe('a', 1, T0 + 60 * SEC);
    w.batchDone(1, 0, 2 * SEC);
    expect(w.current('a', 3 * SEC)).toBe(Infinity);
  });

  it('is per watch: one watch history after another in a partition does not make the second one late', () => {
    const w = wm();
    w.assign([0], 0);
    w.observe('a', 0, T0 + 60 * SEC);
    w.observe('b', 0, T0);
    w.batchDone(0, 1000, 0);
    expect(w.current('a', SEC)).toBe(T0 + 50 * SEC);
    expect(w.current('b', SEC)).toBe(T0 - 10 * SEC);
    // A watch with no mention yet in a partition being read waits for it (or for the partition to catch up).
    expect(w.current('c', SEC)).toBe(-Infinity);
  });

  it('forgets revoked partitions', () => {
    const w = wm();
    w.assign([0, 1], 0);
    w.assign([0], 0);
    w.observe('a', 0, T0);
    w.batchDone(0, 0, 0);
    expect(w.current('a', SEC)).toBe(Infinity);
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
});
