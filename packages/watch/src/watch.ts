import { Type, type Static } from '@sinclair/typebox';
import { compile } from '@vakt/schema/validate';
import { WATCH_ID_MAX, WATCH_ID_PATTERN } from './slug.js';

/** Languages whose inflection rules the matcher applies to a watch's terms. */
export const WatchLanguage = Type.Union([Type.Literal('sv'), Type.Literal('en')]);
export type WatchLanguage = Static<typeof WatchLanguage>;

const Name = Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s].*$' });
const Query = Type.String({ minLength: 1, maxLength: 4096 });

/** A named part of a watch (a service, a touchpoint such as invoices, a key person, a sub-organisation). */
export const WatchEntity = Type.Object(
  {
    name: Name,
    kind: Type.Union([
      Type.Literal('service'),
      Type.Literal('touchpoint'),
      Type.Literal('person'),
      Type.Literal('organisation'),
    ]),
    query: Query,
  },
  { additionalProperties: false },
);
export type WatchEntity = Static<typeof WatchEntity>;

/**
 * A watch: what one team follows. A mention matches the watch when `query` matches and `exclude` does not;
 * `entities` then lists which of the named parts the mention also hit. Entities never make a watch match on
 * their own: put a key person's name into `query` with OR if posts naming only them should count.
 */
export const Watch = Type.Object(
  {
    /**
     * Stable key of the watch's data, API paths and alert links (lower-case a-z, 0-9, '.', '_', '-'). Optional in
     * files and API bodies: derived from `name` (`slugify`) when absent, then kept, so renaming never moves data.
     */
    id: Type.Optional(Type.String({ minLength: 1, maxLength: WATCH_ID_MAX, pattern: WATCH_ID_PATTERN })),
    /** What people read ("Försäkringskassan"): any text. */
    name: Name,
    /**
     * Other keys this watch's stored rows and alerts carry: its name, for a watch stored before ids existed (its data
     * was keyed by name then). Set by the registry, kept across edits; not for files or API bodies.
     */
    aliases: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 32 })),
    /** Who gets its alerts (routing keys, e-mail or team names); may be left out (`[]`). */
    owners: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 32 }),
    /**
     * Set by the registry: `file` for a watch that comes from the watches file, which the dashboard shows
     * read-only (edit the file); absent for watches made in the dashboard.
     */
    managedBy: Type.Optional(Type.Literal('file')),
    /** Inflection/compound rules applied to the terms; default both. */
    languages: Type.Optional(Type.Array(WatchLanguage, { minItems: 1, maxItems: 2, uniqueItems: true })),
    query: Query,
    /** Mentions matching this are dropped from the watch (the organisation's own account, job ads). */
    exclude: Type.Optional(Query),
    /** Short forms matched as whole words wherever the long form is a query term, e.g. `{ FK: 'Försäkringskassan' }`. */
    abbreviations: Type.Optional(
      Type.Record(
        Type.String({ minLength: 1, maxLength: 32, pattern: '^\\S+$' }),
        Type.String({ minLength: 1, maxLength: 256 }),
      ),
    ),
    entities: Type.Array(WatchEntity, { maxItems: 64 }),
    retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    /** Domain-specific sentiment weights for the scorer (word → polarity in [-5, 5]); the matcher ignores them. */
    domainWords: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Number({ minimum: -5, maximum: 5 })),
    ),
  },
  { additionalProperties: false, $id: 'Watch' },
);
export type Watch = Static<typeof Watch>;

/** Structural validation only; `validateWatch` in `./compile-watch.js` also parses the queries. */
export const watchSchemaValidator = compile('Watch', Watch);

/** The languages a watch effectively uses. */
export const watchLanguages = (w: Pick<Watch, 'languages'>): readonly WatchLanguage[] => w.languages ?? ['sv', 'en'];
