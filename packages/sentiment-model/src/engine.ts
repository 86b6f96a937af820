import { resolve } from 'node:path';
import { VaktError } from '@vakt/errors/vakt-error';
import type { AnalysisToken, Label } from '@vakt/sentiment/analyze';
import { blank } from '@vakt/sentiment/mask';
import { createHighlighter, wordPushes, type HighlightSpan } from './attribution.js';
import { combine, DEFAULT_POLICY, NO_GUARD, neutralShift, type CombinePolicy } from './combine.js';
import { LABELS } from './data.js';
import { createDecomposer } from './decompose.js';
import { explainVerdict, lexiconOnlyExplanation, type Explanation } from './explain.js';
import { featurize, type TokenMarks } from './featurize.js';
import { lexiconFingerprint, lexiconView, vaktLexicon, type LexiconProvider } from './lexicon.js';
import { DEFAULT_MODEL_DIR, loadModel, type ModelMeta } from './model-io.js';
import { N_CLASSES, type NetworkWeights } from './network.js';
import { RULE_FAMILIES } from './rule-families.js';

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
 * The verdict on one post: one label and score, and what explains them. `label`/`score`/`confidence` are what the
 * pipeline stores: the calibrated model's, combined with the lexicon by `combine` (`model: 'combined'`), or, when
 * the weights could not be loaded, the lexicon's (`'lexicon-only'`). `score` = p_pos − p_neg in -1..1.
 * `lexicon` is the lexicon engine's own verdict and `tokens` its token table; `spans` are the highlights of the
 * FINAL verdict (each token's push on it, see `highlightSpans`); `disagreement` is true exactly when the
 * lexicon's polarity and the final label differ. `explanation` (only with `{ explain: true }`) breaks the score
 * into lines that sum to it.
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
  spans: HighlightSpan[];
  explanation?: Explanation;
}

/** A loaded engine. `scoreBatch` is synchronous after load, allocation-light, and never throws for any string. */
export interface SentimentEngine {
  readonly model: 'combined' | 'lexicon-only';
  /** Provenance of the loaded weights (undefined in lexicon-only mode). */
  readonly meta: ModelMeta | undefined;
  scoreBatch(items: ReadonlyArray<SentimentItem>, opts?: { explain?: boolean }): SentimentResult[];
}

export interface EngineOptions {
  /** Folder with `manifest.json` + `weights.bin`; default: the weights shipped in this package. */
  modelDir?: string;
  /** Receives the `VAKT_MODEL_UNAVAILABLE` warning when the engine falls back to lexicon-only. */
  logger?: { warn(obj: object, msg: string): void };
  /** Lexicon provider; default `@vakt/sentiment`. Injected by tests. */
  lexicon?: LexiconProvider;
}

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
    const e =
      err instanceof VaktError
        ? err
        : new VaktError(
            'VAKT_MODEL_UNAVAILABLE',
            `Sentiment model in ${dir} could not be loaded; scoring falls back to lexicon-only.`,
            { cause: err },
          );
    logger.warn({ code: e.code, modelDir: dir, err: e.message }, 'sentiment model unavailable: scoring lexicon-only');
  }
  if (loaded?.meta.lexiconProbe && loaded.meta.lexiconProbe !== lexiconFingerprint(lexicon)) {
    logger.warn(
      { modelDir: dir, reason: 'lexicon-changed' },
      'the lexicon engine changed since this model was trained: scores stay valid, but re-run `vakt train` for the measured accuracy',
    );
  }
  return loaded ? combinedEngine(loaded.weights, loaded.meta, lexicon) : lexiconOnlyEngine(lexicon);
}

