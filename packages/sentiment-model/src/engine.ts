import { resolve } from 'node:path';
import { VaktError } from '@vakt/errors/vakt-error';
import type { AnalysisToken, Label } from '@vakt/sentiment/analyze';
import { blank } from '@vakt/sentiment/mask';
import { LABELS } from './data.js';
import { featurize } from './featurize.js';
import { lexiconFingerprint, vaktLexicon, type LexiconProvider } from './lexicon.js';
import { DEFAULT_MODEL_DIR, loadModel, type ModelMeta } from './model-io.js';
import { createForward, N_CLASSES, softmaxT, type NetworkWeights } from './network.js';

/** One post to score. `lang` ('sv' | 'en') skips language detection; anything else means "detect". */
export interface SentimentItem {
  text: string;
  lang?: string;
  /**
   * `[start, end)` UTF-16 spans to read as blank: the names of what is watched (see `nameSpans` in
   * `@vakt/watch/matcher`). Neither the model nor the lexicon reads them; they become spaces of the same length,
   * so explanation offsets stay those of `text`. An organisation's name says what a post is about, not how its
   * author feels, yet a model learns names from its training posts and a lexicon reads "Klarna" or "Trygg-Hansa"
   * as words: without the mask, prefixing the same posts with one agency's name or another's changed up to 18 % of
   * their labels (`pnpm --filter @vakt/sentiment-eval name-bias`).
   */
  mask?: ReadonlyArray<readonly [number, number]>;
  /** The deployment's domain words for this post (lower-cased form → valence on -4..4); they win over the lexicon. */
  overrides?: ReadonlyMap<string, number>;
}

/**
 * The verdict on one post. `label`/`score`/`confidence` are what the pipeline stores: from the calibrated model
 * (`model: 'combined'`) or, when the weights could not be loaded, from the lexicon (`'lexicon-only'`).
 * `score` = p_pos − p_neg in -1..1; `confidence` = the top probability. `lexicon` and `tokens` are the lexicon
 * engine's own verdict and explanation, kept for the dashboard. `disagreement` flags posts where model and
 * lexicon point in opposite directions with conviction: the likely sarcasm analysts want to read.
 */
export interface SentimentResult {
  label: Label;
  score: number;
  confidence: number;
  lang: 'sv' | 'en' | 'other';
  p_neg: number;
  p_neu: number;
  p_pos: number;
  lexicon: { label: Label; score: number };
  disagreement: boolean;
  model: 'combined' | 'lexicon-only';
  tokens: AnalysisToken[];
}

/** A loaded engine. `scoreBatch` is synchronous after load, allocation-light, and never throws for any string. */
export interface SentimentEngine {
  readonly model: 'combined' | 'lexicon-only';
  /** Provenance of the loaded weights (undefined in lexicon-only mode). */
  readonly meta: ModelMeta | undefined;
  scoreBatch(items: ReadonlyArray<SentimentItem>): SentimentResult[];
}

export interface EngineOptions {
  /** Folder with `manifest.json` + `weights.bin`; default: the weights shipped in this package. */
  modelDir?: string;
  /** Receives the `VAKT_MODEL_UNAVAILABLE` warning when the engine falls back to lexicon-only. */
  logger?: { warn(obj: object, msg: string): void };
  /** Lexicon provider; default `@vakt/sentiment`. Injected by tests. */
  lexicon?: LexiconProvider;
}

/** Strong disagreement: opposite polarities, the lexicon at least this sure of its score … */
export const DISAGREE_LEXICON_SCORE = 0.3;
/** … and the model giving its opposite label at least this probability. */
export const DISAGREE_MODEL_PROB = 0.6;

export { blank };

const cache = new Map<string, Promise<SentimentEngine>>();

/**
 * Creates (once per process and model dir) the sentiment engine. Missing or corrupt weights never reject: the
 * `VaktError('VAKT_MODEL_UNAVAILABLE')` is logged as a warning and the engine scores lexicon-only.
 */
export function createSentimentEngine(opts: EngineOptions = {}): Promise<SentimentEngine> {
  const dir = resolve(opts.modelDir ?? DEFAULT_MODEL_DIR);
  const key = opts.lexicon ? `${dir}\0custom` : dir;
  let p = opts.lexicon ? undefined : cache.get(key);
  if (!p) {
    p = build(dir, opts);
    if (!opts.lexicon) cache.set(key, p);
  }
  return p;
}

async function build(dir: string, opts: EngineOptions): Promise<SentimentEngine> {
  const lexicon = opts.lexicon ?? (await vaktLexicon());
  const logger = opts.logger ?? { warn: (obj: object, msg: string) => console.warn(msg, obj) };
  let loaded: { weights: NetworkWeights; meta: ModelMeta } | undefined;
  try {
    loaded = await loadModel(dir, lexicon.names);
  } catch (err) {
    const e = err instanceof VaktError ? err : new VaktError('VAKT_MODEL_UNAVAILABLE', `Sentiment model in ${dir} could not be loaded; scoring falls back to lexicon-only.`, { cause: err });
    logger.warn({ code: e.code, modelDir: dir, err: e.message }, 'sentiment model unavailable: scoring lexicon-only');
  }
  if (loaded?.meta.lexiconProbe && loaded.meta.lexiconProbe !== lexiconFingerprint(lexicon)) {
    logger.warn({ modelDir: dir, reason: 'lexicon-changed' }, 'the lexicon engine changed since this model was trained: scores stay valid, but re-run `vakt train` for the measured accuracy');
  }
  return loaded ? combinedEngine(loaded.weights, loaded.meta, lexicon) : lexiconOnlyEngine(lexicon);
}

