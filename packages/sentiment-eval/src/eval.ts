import { loadSet, SETS, type EvalSet } from './data.js';
import { score, type Scores } from './metrics.js';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Label, Prediction, SentimentSystem } from './system.js';

// Committed on purpose: predictions (labels and scores only, no text) of pinned peer packages. A cold run takes
// ~12 minutes because multilang-sentiment fuzzy-matches every word (~75 ms per post); with these files the whole
// eval takes seconds. Keys hash the package version and the exact texts, so a stale file is never read.
const CACHE_DIR = new URL('../peer-cache/', import.meta.url);

/** Peer predictions keyed by system, package version and the exact texts; recomputed when any of them changes. */
async function cached(
  sys: SentimentSystem,
  set: EvalSet,
  split: string,
  texts: readonly string[],
): Promise<Prediction[]> {
  if (!sys.cacheKey || process.env.VAKT_EVAL_NO_CACHE) return sys.scoreBatch(texts, set.lang);
  const h = createHash('sha256').update(sys.cacheKey).update(set.lang);
  for (const t of texts) h.update(t).update('\0');
  const file = new URL(`${set.name}-${split}-${h.digest('hex').slice(0, 16)}.json`, CACHE_DIR);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Prediction[];
  const preds = await sys.scoreBatch(texts, set.lang);
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(preds));
  return preds;
}

/** One line of the report. */
export interface ResultRow {
  set: string;
  system: string;
  scores: Scores;
}

/** Majority-class baseline: always answers the most frequent gold label of the *train* split (dev if none). */
export function majority(train: readonly Label[], dev: readonly Label[]): Prediction {
  const counts = new Map<Label, number>();
  for (const l of train.length ? train : dev) counts.set(l, (counts.get(l) ?? 0) + 1);
  let best: Label = 'neutral';
  for (const [l, c] of counts) if (c > (counts.get(best) ?? 0)) best = l;
  return { label: best, score: best === 'positive' ? 1 : best === 'negative' ? -1 : 0 };
}

/** Runs every system that supports the set's language on one split of one set. */
export async function evaluateSet(
  set: EvalSet,
  systems: readonly SentimentSystem[],
  split: 'train' | 'dev',
): Promise<ResultRow[]> {
  const data = loadSet(set, split);
  if (!data || data.rows.length === 0) return [];
  const texts = data.rows.map((r) => r.text);
  const gold = data.rows.map((r) => r.label);
  const train = split === 'dev' ? (loadSet(set, 'train')?.rows.map((r) => r.label) ?? []) : gold;
  const out: ResultRow[] = [];
  const base = majority(train, gold);
  out.push({
    set: set.name,
    system: `majority (${base.label})`,
    scores: score(
      gold,
      gold.map(() => base),
      set.classes,
    ),
  });
  for (const sys of systems) {
    if (!sys.langs.includes(set.lang)) continue;
    const preds = await cached(sys, set, split, texts);
    out.push({ set: set.name, system: sys.name, scores: score(gold, preds, set.classes) });
  }
  return out;
}

const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);

/** Renders the results as a fixed-width table, one block per set, with a verdict line for Vakt. */
export function renderTable(rows: readonly ResultRow[], sets: readonly EvalSet[] = SETS): string {
  const lines: string[] = [];
  for (const set of sets) {
    const block = rows.filter((r) => r.set === set.name);
    if (!block.length) continue;
    lines.push(`\n${set.name} [${set.lang}, ${set.classes.length}-class, n=${block[0]!.scores.n}] — ${set.note}`);
    lines.push(`  ${'system'.padEnd(26)}   acc  macroF1  macroRec`);
    for (const r of block) {
      const s = r.scores;
      const abst = s.abstained > 0 ? `  (no answer on ${pct(s.abstained).trim()}%)` : '';
      lines.push(`  ${r.system.padEnd(26)} ${pct(s.accuracy)}   ${pct(s.macroF1)}    ${pct(s.macroRecall)}${abst}`);
    }
    const vakt = block.find((r) => r.system.startsWith('vakt (lexicon'));
    const peers = block.filter((r) => !r.system.startsWith('vakt') && !r.system.startsWith('majority'));
    if (vakt && peers.length) {
      const best = peers.reduce((a, b) => (b.scores.macroF1 > a.scores.macroF1 ? b : a));
      const ok = vakt.scores.macroF1 > best.scores.macroF1;
      lines.push(
        `  → vakt ${ok ? 'beats' : 'DOES NOT beat'} the best peer (${best.system}, macro-F1 ${pct(best.scores.macroF1).trim()}) by ${(100 * (vakt.scores.macroF1 - best.scores.macroF1)).toFixed(1)} points`,
      );
    }
  }
  return lines.join('\n');
}
