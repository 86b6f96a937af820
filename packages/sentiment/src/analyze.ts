import { documentLanguage, isShouting, lookUpWords, newWork, prepare, splitSentences, type Work } from './prepare.js';
import { applyRules } from './rules.js';
import { tokenizeWith } from './tokenize.js';
import type { Lang } from './language.js';

export type Label = 'negative' | 'neutral' | 'positive';

/** One token as the dashboard highlights it. Offsets are UTF-16 code units into the analysed text, end exclusive. */
export interface AnalysisToken {
  text: string;
  start: number;
  end: number;
  /** The lexicon form that matched, when it differs from the text ("trevlig" for "trevligt", "kaos" in "kundtjänstkaos"). */
  lemma?: string;
  /** The lexicon valence before any rule (-4..4); 0 for words without sentiment. */
  valence: number;
  /** What this token adds to `raw` after every rule. The contributions of all tokens sum to `raw`. */
  contribution: number;
  /** Every rule that changed this token, in the order applied; empty when none did. */
  rules: string[];
}

/**
 * The engine's verdict on one text. `score` is `raw` squashed into -1..1 (VADER's normalisation, alpha 15);
 * `label` comes from `score` and per-language thresholds; `confidence` (0..1) is lower for weak evidence,
 * uncertain language and "other". `lang` is the document language; clauses in the other language are scored
 * with their own lexicon (their tokens carry a `code-switch` rule).
 */
export interface Analysis {
  label: Label;
  score: number;
  confidence: number;
  lang: Lang;
  raw: number;
  tokens: AnalysisToken[];
  /** Counts about the whole text that no single token carries (punctuation is not a token). */
  stats: AnalysisStats;
}

/** Text-level signals, used by `lexiconFeatures` and the learned model. */
export interface AnalysisStats {
  words: number;
  sentences: number;
  exclamations: number;
  questions: number;
  capsWords: number;
  elongatedWords: number;
  /** Confidence of the document language guess (1 when the caller gave `lang`). */
  langConfidence: number;
  /** True when an irony marker (🙄, "ja visst", #sarkasm …) was seen. */
  sarcasmMarker: boolean;
}

/** Options for `analyze`. */
export interface AnalyzeOptions {
  /** Skip detection and treat the text as this language (clauses clearly in the other one still switch). */
  lang?: 'sv' | 'en';
  /** Deployment domain words: lower-cased exact form → valence on -4..4. Wins over every lexicon. */
  overrides?: Record<string, number> | ReadonlyMap<string, number>;
}

const ALPHA = 15;
/**
 * Label thresholds on `score`, chosen on the train splits (see packages/sentiment-eval/README.md). Negative
 * posts use fewer sentiment words than positive ones, so the negative threshold sits closer to zero.
 */
export const THRESHOLDS: Readonly<Record<Lang, { pos: number; neg: number }>> = {
  sv: { pos: 0.3, neg: -0.2 },
  en: { pos: 0.3, neg: -0.22 },
  other: { pos: 0.4, neg: -0.4 },
};
const overrideCache = new WeakMap<object, ReadonlyMap<string, number>>();

function overrideMap(o: AnalyzeOptions['overrides']): ReadonlyMap<string, number> | undefined {
  if (!o) return undefined;
  if (o instanceof Map) return o;
  let m = overrideCache.get(o);
  if (!m) {
    const built = new Map<string, number>();
    for (const [k, v] of Object.entries(o))
      if (typeof v === 'number' && Number.isFinite(v)) built.set(k.toLowerCase(), Math.max(-4, Math.min(4, v)));
    m = built;
    overrideCache.set(o, m);
  }
  return m;
}

/** Maps a score to a label with the thresholds of `lang`. */
export function labelFor(score: number, lang: Lang): Label {
  const t = THRESHOLDS[lang];
  return score >= t.pos ? 'positive' : score <= t.neg ? 'negative' : 'neutral';
}

/**
 * Scores one text. Pure and synchronous; never throws for any string (non-strings are coerced with `String`).
 * Cost is linear in the text's length.
 */
export function analyze(text: string, opts: AnalyzeOptions = {}): Analysis {
  const input = typeof text === 'string' ? text : String(text ?? '');
  const ws = tokenizeWith(input, newWork);
  lookUpWords(ws);
  const guess = documentLanguage(ws, opts.lang);
  const sentences = splitSentences(ws, guess.lang);
  prepare(ws, sentences, overrideMap(opts.overrides), isShouting(ws));
  for (const w of ws) {
    if (w.base === 0) continue;
    const s = sentences[w.sentence]!;
    if (s.lang !== guess.lang && s.lang !== 'other') w.rules.unshift(`code-switch: ${s.lang}`);
  }
  applyRules(ws, sentences);
  let exclamations = 0;
  let questions = 0;
  let sarcasmMarker = false;
  for (const s of sentences) {
    exclamations += s.exclamations;
    if (s.question) questions++;
    if (s.sarcasm !== undefined) sarcasmMarker = true;
  }
  const stats: AnalysisStats = {
    words: 0,
    sentences: sentences.length,
    exclamations,
    questions,
    capsWords: 0,
    elongatedWords: 0,
    langConfidence: guess.confidence,
    sarcasmMarker,
  };
  return publish(ws, guess.lang, guess.confidence, stats);
}

/** Builds the published tokens and the score; counts the word statistics on the way (one pass). */
function publish(ws: Work[], lang: Lang, langConfidence: number, stats: AnalysisStats): Analysis {
  const tokens: AnalysisToken[] = [];
  let raw = 0;
  let bearing = 0;
  for (const w of ws) {
    const kind = w.kind;
    if (kind === 'punct' || kind === 'break') continue;
    if (kind === 'word') {
      stats.words++;
      if (w.caps) stats.capsWords++;
      if (w.elongated) stats.elongatedWords++;
    }
    const contribution = w.base === 0 ? 0 : w.base * w.scalar;
    raw += contribution;
    if (contribution !== 0) bearing++;
    const t: AnalysisToken = {
      text: w.text,
      start: w.start,
      end: w.end,
      valence: w.base,
      contribution,
      rules: w.rules,
    };
    if (w.lemma !== undefined && w.lemma !== w.norm) t.lemma = w.lemma;
    tokens.push(t);
  }
  const score = raw / Math.sqrt(raw * raw + ALPHA);
  const label = labelFor(score, lang);
  return {
    label,
    score,
    confidence: confidenceOf(score, label, lang, langConfidence, bearing),
    lang,
    raw,
    tokens,
    stats,
  };
}

/** Higher for a clear margin past the threshold, more evidence and a surer language; "other" stays low. */
function confidenceOf(score: number, label: Label, lang: Lang, langConfidence: number, bearing: number): number {
  const t = THRESHOLDS[lang];
  const margin =
    label === 'positive'
      ? score - t.pos
      : label === 'negative'
        ? t.neg - score
        : Math.min(t.pos - score, score - t.neg);
  const span =
    label === 'neutral' ? Math.max(1e-9, (t.pos - t.neg) / 2) : 1 - Math.abs(label === 'positive' ? t.pos : t.neg);
  const strength = Math.max(0, Math.min(1, margin / span));
  const evidence = label === 'neutral' ? (bearing === 0 ? 0.7 : 0.5) : Math.min(1, 0.55 + 0.15 * bearing);
  let c = (0.35 + 0.6 * strength) * evidence * (0.6 + 0.4 * langConfidence);
  if (lang === 'other') c = Math.min(c, 0.35);
  return Math.round(Math.max(0.01, Math.min(0.99, c)) * 1000) / 1000;
}
