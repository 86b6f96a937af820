import { describe, expect, it } from 'vitest';
import { silentLogger } from '@vakt/pipeline/logger';
import { createMatcher } from '@vakt/watch/matcher';
import { staticWatchSource, watchScoring } from '@vakt/watch/scoring-context';
import type { Watch } from '@vakt/watch/watch';
import { watchId } from '@vakt/watch/slug';
import { createScorerEngine } from '../src/engine.js';

const AGENCIES: Watch[] = ['Försäkringskassan', 'Arbetsförmedlingen', 'Migrationsverket', 'Spotify'].map((name) => ({
  name,
  owners: ['comms'],
  query: name,
  entities: [],
}));
AGENCIES[0] = { ...AGENCIES[0]!, domainWords: { handläggningstid: -3 } };
const scoring = watchScoring(staticWatchSource(AGENCIES, createMatcher(AGENCIES)));
const POSTS = [
  'svarar aldrig i telefon, tredje veckan nu',
  'fick hjälp direkt, tack!',
  'beslutet kom idag',
  'nya appen är okej',
];

describe('the scorer engine with watches', () => {
  it('scores the same post alike whichever agency it names (the name is hidden from the model)', async () => {
    const engine = await createScorerEngine(silentLogger(), undefined, scoring);
    const without = await createScorerEngine(silentLogger());
    let spreadWith = 0;
    let spreadWithout = 0;
    for (const post of POSTS) {
      const items = AGENCIES.map((w) => ({
        text: `${w.name}: ${post}`,
        lang: 'sv',
        matches: [{ watch: watchId(w), entities: [] }],
      }));
      const a = (await engine.scoreBatch(items)).map((s) => s.p_neg);
      const b = (await without.scoreBatch(items)).map((s) => s.p_neg);
      spreadWith = Math.max(spreadWith, Math.max(...a) - Math.min(...a));
      spreadWithout = Math.max(spreadWithout, Math.max(...b) - Math.min(...b));
    }
    expect(spreadWith).toBeLessThan(0.01);
    expect(spreadWithout).toBeGreaterThan(0.02);
  });

  it("applies the matched watch's domain words, and only that watch's", async () => {
    const engine = await createScorerEngine(silentLogger(), undefined, scoring);
    const text = 'Försäkringskassan och Spotify: handläggningstid åtta månader';
    const [fk, spotify, none] = await engine.scoreBatch([
      { text, lang: 'sv', matches: [{ watch: 'forsakringskassan' }] }, // matches carry watch ids
      { text, lang: 'sv', matches: [{ watch: 'spotify' }] },
      { text, lang: 'sv' },
    ]);
    const start = text.indexOf('handläggningstid');
    const span = (s: typeof fk) => s!.explanation.find((e) => e.start === start);
    expect(span(fk)?.rules).toContain('deployment override');
    expect(span(fk)?.contribution).toBeLessThan(0);
    // Without the watch's domain words the lexicon does not read the word; the model may still highlight it as a
    // word it knows (rule "model"), never as the deployment's override.
    expect(span(spotify)?.rules ?? []).not.toContain('deployment override');
    expect(span(none)?.rules ?? []).not.toContain('deployment override');
    // Same watch without its domain words: the override is what makes the post more negative.
    const plainWatches = AGENCIES.map(({ domainWords: _dropped, ...w }) => w);
    const plain = await createScorerEngine(
      silentLogger(),
      undefined,
      watchScoring(staticWatchSource(plainWatches, createMatcher(plainWatches))),
    );
    const [fkPlain] = await plain.scoreBatch([{ text, lang: 'sv', matches: [{ watch: 'Försäkringskassan' }] }]);
    expect(fk!.p_neg).toBeGreaterThan(fkPlain!.p_neg);
  });

  it('ignores malformed matches from decoded JSON instead of throwing', async () => {
    const engine = await createScorerEngine(silentLogger(), undefined, scoring);
    const items = [
      { text: 'Försäkringskassan svarar inte', matches: 'nope' },
      { text: 'Försäkringskassan svarar inte', matches: [null, { watch: 7 }, { watch: 'Försäkringskassan' }] },
    ] as unknown as Array<{ text: string }>;
    const out = await engine.scoreBatch(items);
    expect(out).toHaveLength(2);
  });
});
