import { describe, expect, it } from 'vitest';
import type { AlertActions, AlertState, DashboardStore, TimelinePoint } from '../src/deps.js';
import { alertsAcrossKeys, storeAcrossKeys } from '../src/watch-keys.js';

// A watch from before ids: its rows are under 'Försäkringskassan' and, since, under 'forsakringskassan'.
const keysOf = (id: string) => (id === 'forsakringskassan' ? ['forsakringskassan', 'Försäkringskassan'] : [id]);
const point = (t: number, negative: number, positive: number): TimelinePoint => ({
  t,
  total: negative + positive,
  negative,
  neutral: 0,
  positive,
  avgScore: 0,
});

const rows: Record<
  string,
  { timeline: TimelinePoint[]; breakdown: Array<{ key: string; total: number; negative: number }> }
> = {
  forsakringskassan: {
    timeline: [point(60_000, 1, 1), point(120_000, 2, 0)],
    breakdown: [{ key: 'rss', total: 2, negative: 1 }],
  },
  Försäkringskassan: {
    timeline: [point(0, 1, 0), point(60_000, 3, 0)],
    breakdown: [
      { key: 'rss', total: 3, negative: 3 },
      { key: 'http', total: 1, negative: 0 },
    ],
  },
};
const store = {
  timeline: async (q: { watch: string }) => rows[q.watch]?.timeline ?? [],
  breakdown: async (q: { watch: string; limit: number }) => rows[q.watch]?.breakdown ?? [],
} as unknown as DashboardStore;

describe("reads across a watch's stored keys", () => {
  it('adds up timelines bucket by bucket and breakdowns key by key', async () => {
    const s = storeAcrossKeys(store, keysOf);
    expect(await s.timeline({ watch: 'forsakringskassan', from: 0, to: 180_000, step: 'minute' })).toEqual([
      point(0, 1, 0),
      { t: 60_000, total: 5, negative: 4, neutral: 0, positive: 1, avgScore: -0.6 },
      point(120_000, 2, 0),
    ]);
    expect(await s.breakdown({ watch: 'forsakringskassan', from: 0, to: 1, by: 'source', limit: 10 })).toEqual([
      { key: 'rss', total: 5, negative: 4 },
      { key: 'http', total: 1, negative: 0 },
    ]);
    // One key: the store's answer as it is.
    expect(await s.timeline({ watch: 'skatteverket', from: 0, to: 1, step: 'minute' })).toEqual([]);
  });

  it('lists the alerts of every key, newest first, within the limit', async () => {
    const alert = (fp: string, watch: string, startsAt: string) =>
      ({ alert: { fingerprint: fp, startsAt, labels: { watch } } }) as unknown as AlertState;
    const all = [
      alert('a', 'Försäkringskassan', '2026-12-01T10:00:00Z'),
      alert('b', 'forsakringskassan', '2026-12-07T10:00:00Z'),
      alert('c', 'skatteverket', '2026-12-06T10:00:00Z'),
    ];
    const actions = {
      list: async (q: { watch?: string }) => all.filter((s) => !q.watch || s.alert.labels.watch === q.watch),
    } as unknown as AlertActions;
    const across = alertsAcrossKeys(actions, keysOf);
    expect((await across.list({ watch: 'forsakringskassan', limit: 10 })).map((s) => s.alert.fingerprint)).toEqual([
      'b',
      'a',
    ]);
    expect((await across.list({ watch: 'forsakringskassan', limit: 1 })).map((s) => s.alert.fingerprint)).toEqual([
      'b',
    ]);
    expect((await across.list({ limit: 10 })).map((s) => s.alert.fingerprint)).toEqual(['a', 'b', 'c']);
  });
});
