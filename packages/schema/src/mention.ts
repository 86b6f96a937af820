import { Type, type Static } from '@sinclair/typebox';
import { compile } from './validate.js';

/** Longest mention text accepted. Social posts are far shorter; RSS items are summaries. Longer is dead-lettered. */
export const MAX_TEXT_CHARS = 32_768;

const IsoTime = Type.String({ format: 'date-time', maxLength: 40 });

export const Author = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 256 })),
    handle: Type.Optional(Type.String({ maxLength: 256 })),
    name: Type.Optional(Type.String({ maxLength: 256 })),
    followers: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const Engagement = Type.Object(
  {
    reposts: Type.Optional(Type.Integer({ minimum: 0 })),
    replies: Type.Optional(Type.Integer({ minimum: 0 })),
    likes: Type.Optional(Type.Integer({ minimum: 0 })),
    quotes: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

const inputFields = {
  /** Unique per source; (source, id) is the dedup key everywhere downstream. */
  id: Type.String({ minLength: 1, maxLength: 512 }),
  source: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_.:-]*$' }),
  text: Type.String({ minLength: 1, maxLength: MAX_TEXT_CHARS }),
  created_at: IsoTime,
  url: Type.Optional(Type.String({ maxLength: 2048 })),
  /** ISO 639-1/3 hint from the source; the scorer detects the language itself when absent. */
  lang: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}$' })),
  author: Type.Optional(Author),
  engagement: Type.Optional(Engagement),
  /** Set by a feed that already knows its watch; otherwise ingest matches the text against configured watches. */
  watch: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
};

/** What a client or connector sends to ingest (`POST /v1/mentions`, `vakt replay`). */
export const MentionInput = Type.Object(inputFields, { additionalProperties: false, $id: 'MentionInput' });
export type MentionInput = Static<typeof MentionInput>;

/** One watch a mention matched, with the named sub-entities (services, touchpoints, people) it hit. */
export const WatchMatch = Type.Object(
  {
    watch: Type.String({ minLength: 1, maxLength: 128 }),
    entities: Type.Array(Type.String({ maxLength: 128 }), { maxItems: 64 }),
  },
  { additionalProperties: false },
);
export type WatchMatch = Static<typeof WatchMatch>;

/**
 * A mention on `vakt.mentions.raw`: the input plus what ingest adds. Keyed by `${source}:${id}` so that every
 * version of one mention lands on one partition, in order.
 */
export const Mention = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    ...inputFields,
    ingested_at: IsoTime,
    matches: Type.Array(WatchMatch, { minItems: 1, maxItems: 64 }),
  },
  { additionalProperties: false, $id: 'Mention' },
);
export type Mention = Static<typeof Mention>;

export const mentionInputValidator = compile('MentionInput', MentionInput);
export const mentionValidator = compile('Mention', Mention);

/** The Kafka key of a mention: same mention, same partition, so re-sends stay ordered. */
export const mentionKey = (m: { source: string; id: string }): string => `${m.source}:${m.id}`;
