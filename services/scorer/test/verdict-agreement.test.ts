import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@vakt/pipeline/logger';
import { createMatcher } from '@vakt/watch/matcher';
import { staticWatchSource, watchScoring } from '@vakt/watch/scoring-context';
import { watchId } from '@vakt/watch/slug';
import type { Watch } from '@vakt/watch/watch';
import { createScorerEngine } from '../src/engine.js';

// One verdict: what the scorer stores for a mention (label, score, disagreement and the highlight spans the dashboard
// draws) is exactly the verdict `vakt explain` explains, on every development phenomena case, with the names a case
// mentions read through their watches as the pipeline reads them. The CLI test compares `vakt score` and `vakt
// explain` themselves; this one adds the stored highlights.
interface Case {
  id: string;
  text: string;
  lang: 'sv' | 'en';
  split: string;
  mask?: Array<[number, number]>;
}
const DATA = new URL('../../../packages/sentiment-eval/data/', import.meta.url);
const cases: Case[] = ['sv', 'en'].flatMap((lang) =>
  readFileSync(new URL(`phenomena-${lang}.jsonl`, DATA), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Case)
    .filter((c) => typeof c.text === 'string' && c.split === 'train'),
);
const nameOf = (c: Case): string | undefined => (c.mask?.[0] ? c.text.slice(c.mask[0][0], c.mask[0][1]) : undefined);
const watches: Watch[] = [...new Set(cases.map(nameOf).filter((n): n is string => n !== undefined))].map((name) => ({
  name,
  owners: ['comms'],
  query: `"${name}"`,
  entities: [],
}));
const scoring = watchScoring(staticWatchSource(watches, createMatcher(watches)));

describe('the stored verdict is the explained verdict', () => {
  it('on every development phenomena case, named ones through their watches', async () => {
    const engine = await createScorerEngine(silentLogger(), undefined, scoring);
    expect(engine.kind).toBe('combined');
    const items = cases.map((c) => {
      const name = nameOf(c);
      const w = watches.find((x) => x.name === name);
      return { text: c.text, lang: c.lang, ...(w ? { matches: [{ watch: watchId(w), entities: [] }] } : {}) };
    });
    expect(items.filter((i) => i.matches).length).toBeGreaterThan(50);
    const stored = await engine.scoreBatch(items);
    const explained = engine.explain(items);
    expect(explained).toHaveLength(cases.length);
    explained.forEach((e, i) => expect(e.sentiment, cases[i]!.id).toEqual(stored[i]));
  }, 120_000);
});
