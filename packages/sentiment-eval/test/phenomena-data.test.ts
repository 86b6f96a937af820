import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import { buildRows, renderJsonl } from '../scripts/build-phenomena.mjs';
import { asScored, loadPhenomena } from '../src/phenomena.js';

const source = readFileSync(new URL('../data/phenomena-cases.txt', import.meta.url), 'utf8');
type Built = { lang: string; text: string; split: string; phenomenon: string };

describe('phenomena cases', () => {
  it('the committed jsonl files are what the build script makes of phenomena-cases.txt', () => {
    // Proves nobody edited a jsonl by hand (or moved a held-out case into the development part).
    const rows = buildRows(source) as Built[];
    for (const lang of ['sv', 'en']) {
      const file = readFileSync(new URL(`../data/phenomena-${lang}.jsonl`, import.meta.url), 'utf8');
      expect(file).toBe(renderJsonl(rows.filter((r) => r.lang === lang)));
    }
  });

  it('starts with a licence line that the eval does not read as a case', () => {
    const first = readFileSync(new URL('../data/phenomena-sv.jsonl', import.meta.url), 'utf8').split('\n')[0]!;
    expect(JSON.parse(first).licence).toMatch(/own work/i);
    expect(loadPhenomena('sv').every((c) => typeof c.text === 'string')).toBe(true);
  });

  it('has many cases per phenomenon and language, and holds out roughly 30 %', () => {
    const rows = buildRows(source) as Built[];
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(`${r.phenomenon} ${r.lang}`, (counts.get(`${r.phenomenon} ${r.lang}`) ?? 0) + 1);
    for (const [key, n] of counts) expect(n, key).toBeGreaterThanOrEqual(25);
    const held = rows.filter((r) => r.split === 'dev').length / rows.length;
    expect(held).toBeGreaterThan(0.2);
    expect(held).toBeLessThan(0.4);
  });

  it('keeps a named case and its plain twin in the same part, and blanks exactly the name', () => {
    const cases = loadPhenomena('sv');
    const byId = new Map(cases.map((c) => [c.id, c]));
    const named = cases.filter((c) => c.mask);
    expect(named.length).toBeGreaterThan(20);
    for (const c of named) {
      expect(byId.get(c.twin!)!.split).toBe(c.split);
      const [s, e] = c.mask![0]!;
      expect(asScored(c).slice(s, e).trim()).toBe('');
      // The mask covers whole words: posts write "skatteverket" as often as "Skatteverket", and "1177" too.
      expect(c.text.slice(s, e)).toMatch(/^[\p{L}\p{N}]/u);
      expect(c.text.slice(s - 1, s)).not.toMatch(/[\p{L}\p{N}]/u);
      expect(c.text.slice(e, e + 1)).not.toMatch(/[\p{L}\p{N}]/u);
    }
  });

  it('rejects a line outside a block or with an unknown label, naming the line', () => {
    expect(() => buildRows('+|text without a block')).toThrow(/line 1/);
    expect(() => buildRows('@x sv\n?|bad label')).toThrow(/line 2/);
  });
});
