import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The labelled series the bench, the cross-validation and the alert replay read ship with the package, with NAB's
// licence: a fresh clone has them whole.
const dir = fileURLToPath(new URL('../data/spikes/', import.meta.url));
const meta = JSON.parse(readFileSync(`${dir}windows.json`, 'utf8')) as {
  source: { repo: string; commit: string };
  series: Record<string, { set: string; points: number; windows: unknown[] }>;
};

describe('the vendored NAB spike series', () => {
  it('carry their source and licence', () => {
    expect(meta.source).toMatchObject({ repo: 'numenta/NAB', commit: expect.stringMatching(/^ea702d7/) });
    expect(readFileSync(`${dir}LICENSE`, 'utf8')).toContain('Copyright 2014-2024 Numenta Inc.');
  });

  it.each(Object.entries(meta.series))('%s has every point, in time order, and its windows', (id, m) => {
    const file = `${dir}series/${id}.jsonl`;
    expect(existsSync(file)).toBe(true);
    const rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { ts: string; value: number });
    expect(rows).toHaveLength(m.points);
    const ts = rows.map((r) => Date.parse(r.ts));
    expect(ts.every((t, i) => Number.isFinite(t) && (i === 0 || t > ts[i - 1]!))).toBe(true);
    expect(rows.every((r) => Number.isFinite(r.value))).toBe(true);
    expect(m.windows.length).toBeGreaterThan(0);
  });
});
