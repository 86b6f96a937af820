import type { ScoredMention } from '@vakt/schema/scored-mention';
import type { Alert } from '@vakt/schema/alert';

// Synthetic mentions for the demo mode, browser tests and the load script; never used with real data.
const SAMPLES: { text: string; label: 'negative' | 'neutral' | 'positive'; lang: string; entity: string; words: [string, number, string][] }[] = [
  { text: 'Fakturan från Kassan är inte rätt igen, kundtjänstkaos', label: 'negative', lang: 'sv', entity: 'faktura', words: [['inte', 0.4, 'negation'], ['kundtjänstkaos', -0.8, 'lexicon']] },
  { text: 'Appen kraschar varje gång jag loggar in. Skitdåligt.', label: 'negative', lang: 'sv', entity: 'appen', words: [['kraschar', -0.6, 'lexicon'], ['Skitdåligt', -0.9, 'intensifier']] },
  { text: 'Det var fruktansvärt trevligt bemötande i kundtjänst idag', label: 'positive', lang: 'sv', entity: 'kundtjänst', words: [['fruktansvärt', 0.3, 'intensifier'], ['trevligt', 0.7, 'lexicon']] },
  { text: 'Handläggningen tar lång tid men personalen är väldigt hjälpsam', label: 'neutral', lang: 'sv', entity: 'handläggning', words: [['men', 0.1, 'contrast'], ['väldigt', 0.2, 'intensifier'], ['hjälpsam', 0.5, 'lexicon']] },
  { text: 'The invoice portal is down again, terrible service', label: 'negative', lang: 'en', entity: 'faktura', words: [['terrible', -0.8, 'lexicon']] },
  { text: 'Det är inte otrevligt alls att ringa dem längre', label: 'positive', lang: 'sv', entity: 'kundtjänst', words: [['inte', 0.4, 'negation'], ['otrevligt', -0.3, 'lexicon']] },
  { text: 'Ny information om bostadsbidrag publicerad', label: 'neutral', lang: 'sv', entity: 'handläggning', words: [] },
];
const SOURCES = ['x', 'mastodon', 'rss', 'reddit', 'forum'];

/** Deterministic pseudo-random numbers (mulberry32) so demo data and load runs are repeatable. */
export { rng } from '@vakt/random/mulberry32';

let seq = 0;
/** One synthetic ScoredMention for `watch` at time `at`, with explanation spans at the right UTF-16 offsets. */
export function demoMention(watch: string, at: number, r: () => number): ScoredMention {
  const s = SAMPLES[Math.floor(r() * SAMPLES.length)]!;
  const score = s.label === 'negative' ? -0.4 - r() * 0.5 : s.label === 'positive' ? 0.4 + r() * 0.5 : r() * 0.2 - 0.1;
  seq += 1;
  const iso = new Date(at).toISOString();
  return {
    schemaVersion: 1,
    id: `demo-${seq}`,
    source: SOURCES[Math.floor(r() * SOURCES.length)]!,
    text: s.text,
    created_at: iso,
    ingested_at: iso,
    url: `https://example.org/post/${seq}`,
    author: { handle: `user${Math.floor(r() * 500)}`, followers: Math.floor(r() ** 3 * 50_000) },
    engagement: { reposts: Math.floor(r() * 20), likes: Math.floor(r() * 100) },
    matches: [{ watch, entities: [s.entity] }],
    sentiment: {
      label: s.label, score, confidence: 0.8, lang: s.lang, p_neg: s.label === 'negative' ? 0.8 : 0.1, p_neu: 0.1, p_pos: s.label === 'positive' ? 0.8 : 0.1,
      model: 'combined', disagreement: false,
      explanation: s.words.map(([w, c, rule]) => {
        const start = s.text.indexOf(w);
        return { start, end: start + w.length, contribution: c, rules: [rule] };
      }),
    },
    scored_at: iso,
  };
}

/** A firing alert for `watch` with evidence drawn from `mentions`. */
export function demoAlert(watch: string, at: number, mentions: ScoredMention[], fingerprint = `demo-${watch}-${at}`): Alert {
  const iso = new Date(at).toISOString();
  return {
    schemaVersion: 1,
    fingerprint,
    status: 'firing',
    startsAt: iso,
    updatedAt: iso,
    labels: { alertname: 'NegativeShareSurge', watch, series: 'negative_share', window: '5m', severity: 'critical' },
    annotations: { summary: `Negative share surged for ${watch}`, description: 'Negative share over 5 minutes is far above the baseline of the last 7 days.' },
    evidence: {
      window: '5m', observed: 0.64, expected: 0.21, score: 0.97,
      topMentions: mentions.slice(0, 5).map((m) => ({
        id: m.id, source: m.source, ...(m.url ? { url: m.url } : {}), text: m.text, author: m.author?.handle ?? '', reach: m.author?.followers ?? 0,
        label: m.sentiment.label, score: m.sentiment.score, explanation: m.sentiment.explanation,
      })),
      surgingTerms: [{ term: 'fakturan', weight: 5.2 }, { term: 'kundtjänstkaos', weight: 3.9 }, { term: 'kraschar', weight: 2.4 }],
    },
    generatorURL: `/#/alerts/${fingerprint}`,
  };
}
