import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Sentiment } from '@vakt/schema/scored-mention';
import type { SentimentScorer } from '@vakt/stages/score';
import type { Logger } from '@vakt/pipeline/logger';
import type { WatchScoring } from '@vakt/watch/scoring-context';

interface TokenLike {
  start: number;
  end: number;
  contribution: number;
  rules: string[];
}
interface ResultLike {
  label: Sentiment['label'];
  score: number;
  confidence: number;
  lang: string;
  p_neg?: number;
  p_neu?: number;
  p_pos?: number;
  disagreement?: boolean;
  model?: string;
  tokens: TokenLike[];
  /** Highlights of the final verdict (the combined engine's); without them the lexicon's tokens are the highlights. */
  spans?: TokenLike[];
}

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/**
 * Only tokens that mattered are kept as highlight spans: the dashboard shows why, not every word. The spans are the
 * final verdict's (each token's push on it), so a span's sign says which way it moved the label shown beside it.
 */
export function toSentiment(r: ResultLike): Sentiment {
  const explanation = (r.spans ?? r.tokens)
    .filter((t) => t.contribution !== 0 || t.rules.length > 0)
    .slice(0, 512)
    .map((t) => ({
      start: t.start,
      end: t.end,
      contribution: Math.round(t.contribution * 1000) / 1000,
      rules: t.rules.slice(0, 16).map((x) => x.slice(0, 64)),
    }));
  // Lexicon-only results have no probabilities: spread the confidence over the label, the rest evenly.
  const rest = (1 - clamp01(r.confidence)) / 2;
  const p = (label: Sentiment['label'], given: number | undefined): number =>
    clamp01(given ?? (r.label === label ? clamp01(r.confidence) : rest));
  return {
    label: r.label,
    score: Math.max(-1, Math.min(1, Number.isFinite(r.score) ? r.score : 0)),
    confidence: clamp01(r.confidence),
    lang: r.lang.slice(0, 8),
    p_neg: p('negative', r.p_neg),
    p_neu: p('neutral', r.p_neu),
    p_pos: p('positive', r.p_pos),
    model: r.model ?? 'lexicon-only',
    disagreement: r.disagreement ?? false,
    explanation,
  };
}

/**
 * The model directory to score with: an explicit `modelDir`; else the deployment's adapted model that
 * `vakt train --add…` writes to `<dataDir>/model`; else undefined, meaning the shipped model.
 */
export function resolveModelDir(config: {
  modelDir?: string | undefined;
  dataDir?: string | undefined;
}): string | undefined {
  if (config.modelDir) return resolve(config.modelDir);
  if (config.dataDir) {
    const adapted = join(resolve(config.dataDir), 'model');
    if (existsSync(join(adapted, 'manifest.json'))) return adapted;
  }
  return undefined;
}

type ScorerItem = Parameters<SentimentScorer['scoreBatch']>[0][number];

/** The watch names of a mention's matches; [] for anything that is not a list of matches (decoded JSON). */
function watchNames(item: ScorerItem): string[] {
  const matches = item.matches;
  if (!Array.isArray(matches)) return [];
  const names: string[] = [];
  for (const m of matches) if (typeof m?.watch === 'string') names.push(m.watch);
  return names;
}

/**
 * The scorer's engine: the combined lexicon + learned model when its weights load, otherwise the lexicon engine
 * alone with a logged warning. It never fails startup over the model: scoring must go on. With `watches`, each
 * mention is scored with what its matched watches declare: their domain words override the lexicon, and their
 * names are hidden from the model (`watchScoring` in @vakt/watch).
 */
/** One explained verdict: what the pipeline stores and the engine's full result with its explanation. */
export interface ExplainedVerdict {
  sentiment: Sentiment;
  /** The engine's result (`SentimentResult` of @vakt/sentiment-model, with `explanation`), or the lexicon's analysis. */
  detail: unknown;
}

/** The scorer's engine; `explain` runs the very same path as `scoreBatch` and returns the explanation with it. */
export type ScorerEngine = SentimentScorer & { kind: string; explain(items: ScorerItem[]): ExplainedVerdict[] };

export async function createScorerEngine(
  log: Logger,
  modelDir?: string,
  watches?: WatchScoring,
): Promise<ScorerEngine> {
  const context = (i: ScorerItem): ReturnType<WatchScoring['forMention']> => {
    if (!watches) return {};
    const names = watchNames(i);
    return names.length === 0 ? {} : watches.forMention(i.text, names);
  };
  try {
    const { createSentimentEngine } = await import('@vakt/sentiment-model/engine');
    const engine = await createSentimentEngine({
      logger: { warn: (obj: object, msg: string) => log.warn(obj, msg) },
      ...(modelDir ? { modelDir } : {}),
    });
    log.info({ modelDir: modelDir ?? 'shipped', watches: watches ? 'applied' : 'none' }, 'sentiment model loaded');
    const toItem = (i: ScorerItem) => ({ text: i.text, ...(i.lang ? { lang: i.lang } : {}), ...context(i) });
    return {
      kind: 'combined',
      scoreBatch: async (items) =>
        (await engine.scoreBatch(items.map(toItem))).map((r) => toSentiment(r as ResultLike)),
      explain: (items) =>
        engine
          .scoreBatch(items.map(toItem), { explain: true })
          .map((r) => ({ sentiment: toSentiment(r as ResultLike), detail: r })),
    };
  } catch (e) {
    log.warn({ err: (e as Error).message }, 'sentiment model unavailable; scoring with the lexicon engine only');
    const [{ analyze }, { blank }] = await Promise.all([
      import('@vakt/sentiment/analyze'),
      import('@vakt/sentiment/mask'),
    ]);
    // The same reading as the combined engine's: names blanked, domain words applied.
    const read = (i: ScorerItem) => {
      const { mask, overrides } = context(i);
      const text = mask ? blank(i.text, mask) : i.text;
      return analyze(text, {
        ...(i.lang === 'sv' || i.lang === 'en' ? { lang: i.lang } : {}),
        ...(overrides ? { overrides } : {}),
      });
    };
    return {
      kind: 'lexicon-only',
      scoreBatch: (items) => items.map((i) => toSentiment(read(i))),
      explain: (items) =>
        items.map((i) => {
          const a = read(i);
          return { sentiment: toSentiment(a), detail: a };
        }),
    };
  }
}
