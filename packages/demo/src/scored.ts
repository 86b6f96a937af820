import type { Alert } from '@vakt/schema/alert';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { DEMO_WATCHES } from './feed.js';
import { BASELINE, ORGS, STORM, type OrgKey, type Template } from './texts.js';

/**
 * Already-scored demo mentions and a firing alert, for what needs the scorer's output without running it: the
 * dashboard's browser tests and its load script. The texts are the demo feed's (`texts.ts`), so the dashboard shows
 * what `vakt up --demo` would send; the label is the template's, and the explanation marks the words below.
 * Synthetic data only, never real mentions.
 */

/** Words of the demo texts that an explanation marks, with a plausible contribution and the rule that gave it. */
const EXPLAINED: ReadonlyArray<readonly [word: string, contribution: number, rule: string]> = [
  ['smidigt', 0.6, 'lexicon'],
  ['Smidig', 0.6, 'lexicon'],
  ['trevlig', 0.7, 'lexicon'],
  ['fruktansvärt', 0.3, 'intensifier'],
  ['inte alls krångligt', 0.5, 'negation'],
  ['inte otrevligt', 0.4, 'negation'],
  ['utan problem', 0.4, 'absence'],
  ['love', 0.7, 'lexicon'],
  ['helpful', 0.6, 'lexicon'],
  ['super', 0.2, 'intensifier'],
  ['funkar', 0.4, 'lexicon'],
  ['not very clear', -0.3, 'negation'],
  ['Väntat', -0.3, 'lexicon'],
  ['😩', -0.5, 'emoji'],
  ['nere', -0.5, 'lexicon'],
  ['Skandal', -0.9, 'lexicon'],
  ['tappa', -0.5, 'lexicon'],
  ['oacceptabelt', -0.8, 'lexicon'],
  ['grymt jobbat', -0.6, 'sarcasm'],
  ['svarar inte', -0.6, 'negation'],
  ['skämt', -0.6, 'lexicon'],
  ['😡', -0.7, 'emoji'],
  ['dåligt', -0.7, 'lexicon'],
  ['trött', -0.5, 'lexicon'],
  ['kaoset', -0.7, 'lexicon'],
  ['trasig', -0.6, 'lexicon'],
  ['late', -0.4, 'lexicon'],
  ['Terrible', -0.8, 'lexicon'],
  ['inte betalat ut', -0.6, 'negation'],
];
const TEMPLATES: ReadonlyArray<readonly [Template, OrgKey]> = [
  ...BASELINE.trygghetskassan.map((t) => [t, 'trygghetskassan'] as const),
  ...BASELINE.nordpay.map((t) => [t, 'nordpay'] as const),
  ...STORM.map((t) => [t, 'trygghetskassan'] as const),
];
const SOURCES = ['bluesky', 'mastodon', 'rss', 'reddit', 'forum'];

let seq = 0;

const entitiesIn = (text: string, org: OrgKey): string[] => {
  const lower = text.toLowerCase();
  const entities = DEMO_WATCHES.find((w) => w.name === org)?.entities ?? [];
  return entities.filter((e) => lower.includes(e.name.toLowerCase())).map((e) => e.name);
};

/**
 * One scored demo mention for `watch` at time `at`, drawn with `r` (a seeded `rng` makes a run repeatable); the
 * explanation spans sit at the right UTF-16 offsets of its text.
 */
export function demoScoredMention(watch: string, at: number, r: () => number): ScoredMention {
  const [template, org] = TEMPLATES[Math.floor(r() * TEMPLATES.length)]!;
  const o = ORGS[org];
  const text = template.text
    .replace('{svc}', o.services[Math.floor(r() * o.services.length)]!)
    .replace('{person}', o.people[Math.floor(r() * o.people.length)]!);
  const label = template.label;
  const score = label === 'negative' ? -0.4 - r() * 0.5 : label === 'positive' ? 0.4 + r() * 0.5 : r() * 0.2 - 0.1;
  seq += 1;
  const iso = new Date(at).toISOString();
  const explanation = EXPLAINED.flatMap(([word, contribution, rule]) => {
    const start = text.indexOf(word);
    return start < 0 ? [] : [{ start, end: start + word.length, contribution, rules: [rule] }];
  }).sort((a, b) => a.start - b.start);
  return {
    schemaVersion: 1,
    id: `demo-${seq}`,
    source: SOURCES[Math.floor(r() * SOURCES.length)]!,
    text,
    created_at: iso,
    ingested_at: iso,
    url: `https://example.org/post/${seq}`,
    author: { handle: `user${Math.floor(r() * 500)}`, followers: Math.floor(r() ** 3 * 50_000) },
    engagement: { reposts: Math.floor(r() * 20), likes: Math.floor(r() * 100) },
    // The demo watch entities (touchpoints, services, people) its text names, as ingest's matcher would list them.
    matches: [{ watch, entities: entitiesIn(text, org) }],
    sentiment: {
      label,
      score,
      confidence: 0.8,
      lang: template.lang,
      p_neg: label === 'negative' ? 0.8 : 0.1,
      p_neu: label === 'neutral' ? 0.8 : 0.1,
      p_pos: label === 'positive' ? 0.8 : 0.1,
      model: 'combined',
      disagreement: false,
      explanation,
    },
    scored_at: iso,
  };
}

/** A firing alert for `watch` with evidence drawn from `mentions`. */
export function demoAlert(
  watch: string,
  at: number,
  mentions: ScoredMention[],
  fingerprint = `demo-${watch}-${at}`,
): Alert {
  const iso = new Date(at).toISOString();
  return {
    schemaVersion: 1,
    fingerprint,
    status: 'firing',
    startsAt: iso,
    updatedAt: iso,
    labels: { alertname: 'NegativeShareSurge', watch, series: 'negative_share', window: '5m', severity: 'critical' },
    annotations: {
      summary: `Negative share surged for ${watch}`,
      description: 'Negative share over 5 minutes is far above the baseline of the last 7 days.',
    },
    evidence: {
      window: '5m',
      observed: 0.64,
      expected: 0.21,
      score: 0.97,
      topMentions: mentions.slice(0, 5).map((m) => ({
        id: m.id,
        source: m.source,
        ...(m.url ? { url: m.url } : {}),
        text: m.text,
        author: m.author?.handle ?? '',
        reach: m.author?.followers ?? 0,
        label: m.sentiment.label,
        score: m.sentiment.score,
        explanation: m.sentiment.explanation,
      })),
      surgingTerms: [
        { term: 'utbetalning', weight: 5.2 },
        { term: 'ansökan', weight: 3.9 },
        { term: 'nere', weight: 2.4 },
      ],
    },
    generatorURL: `/#/alerts/${fingerprint}`,
  };
}
