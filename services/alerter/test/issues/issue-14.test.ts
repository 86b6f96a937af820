import { describe, expect, it } from 'vitest';
import { AlertLifecycle, type Transition } from '@vakt/alerting/lifecycle';
import { createDemoFeed } from '@vakt/demo/feed';
import { BASELINE, STORM, type Template } from '@vakt/demo/texts';
import { rng } from '@vakt/random/mulberry32';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { DEMO_ALERTER_OPTIONS } from '../../src/demo-options.js';
import { createAlertEvaluator } from '../../src/evaluator.js';

/**
 * Issue 14: about 20 s after `npm start` a CRITICAL alert fired for the calm "nordpay" watch ("reach-weighted
 * negativity 7.1 per 5s vs 0.1 expected, ×92.5"): a watch with almost no history paged on a ratio to a near-zero
 * expectation. The demo feed runs here through the alerter's own decision path (the evaluator the app wraps, with the
 * demo's options), fed every 500 ms as `vakt up` feeds it, for several seeds. The templates' labels stand in for the
 * scorer, with extra noise: the real scorer calls a few calm mentions negative that the templates do not.
 */
const templates: Array<{ re: RegExp; label: Template['label'] }> = [...Object.values(BASELINE).flat(), ...STORM].map(
  (t) => ({
    re: new RegExp(`^${t.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{svc\\\}|\\\{person\\\}/g, '.+')}$`),
    label: t.label,
  }),
);
const labelOf = (text: string) => templates.find((t) => t.re.test(text))?.label ?? 'neutral';

interface Page {
  at: number;
  watch: string;
  series: string;
  severity: string;
  summary: string;
  description: string;
  descriptionEn: string;
}

/** Runs `seconds` of the demo (seed, label noise) and returns every *notified* firing: what would page someone. */
function runDemo(seed: number, noise: number, seconds: number, start = Date.UTC(2026, 0, 5, 9), engagement = true) {
  const noisy = rng(seed * 7919);
  const feed = createDemoFeed({ now: () => start, seed });
  const evaluator = createAlertEvaluator(
    new AlertLifecycle(() => clock, { stormGapMs: DEMO_ALERTER_OPTIONS.stormGapMs }),
    { detector: DEMO_ALERTER_OPTIONS.detector, dashboardUrl: 'http://127.0.0.1:8080/' },
  );
  const pages: Page[] = [];
  const all: Transition[] = [];
  let clock = start;
  const keep = (ts: Transition[]) => {
    all.push(...ts);
    for (const t of ts) {
      if (t.kind !== 'firing' || !t.notify) continue;
      const a = t.alert;
      pages.push({
        at: clock,
        watch: a.labels.watch,
        series: a.labels.series,
        severity: a.labels.severity,
        summary: a.annotations.summary,
        description: a.annotations.description ?? '',
        descriptionEn: a.annotations.description_en ?? '',
      });
    }
  };
  for (let step = 0; step < seconds * 2; step++) {
    const from = clock;
    clock += 500;
    for (const m of feed.between(from, clock)) {
      let label = labelOf(m.text);
      if (label !== 'negative' && noisy() < noise) label = 'negative';
      const watch = m.text.includes('Trygghetskassan') || m.text.includes('#kassakaos') ? 'trygghetskassan' : 'nordpay';
      const scored: ScoredMention = {
        ...m,
        ...(engagement ? {} : { engagement: { reposts: 0, replies: 0, likes: 0 } }),
        schemaVersion: 1,
        // The pipeline's ingest lag: a quarter of a second.
        ingested_at: new Date(Date.parse(m.created_at) + 250).toISOString(),
        matches: [{ watch, entities: [] }],
        sentiment: {
          label,
          score: label === 'negative' ? -0.6 : label === 'positive' ? 0.6 : 0,
          confidence: 0.7,
          lang: m.lang ?? 'sv',
          p_neg: 0.3,
          p_neu: 0.4,
          p_pos: 0.3,
          model: 'lexicon-only',
          disagreement: false,
          explanation: [],
        },
        scored_at: m.created_at,
      };
      keep(evaluator.mention(scored, clock));
    }
    keep(evaluator.advance(clock));
  }
  return { pages, all, stormStart: start + 25_000, peak: start + 25_000 + 0.6 * 90_000 };
}

