import { Type, type Static } from '@sinclair/typebox';
import { compile } from './validate.js';

/** Longest mention text accepted. Social posts are far shorter; RSS items are summaries. Longer is dead-lettered. */
export const MAX_TEXT_CHARS = 32_768;

const IsoTime = Type.String({ format: 'date-time', maxLength: 40 });

export const Author = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 256, description: "The author's id at the source." })),
    handle: Type.Optional(
      Type.String({
        maxLength: 256,
        description: 'The handle shown with the mention (without @); pseudonymised at ingest when configured.',
      }),
    ),
    name: Type.Optional(Type.String({ maxLength: 256, description: 'Display name.' })),
    followers: Type.Optional(Type.Integer({ minimum: 0, description: "Follower count: part of a mention's reach." })),
  },
  { additionalProperties: false },
);

export const Engagement = Type.Object(
  {
    reposts: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Reposts/shares so far: reach and the spreading-post alert.' }),
    ),
    replies: Type.Optional(Type.Integer({ minimum: 0, description: 'Replies so far.' })),
    likes: Type.Optional(Type.Integer({ minimum: 0, description: 'Likes so far.' })),
    quotes: Type.Optional(Type.Integer({ minimum: 0, description: 'Quote posts so far.' })),
  },
  { additionalProperties: false },
);

const inputFields = {
  /** Unique per source; (source, id) is the dedup key everywhere downstream. */
  id: Type.String({
    minLength: 1,
    maxLength: 512,
    description: 'Unique per source; (source, id) is the dedup key: sending it again updates the mention.',
  }),
  source: Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[a-z0-9][a-z0-9_.:-]*$',
    description: 'Where the mention comes from (e.g. `x`, `mastodon`, `rss`, `kundtjanst`).',
  }),
  text: Type.String({
    minLength: 1,
    maxLength: MAX_TEXT_CHARS,
    description: 'The post as written; scored for sentiment and matched against the watches.',
  }),
  created_at: Type.String({
    format: 'date-time',
    maxLength: 40,
    description:
      'When it was posted (RFC 3339, e.g. `2026-12-06T23:47:00Z`); at most a day ahead of the ingest clock, at most 3650 days old (the longest retention) and within 1970–2106; otherwise that item is rejected with the reason.',
  }),
  url: Type.Optional(
    Type.String({ maxLength: 2048, description: 'Link to the original; the dashboard links only http(s) URLs.' }),
  ),
  /** ISO 639-1/3 hint from the source; the scorer detects the language itself when absent. */
  lang: Type.Optional(
    Type.String({
      pattern: '^[a-z]{2,3}$',
      description: 'ISO 639 language hint (`sv`, `en`); detected from the text when absent.',
    }),
  ),
  author: Type.Optional(Type.Object(Author.properties, { additionalProperties: false, description: 'Who wrote it.' })),
  engagement: Type.Optional(
    Type.Object(Engagement.properties, { additionalProperties: false, description: 'Counts at the time it was sent.' }),
  ),
  /** Set by a feed that already knows its watch; otherwise ingest matches the text against configured watches. */
  watch: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 128,
      description:
        'The watch id, when the sender already knows it; otherwise ingest matches the text against every watch.',
    }),
  ),
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
