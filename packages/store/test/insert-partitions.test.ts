import { describe, expect, it } from 'vitest';
import { MAX_PARTITIONS_PER_INSERT, monthPartition, splitByPartition } from '../src/insert-partitions.js';

/** Item i falls in partition `parts[i]`. */
const items = (parts: number[]) => parts.map((p, i) => ({ i, p }));
const partitionsIn = (group: Array<{ p: number }>) => new Set(group.map((x) => x.p)).size;

describe('splitByPartition (issue 16: an insert must never span more partitions than ClickHouse accepts)', () => {
  it.each([
    // nothing to insert: no insert at all
    ['empty', [], 3, [] as number[][]],
    // within the bound: one insert, original order, nothing regrouped
    ['few partitions', [1, 2, 1, 2], 3, [[0, 1, 2, 3]]],
    // exactly at the bound is allowed (ClickHouse refuses only "more than" the limit)
    ['at the bound', [1, 2, 3], 3, [[0, 1, 2]]],
    // one over: grouped by partition (first-seen order), packed 3 partitions per insert
    ['one over', [1, 2, 3, 4], 3, [[0, 1, 2], [3]]],
    // rows of one partition stay together and keep their order, even when they were interleaved
    [
      'interleaved',
      [5, 6, 7, 8, 5, 8, 6],
      2,
      [
        [0, 4, 1, 6],
        [2, 3, 5],
      ],
    ],
  ])('%s', (_name, parts, max, expected) => {
    const groups = splitByPartition(items(parts), (x) => x.p, max);
    expect(groups.map((g) => g.map((x) => x.i))).toEqual(expected);
  });

  it('150 months (2000–2012) in one batch become two inserts of at most 100 partitions, every row once', () => {
    const mentions = Array.from({ length: 150 }, (_, i) => ({ i, at: Date.UTC(2000, i, 15) }));
    const groups = splitByPartition(mentions, (m) => monthPartition(m.at));
    expect(groups).toHaveLength(2);
    for (const g of groups)
      expect(partitionsIn(g.map((m) => ({ p: monthPartition(m.at) })))).toBeLessThanOrEqual(MAX_PARTITIONS_PER_INSERT);
    expect(
      groups
        .flat()
        .map((m) => m.i)
        .sort((a, b) => a - b),
    ).toEqual(mentions.map((m) => m.i));
  });

  it('holds for any mix: each group within the bound, nothing lost or doubled', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 50; run++) {
      const max = 1 + Math.floor(rand() * 10);
      const parts = Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 40));
      const groups = splitByPartition(items(parts), (x) => x.p, max);
      for (const g of groups) expect(partitionsIn(g)).toBeLessThanOrEqual(max);
      expect(
        groups
          .flat()
          .map((x) => x.i)
          .sort((a, b) => a - b),
      ).toEqual(parts.map((_, i) => i));
    }
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => splitByPartition([1], (x) => x, 0)).toThrow(RangeError);
  });

  it('monthPartition is toYYYYMM in UTC', () => {
    expect(monthPartition(Date.parse('2026-11-30T23:30:00-02:00'))).toBe(202612);
    expect(monthPartition(0)).toBe(197001);
    expect(monthPartition(4_294_967_295_000)).toBe(210602);
  });
});