function combinedEngine(w: NetworkWeights, meta: ModelMeta, lexicon: LexiconProvider): SentimentEngine {
  const fwd = createForward(w);
  const ids: number[] = [];
  const logits = new Float32Array(N_CLASSES);
  const p = new Float32Array(N_CLASSES);
  return {
    model: 'combined',
    meta,
    scoreBatch(items) {
      const out: SentimentResult[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) {
        const { text, lang, overrides } = clean(items[i]);
        const { analysis, features } = lexicon.features(text, lang, overrides);
        ids.length = 0;
        featurize(text, lang ?? analysis.lang, w.buckets, ids);
        fwd(ids, features, logits);
        softmaxT(logits, w.temperature, p);
        applyStructuralPrior(analysis, p);
        let best = 0;
        for (let c = 1; c < N_CLASSES; c++) if (p[c]! > p[best]!) best = c;
        const label = LABELS[best]!;
        out[i] = {
          label,
          score: p[2]! - p[0]!,
          confidence: p[best]!,
          lang: analysis.lang,
          p_neg: p[0]!,
          p_neu: p[1]!,
          p_pos: p[2]!,
          lexicon: { label: analysis.label, score: analysis.score },
          disagreement: disagree(label, p[best]!, analysis.label, analysis.score),
          model: 'combined',
          tokens: analysis.tokens,
        };
      }
      return out;
    },
  };
}

/**
 * The fallback: the lexicon's verdict, with probabilities derived from its confidence (the label gets
 * max(1/3, confidence), the rest is split evenly) so downstream code reads the same fields either way.
 */
function lexiconOnlyEngine(lexicon: LexiconProvider): SentimentEngine {
  return {
    model: 'lexicon-only',
    meta: undefined,
    scoreBatch(items) {
      return items.map((item) => {
        const { text, lang, overrides } = clean(item);
        const { analysis } = lexicon.features(text, lang, overrides);
        const top = Math.max(1 / 3, Math.min(1, analysis.confidence));
        const rest = (1 - top) / 2;
        const pr = LABELS.map((l) => (l === analysis.label ? top : rest));
        return {
          label: analysis.label,
          score: analysis.score,
          confidence: top,
          lang: analysis.lang,
          p_neg: pr[0]!,
          p_neu: pr[1]!,
          p_pos: pr[2]!,
          lexicon: { label: analysis.label, score: analysis.score },
          disagreement: false,
          model: 'lexicon-only' as const,
          tokens: analysis.tokens,
        };
      });
    },
  };
}

/**
 * Throws `VAKT_MODEL_UNAVAILABLE` unless `engine` runs the learned model. For tools that must not report the
 * lexicon-only fallback under the model's name (the eval); the pipeline never calls it.
 */
export function assertModelLoaded(engine: SentimentEngine, what: string): void {
  if (engine.model !== 'combined') {
    throw new VaktError('VAKT_MODEL_UNAVAILABLE', `${what}: the model weights did not load (see the warning above); run \`pnpm --filter @vakt/sentiment-model train\`.`);
  }
}

function disagree(modelLabel: Label, modelProb: number, lexLabel: Label, lexScore: number): boolean {
  const opposite = (modelLabel === 'positive' && lexLabel === 'negative') || (modelLabel === 'negative' && lexLabel === 'positive');
  return opposite && modelProb >= DISAGREE_MODEL_PROB && Math.abs(lexScore) >= DISAGREE_LEXICON_SCORE;
}

interface CleanItem {
  text: string;
  lang: 'sv' | 'en' | undefined;
  overrides: ReadonlyMap<string, number> | undefined;
}

// The type says string, but the scorer feeds decoded JSON: anything else scores as the empty post, never throws.
// `text` comes back with the masked spans blanked: from here on, the engine reads the post without the names.
function clean(item: SentimentItem | undefined): CleanItem {
  const raw = typeof item?.text === 'string' ? item.text : '';
  const lang = item?.lang === 'sv' || item?.lang === 'en' ? item.lang : undefined;
  const mask = Array.isArray(item?.mask) && item.mask.length > 0 ? item.mask : undefined;
  const overrides = item?.overrides instanceof Map && item.overrides.size > 0 ? item.overrides : undefined;
  return { text: mask ? blank(raw, mask) : raw, lang, overrides };
}


/**
 * Word-order rules that a bag of n-grams cannot see but the lexicon gets right with high precision: double negation
 * ("det är inte otrevligt"), a negative word used as an intensifier ("fruktansvärt trevligt"), negated intensifiers,
 * "not only … but", sarcasm markers. When one fired, the lexicon is confident and the model is not, the two
 * distributions are averaged, so the users' named cases are not lost to a model that never saw them.
 */
const STRUCTURAL_RULE = /^(double negation|intensifier-with-negative-word|negated intensifier|not only|sarcasm)/;

export function applyStructuralPrior(analysis: { label: string; score: number; tokens: ReadonlyArray<{ rules: readonly string[] }> }, p: Float32Array): void {
  if (analysis.label === 'neutral' || Math.abs(analysis.score) < 0.35) return;
  if (Math.max(p[0]!, p[1]!, p[2]!) >= 0.6) return;
  if (!analysis.tokens.some((t) => t.rules.some((r) => STRUCTURAL_RULE.test(r)))) return;
  const top = 0.5 + Math.abs(analysis.score) / 2;
  const idx = analysis.label === 'negative' ? 0 : 2;
  for (let c = 0; c < 3; c++) p[c] = (p[c]! + (c === idx ? top : (1 - top) / 2)) / 2;
}