function combinedEngine(w: NetworkWeights, meta: ModelMeta, lexicon: LexiconProvider): SentimentEngine {
  const decompose = createDecomposer(w);
  const policy = policyOf(meta);
  const T = w.temperature;
  const z = new Float64Array(N_CLASSES);
  const bag = new Float64Array(N_CLASSES);
  const ids: number[] = [];
  const marks: TokenMarks = { tokens: [], ends: [] };
  const highlight = createHighlighter();
  return {
    model: 'combined',
    meta,
    scoreBatch(items, opts) {
      const out: SentimentResult[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) {
        const { text, modelText, lang, overrides } = clean(items[i]);
        const { analysis, features } = lexicon.features(text, lang, overrides);
        ids.length = 0;
        marks.tokens.length = 0;
        marks.ends.length = 0;
        featurize(modelText, lang ?? analysis.lang, w.buckets, ids, marks);
        const parts = decompose(ids, features, marks);
        for (let c = 0; c < N_CLASSES; c++) {
          z[c] = parts.logits[c]! / T;
          bag[c] = parts.bag[c]! / T;
        }
        const shift = neutralShift(policy, lang ?? analysis.lang);
        z[1]! += shift;
        const view = lexiconView(analysis);
        const verdict = combine(z, bag, view, policy);
        const lexiconPush = (parts.lexicon[2]! - parts.lexicon[0]!) / T;
        out[i] = {
          label: verdict.label,
          score: verdict.score,
          confidence: verdict.confidence,
          lang: analysis.lang,
          p_neg: verdict.p[0]!,
          p_neu: verdict.p[1]!,
          p_pos: verdict.p[2]!,
          lexicon: { label: analysis.label, score: analysis.score },
          disagreement: verdict.disagreement,
          model: 'combined',
          tokens: analysis.tokens,
          spans: highlight(analysis.tokens, analysis.raw, lexiconPush, parts, marks, T, text),
          ...(opts?.explain
            ? {
                explanation: explainVerdict({
                  w,
                  parts,
                  shift,
                  features,
                  verdict,
                  view,
                  ...wordPushes(parts, marks, T, text),
                  policy,
                  lexiconNames: lexicon.names,
                }),
              }
            : {}),
        };
      }
      return out;
    },
  };
}

function policyOf(meta: ModelMeta): CombinePolicy {
  if (meta.lexiconFeatureNames.length === 0) return NO_GUARD;
  const p = (meta.hyper as { policy?: Partial<CombinePolicy> }).policy;
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  return {
    strong: num(p?.strong, DEFAULT_POLICY.strong),
    polarMargin: num(p?.polarMargin, DEFAULT_POLICY.polarMargin),
    ruleMargin: num(p?.ruleMargin, DEFAULT_POLICY.ruleMargin),
    emptyMargin: num(p?.emptyMargin, DEFAULT_POLICY.emptyMargin),
    keep: num(p?.keep, DEFAULT_POLICY.keep),
    ...(typeof p?.polarMarginSv === 'number' ? { polarMarginSv: p.polarMarginSv } : {}),
    ...(p?.ruleMargins
      ? {
          ruleMargins: Object.fromEntries(
            RULE_FAMILIES.filter((f) => typeof p.ruleMargins?.[f] === 'number').map((f) => [f, p.ruleMargins![f]!]),
          ),
        }
      : {}),
    neutralShiftSv: num(p?.neutralShiftSv, 0),
    neutralShiftEn: num(p?.neutralShiftEn, 0),
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
    scoreBatch(items, opts) {
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
          spans: analysis.tokens
            .filter((t) => t.contribution !== 0 || t.rules.length > 0)
            .map((t) => ({ start: t.start, end: t.end, contribution: t.contribution, rules: t.rules })),
          ...(opts?.explain ? { explanation: lexiconOnlyExplanation(analysis.score) } : {}),
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
    throw new VaktError(
      'VAKT_MODEL_UNAVAILABLE',
      `${what}: the model weights did not load (see the warning above); run \`pnpm --filter @vakt/sentiment-model train\`.`,
    );
  }
}

interface CleanItem {
  /** The post with masked spans blanked (same offsets): what the lexicon reads. */
  text: string;
  /** The post with each masked span read as an @mention: what the model reads (see `SentimentItem.mask`). */
  modelText: string;
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
  return { text: mask ? blank(raw, mask) : raw, modelText: mask ? asMention(raw, mask) : raw, lang, overrides };
}

/**
 * The model reads a masked name as an @mention: a placeholder it saw in every tweet addressed to an account
 * (normalised to one token, "xuserx"), so "besviken på <name>" keeps a known word where the name was instead of
 * the unseen bigram "på idag" that blanks produce. Spans are the same as for `blank` (sorted, clamped).
 */
export function asMention(text: string, mask: ReadonlyArray<readonly [number, number]>): string {
  const blanked = blank(text, mask);
  const masked = (k: number): boolean => blanked.charCodeAt(k) === 32 && text.charCodeAt(k) !== 32;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (masked(i)) {
      // One placeholder per name, also for a name of several words ("Region Stockholm").
      let j = i;
      while (j < text.length && (masked(j) || (blanked.charCodeAt(j) === 32 && masked(j + 1)))) j++;
      out += ' @x ';
      i = j;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}