const SEEDS = [42, 1, 2, 3, 4, 5, 6, 7];

describe('issue 14: the demo pages only on its storm', () => {
  it.each(SEEDS.flatMap((seed) => [0, 0.08].map((noise) => [seed, noise] as const)))(
    'seed %i, label noise %f: no page before the storm, one page for it before its peak',
    (seed, noise) => {
      // 1. Two storm cycles' worth (storm at +25 s, peak at +79 s, repeats at +325 s), so the calm minutes between
      //    storms are checked too.
      const { pages, stormStart, peak } = runDemo(seed, noise, 300);
      if (process.env.VAKT_DEBUG)
        console.log(
          seed,
          noise,
          pages.map((p) => `+${(p.at - stormStart + 25_000) / 1000}s ${p.watch} ${p.series} ${p.severity}`),
        );
      // 2. Nothing pages for anyone before the storm starts, and the calm watch never pages.
      expect(pages.filter((p) => p.at < stormStart)).toEqual([]);
      expect(pages.filter((p) => p.watch === 'nordpay')).toEqual([]);
      // 3. The storm pages once (one page across its series) and before its peak.
      const storm = pages.filter((p) => p.watch === 'trygghetskassan');
      expect(storm).toHaveLength(1);
      expect(storm[0]!.at).toBeGreaterThan(stormStart);
      expect(storm[0]!.at).toBeLessThan(peak);
    },
  );

  it.each(SEEDS)(
    'seed %i: without reposts or replies (no velocity signal) the storm still pages, from a negative count, before its peak',
    (seed) => {
      // The record detector of `vakt detect` on the negatives (plain or reach-weighted) must page the storm by itself:
      // velocity is the fastest series in the demo (every storm post is reposted), and a storm of plain posts must not
      // depend on it.
      const { pages, stormStart, peak } = runDemo(seed, 0.08, 300, undefined, false);
      expect(pages.filter((p) => p.at < stormStart || p.watch === 'nordpay')).toEqual([]);
      expect(pages).toHaveLength(1);
      expect(['negative_count', 'reach_negativity']).toContain(pages[0]!.series);
      expect(pages[0]!.at).toBeLessThan(peak);
    },
  );

  it('the page says why, in Swedish by default and in English beside it: series, figures, the young baseline', () => {
    const { pages, all } = runDemo(42, 0, 120);
    const page = pages[0]!;
    // The baseline is under a minute and a half old when the storm pages: the alert says so, in both languages.
    expect(page.description).toMatch(
      /Baslinjen är bara \d+ s gammal: för en så ung bevakning krävdes [\d,]+ gånger starkare belägg än vanligt\./,
    );
    expect(page.descriptionEn).toMatch(
      /The baseline is only \d+ s old: a watch this young needed [\d.]+ times the usual evidence\./,
    );
    expect(page.description).toMatch(/^Varför \(serie (negative_count|reach_negativity|negative_share|velocity)\)/);
    expect(page.description).toMatch(
      /Stöd: \d+ negativa omnämnanden över baslinjen\.|Inlägget har \d+ delningar och svar\./,
    );
    expect(page.summary).toMatch(/^trygghetskassan: /);
    // Every other series of the storm was recorded, grouped under the one page.
    const grouped = all.filter((t) => t.kind === 'firing' && !t.notify);
    for (const t of grouped) expect(t.suppressedBy).toBe('group');
    // The top mentions are the storm's own negative posts.
    const fired = all.find((t) => t.kind === 'firing' && t.notify)!;
    expect(fired.alert.evidence.topMentions.length).toBeGreaterThan(0);
    for (const m of fired.alert.evidence.topMentions) expect(m.label).toBe('negative');
  });
});
