import { describe, expect, it } from 'vitest';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { createPseudonymiser } from '../src/pseudonym.js';
import {
  encodeMentionRows,
  insertMentions,
  parseScoredMention,
  queryMentions,
  toMentionRows,
  type MapOptions,
} from '../src/tables/mentions.js';
import { HOSTILE, onBothEngines, scored, uid } from './helpers.js';

/**
 * The sink sends `encodeMentionRows` lines; before, it sent `toMentionRows` rows through the client, which writes
 * `JSON.stringify(row) + '\n'` per row. The stored rows must not change, so the two bodies must be byte-identical.
 */
function referenceBody(m: unknown, opts: MapOptions = {}): string {
  const r = toMentionRows(m, 0, opts);
  if (!r.ok) throw r.error;
  return r.value.map((row) => `${JSON.stringify(row)}\n`).join('');
}

function newBody(m: ScoredMention, opts: MapOptions = {}): string {
  const r = encodeMentionRows(m, 0, opts);
  if (!r.ok) throw r.error;
  expect(r.value.rows).toBe(m.matches.length);
  return r.value.lines;
}

const LONE = ['\uD800', '\uDC00', 'a\uD83D', '\uDE42b', 'ok \uD83D\uDE42 pair'];

/** Deterministic PRNG (mulberry32) so a failure names a reproducible case. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function varied(seed: number): ScoredMention {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const str = (): string => pick([...HOSTILE, ...LONE, '', 'plain', 'Åsa 🙂']);
  const times = [
    '1970-01-01T00:00:00Z',
    '2106-02-07T06:28:15Z',
    '2026-11-23T10:15:30.123Z',
    '2026-11-23T12:15:30+02:00',
    '2000-02-29T23:59:59.999-05:30',
    '2026-11-23T10:15:30.5Z',
  ];
  const entities = Array.from({ length: Math.floor(r() * 6) }, () =>
    pick(['faktura', 'app', 'faktura', '\uD800x', '\uDC00x', ...LONE]),
  );
  const base = scored({
    id: `id-${seed}${pick(['', ...LONE])}`,
    text: `${str()} text ${str()}`,
    created_at: pick(times),
    ingested_at: pick(times),
    scored_at: pick(times),
    label: pick(['negative', 'neutral', 'positive'] as const),
    matches: Array.from({ length: 1 + Math.floor(r() * 4) }, (_, i) => ({
      watch: `w${i}${pick(['', ...LONE])}`,
      entities,
    })),
  });
  const m: ScoredMention = {
    ...base,
    sentiment: {
      ...base.sentiment,
      lang: pick(['sv', 'en', '\uD800']),
      model: pick(['combined', 'm\uDC00']),
      score: pick([-1, 0, 1, 0.1 + 0.2, 1e-7, -0.000001]),
      disagreement: r() < 0.5,
      explanation:
        r() < 0.3
          ? []
          : [{ start: 0, end: 3, contribution: 0.1 + 0.2, rules: [pick(['neg', '\uD800rule', ...HOSTILE])] }],
    },
  };
  const variant = Math.floor(r() * 4);
  if (variant === 0) delete m.author;
  if (variant === 1) delete m.engagement;
  if (variant === 2) delete m.url;
  if (variant === 3) m.author = { handle: str(), id: str(), followers: Math.floor(r() * 1e9) };
  return m;
}

describe('encodeMentionRows: the JSONEachRow body the sink sends', () => {
  const pseudonymisers: Array<[string, MapOptions]> = [
    ['plain', {}],
    ['pseudonymised', { pseudonymise: createPseudonymiser({ secret: 'a-secret-of-16+chars' }) }],
    [
      'pseudonymised, keepUrl',
      { pseudonymise: createPseudonymiser({ secret: 'a-secret-of-16+chars', keepUrl: true }) },
    ],
  ];

  it.each(pseudonymisers)(
    'is byte-identical to the old encoding of toMentionRows on 600 varied mentions (%s)',
    (_, opts) => {
      for (let seed = 1; seed <= 600; seed++) {
        const m = varied(seed);
        expect(toMentionRows(m).ok, `seed ${seed} is a valid mention`).toBe(true);
        expect(newBody(m, opts), `seed ${seed}`).toBe(referenceBody(m, opts));
      }
    },
  );

  it('keeps the old quirks: dedup before well-forming, lone surrogates as U+FFFD, several watches, no \\ud800 escapes outside explanation', () => {
    const m = scored({
      text: 'lone \uD800 here',
      matches: [
        { watch: 'a', entities: ['x', 'x', 'a\uD800', 'a\uDC00', 'y', 'x'] },
        { watch: 'b\uDC00', entities: [] },
        { watch: 'c', entities: ['only'] },
      ],
      sentiment: { ...scored().sentiment, explanation: [{ start: 0, end: 1, contribution: -1, rules: ['r\uD800'] }] },
    });
    const body = newBody(m);
    expect(body).toBe(referenceBody(m));
    const rows = body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r['watch'], r['entities']])).toEqual([
      ['a', ['x', 'a\uFFFD', 'a\uFFFD', 'y']],
      ['b\uFFFD', []],
      ['c', ['only']],
    ]);
    expect(rows[0]?.['text']).toBe('lone \uFFFD here');
    // JSON.stringify escaped the surrogate inside the explanation text; the row's own JSON carries no lone escape.
    expect(body.replace(/\\\\u/g, '')).not.toMatch(/\\u[dD][89abAB]/);
  });

  it('refuses timestamps outside the storable range like toMentionRows, naming field and index', () => {
    for (const [field, value] of [
      ['created_at', '1969-12-31T23:59:59Z'],
      ['scored_at', '2106-02-07T06:28:16Z'],
      ['ingested_at', '9999-01-01T00:00:00Z'],
    ] as const) {
      const m = scored({ [field]: value });
      const a = encodeMentionRows(m, 7);
      const b = toMentionRows(m, 7);
      expect(!a.ok && !b.ok && [a.error.code, a.error.message]).toEqual([
        b.ok ? '' : b.error.code,
        b.ok ? '' : b.error.message,
      ]);
      expect(!a.ok && a.error.message).toContain(`[7] /${field}`);
    }
  });

  it('parseScoredMention validates like the schema: invalid JSON and invalid mentions are refused', () => {
    const good = scored();
    const parsed = parseScoredMention(Buffer.from(JSON.stringify(good)));
    expect(parsed.ok && parsed.value).toEqual(good);
    const bad = parseScoredMention(JSON.stringify({ ...good, sentiment: { ...good.sentiment, score: 5 } }));
    expect(!bad.ok && bad.error.code).toBe('VAKT_SCHEMA_INVALID');
    const notJson = parseScoredMention('{"id":');
    expect(!notJson.ok && notJson.error.code).toBe('VAKT_SCHEMA_INVALID');
  });
});

onBothEngines('insertMentions with the encoded body', (ctx) => {
  it('stores parsed (proven) and plain mentions alike, hostile text and lone surrogates included, read back as mapped', async () => {
    const { store } = ctx();
    const watch = uid();
    const mentions = Array.from({ length: 40 }, (_, i) => {
      const v = varied(1000 + i);
      return {
        ...v,
        id: `m-${i}`,
        matches: [{ watch, entities: v.matches[0]?.entities ?? [] }],
        created_at: '2026-11-23T10:15:30Z',
        scored_at: '2026-11-23T10:16:00Z',
      };
    });
    const parsed = mentions.slice(0, 20).map((m) => {
      const p = parseScoredMention(JSON.stringify(m));
      if (!p.ok) throw p.error;
      return p.value;
    });
    expect((await insertMentions(store)([...parsed, ...mentions.slice(20)])).ok).toBe(true);
    const got = await queryMentions(store)({ watch, limit: 100 });
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    const byId = new Map(got.value.map((r) => [r.id, r]));
    expect(byId.size).toBe(40);
    for (const m of mentions) {
      const [row] = toMentionRows(m).ok ? (toMentionRows(m) as { value: Array<Record<string, unknown>> }).value : [];
      const back = byId.get(m.id);
      expect(
        back && [back.text, back.author, back.authorId, back.url, back.lang, back.model, back.entities, back.reach],
      ).toEqual(
        row && [
          row['text'],
          row['author'],
          row['author_id'],
          row['url'],
          row['lang'],
          row['model'],
          row['entities'],
          row['reach'],
        ],
      );
      expect(back?.explanation).toEqual(JSON.parse(String(row?.['explanation'])));
    }
  });

  it('still validates a plain object that looks like a parsed one, and inserts nothing from that batch', async () => {
    const { store } = ctx();
    const watch = uid();
    const proven = parseScoredMention(JSON.stringify(scored({ matches: [{ watch, entities: [] }] })));
    if (!proven.ok) throw proven.error;
    const forged = { ...proven.value, sentiment: { ...proven.value.sentiment, score: 5 } }; // a copy carries no proof
    const r = await insertMentions(store)([proven.value, forged]);
    expect(!r.ok && [r.error.code, r.error.message.includes('[1]')]).toEqual(['VAKT_SCHEMA_INVALID', true]);
    const got = await queryMentions(store)({ watch });
    expect(got.ok && got.value.length).toBe(0);
  });
});
