import { Type, type Static } from '@sinclair/typebox';
import { compile } from './validate.js';
import { Mention } from './mention.js';

export const Label = Type.Union([Type.Literal('negative'), Type.Literal('neutral'), Type.Literal('positive')]);
export type Label = Static<typeof Label>;

/** One highlighted span of the explanation: UTF-16 offsets into `text`, its signed contribution, and why. */
export const ExplanationSpan = Type.Object(
  {
    start: Type.Integer({ minimum: 0 }),
    end: Type.Integer({ minimum: 0 }),
    contribution: Type.Number(),
    rules: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 16 }),
  },
  { additionalProperties: false },
);
export type ExplanationSpan = Static<typeof ExplanationSpan>;

export const Sentiment = Type.Object(
  {
    label: Label,
    score: Type.Number({ minimum: -1, maximum: 1 }),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    /** Detected language: 'sv', 'en' or 'other'. */
    lang: Type.String({ maxLength: 8 }),
    p_neg: Type.Number({ minimum: 0, maximum: 1 }),
    p_neu: Type.Number({ minimum: 0, maximum: 1 }),
    p_pos: Type.Number({ minimum: 0, maximum: 1 }),
    /** 'combined' (lexicon + model) or 'lexicon-only' (model unavailable). */
    model: Type.String({ maxLength: 32 }),
    /** Model and lexicon disagree strongly: the interesting mentions for analysts, often sarcasm. */
    disagreement: Type.Boolean(),
    explanation: Type.Array(ExplanationSpan, { maxItems: 512 }),
  },
  { additionalProperties: false },
);
export type Sentiment = Static<typeof Sentiment>;

/** A mention on `vakt.mentions.scored`, keyed like the raw mention. */
export const ScoredMention = Type.Object(
  {
    ...Mention.properties,
    sentiment: Sentiment,
    scored_at: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { additionalProperties: false, $id: 'ScoredMention' },
);
export type ScoredMention = Static<typeof ScoredMention>;

export const scoredMentionValidator = compile('ScoredMention', ScoredMention);
/** The part of a ScoredMention the scorer adds: it validates this alone, the mention around it was validated on input. */
export const sentimentValidator = compile('Sentiment', Sentiment);
