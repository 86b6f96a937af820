import { expect, it } from 'vitest';
import { insertMentions, queryMentions, toMentionRows } from '../src/tables/mentions.js';
import { queryBreakdown, queryNegativeShare, queryTimeline } from '../src/tables/rollups.js';
import { createPseudonymiser } from '../src/pseudonym.js';
import { HOSTILE, onBothEngines, scored, uid } from './helpers.js';

const FROM = '2026-11-23T00:00:00Z';
const TO = '2026-11-24T00:00:00Z';

onBothEngines('vakt.mentions and rollups', (ctx) => {
  async function counts(
    watch: string,
  ): Promise<{ rows: number; final: number; distinct: number; rollup: number; entityRollup: number }> {
    const { store } = ctx();
    const q = async (query: string): Promise<number> => {
      const rs = await store.ch.query({ query, format: 'JSONEachRow' });
      return Number((await rs.json<{ n: string }>())[0]?.n ?? 0);
    };
    const w = `'${watch}'`; // uid() is [a-z0-9-] only
    return {
      rows: await q(`SELECT count() AS n FROM vakt.mentions WHERE watch = ${w}`),
      final: await q(`SELECT count() AS n FROM vakt.mentions FINAL WHERE watch = ${w}`),
      distinct: await q(`SELECT uniqExact(source, id) AS n FROM vakt.mentions WHERE watch = ${w}`),
      rollup: await q(`SELECT uniqExactMerge(mentions) AS n FROM vakt.mentions_per_minute_v1 WHERE watch = ${w}`),
      entityRollup: await q(
        `SELECT uniqExactMerge(mentions) AS n FROM vakt.entity_mentions_per_minute_v1 WHERE watch = ${w} AND entity = 'faktura'`,
      ),
    };
  }

  it('maps a mention with N matched watches to N rows', () => {
    const m = scored({
      matches: [
        { watch: 'a', entities: ['faktura', 'faktura'] },
        { watch: 'b', entities: [] },
      ],
    });
    const r = toMentionRows(m);
    expect(r.ok && r.value.map((row) => [row.watch, row.entities])).toEqual([
      ['a', ['faktura']],
      ['b', []],
    ]);
    expect(r.ok && r.value[0]?.reach).toBe(120 + 2 + 1 + 5);
  });

  it('the same batch inserted twice counts once, in rows read FINAL and in rollups, before and after OPTIMIZE FINAL', async () => {
    const { store } = ctx();
    const watch = uid();
    const batch = Array.from({ length: 50 }, (_, i) =>
      scored({
        id: `m-${i}`,
        source: i % 2 ? 'x' : 'rss',
        label: i % 5 === 0 ? 'positive' : 'negative',
        matches: [{ watch, entities: ['faktura'] }],
      }),
    );
    const insert = insertMentions(store);
    expect((await insert(batch)).ok).toBe(true);
    expect((await insert(batch)).ok).toBe(true); // the replay
    expect((await insert(batch.slice(0, 10))).ok).toBe(true); // and a partial one
    const before = await counts(watch);
    expect(before.rows).toBeGreaterThanOrEqual(50); // physically duplicated until merges (or already merged)
    expect(before).toMatchObject({ final: 50, distinct: 50, rollup: 50, entityRollup: 50 });
    const share = await queryNegativeShare(store)({ watch, from: FROM, to: TO });
    expect(share.ok && share.value).toEqual({ negative: 40, total: 50, share: 0.8 });
    for (const t of ['mentions', 'mentions_per_minute_v1', 'entity_mentions_per_minute_v1']) {
      await store.ch.command({ query: `OPTIMIZE TABLE vakt.${t} FINAL` });
    }
    expect(await counts(watch)).toEqual({ rows: 50, final: 50, distinct: 50, rollup: 50, entityRollup: 50 });
    const after = await queryNegativeShare(store)({ watch, from: FROM, to: TO, entity: 'faktura' });
    expect(after.ok && after.value).toEqual({ negative: 40, total: 50, share: 0.8 });
  });

  it('a re-scored mention replaces the earlier row (highest version wins)', async () => {
    const { store } = ctx();
    const watch = uid();
    const first = scored({ id: 'r1', matches: [{ watch, entities: [] }] });
    const later = scored({
      id: 'r1',
      matches: [{ watch, entities: [] }],
      scored_at: '2026-11-23T11:00:00.000Z',
      label: 'positive',
    });
    expect((await insertMentions(store)([later])).ok).toBe(true);
    expect((await insertMentions(store)([first])).ok).toBe(true); // older version arriving late
    const got = await queryMentions(store)({ watch });
    expect(got.ok && got.value.map((m) => [m.id, m.label])).toEqual([['r1', 'positive']]);
  });

  it('stores hostile text verbatim and filters by hostile values safely', async () => {
    const { store } = ctx();
    const watch = `${uid()}'); DROP TABLE vakt.mentions; --`;
    const batch = HOSTILE.map((text, i) =>
      scored({
        id: `h-${i}-${text.slice(0, 5)}`,
        text: text === '' ? 'x' : text,
        matches: [{ watch, entities: [HOSTILE[i] ?? 'e'] }],
      }),
    );
    const r = await insertMentions(store)(batch);
    expect(r.ok).toBe(true);
    const got = await queryMentions(store)({ watch, limit: 100 });
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.value.map((m) => m.text).sort()).toEqual(HOSTILE.map((h) => h.toWellFormed()).sort());
    for (const [i, hostile] of HOSTILE.entries()) {
      const one = await queryMentions(store)({ watch, entity: hostile });
      expect(one.ok && one.value.map((m) => m.id)).toEqual([batch[i]?.id]);
    }
    const tables = await store.ch.query({
      query: "SELECT count() AS n FROM system.tables WHERE database = 'vakt' AND name = 'mentions'",
      format: 'JSONEachRow',
    });
    expect(Number((await tables.json<{ n: string }>())[0]?.n)).toBe(1);
  });

  it('queryMentions filters by label, lang, source, entity, time and orders by newest or reach', async () => {
    const { store } = ctx();
    const watch = uid();
    const mk = (id: string, minute: number, over: Parameters<typeof scored>[0]) =>
      scored({
        id,
        created_at: `2026-11-23T10:${String(minute).padStart(2, '0')}:00Z`,
        matches: [{ watch, entities: over?.matches?.[0]?.entities ?? [] }],
        ...over,
        ...(over?.matches ? {} : {}),
      });
    const rows = [
      mk('a', 1, { label: 'negative', author: { handle: 'big', followers: 10_000 } }),
      mk('b', 2, { label: 'positive', source: 'rss' }),
      mk('c', 3, { label: 'negative', matches: [{ watch, entities: ['app'] }] }),
    ];
    rows[2] = {
      ...rows[2]!,
      matches: [{ watch, entities: ['app'] }],
      sentiment: { ...rows[2]!.sentiment, lang: 'en' },
    };
    expect((await insertMentions(store)(rows)).ok).toBe(true);
    const q = queryMentions(store);
    const ids = async (f: Omit<Parameters<typeof q>[0], 'watch'>): Promise<string[]> => {
      const r = await q({ watch, ...f });
      if (!r.ok) throw r.error;
      return r.value.map((m) => m.id);
    };
    expect(await ids({})).toEqual(['c', 'b', 'a']);
    expect(await ids({ orderBy: 'reach' })).toEqual(['a', 'c', 'b']);
    expect(await ids({ label: 'negative' })).toEqual(['c', 'a']);
    expect(await ids({ lang: 'en' })).toEqual(['c']);
    expect(await ids({ source: 'rss' })).toEqual(['b']);
    expect(await ids({ entity: 'app' })).toEqual(['c']);
    expect(await ids({ from: '2026-11-23T10:02:00Z', to: '2026-11-23T10:03:00Z' })).toEqual(['b']);
    expect(await ids({ limit: 1 })).toEqual(['c']);
    const full = await q({ watch, limit: 1 });
    expect(full.ok && full.value[0]).toMatchObject({
      createdAt: '2026-11-23T10:03:00.000Z',
      label: 'negative',
      entities: ['app'],
      explanation: [{ start: 0, end: 8 }],
    });
    const bad = await q({ watch, limit: 0 });
    expect(!bad.ok && bad.error.code).toBe('VAKT_SCHEMA_INVALID');
  });

  it('timeline by minute, hour and day, and breakdowns by source, lang and entity', async () => {
    const { store } = ctx();
    const watch = uid();
    const at = (iso: string, label: 'negative' | 'neutral' | 'positive', source = 'x', entities: string[] = []) =>
      scored({ created_at: iso, label, source, matches: [{ watch, entities }] });
    const batch = [
      at('2026-11-23T10:00:10Z', 'negative', 'x', ['faktura']),
      at('2026-11-23T10:00:50Z', 'negative', 'rss', ['faktura', 'app']),
      at('2026-11-23T10:01:00Z', 'positive', 'x', ['app']),
      at('2026-11-23T11:30:00Z', 'neutral'),
      at('2026-11-24T09:00:00Z', 'negative'),
    ];
    expect((await insertMentions(store)(batch)).ok).toBe(true);
    expect((await insertMentions(store)(batch)).ok).toBe(true);
    const tl = queryTimeline(store);
    const minute = await tl({ watch, from: '2026-11-23T10:00:00Z', to: '2026-11-23T10:02:00Z', step: 'minute' });
    expect(minute.ok && minute.value).toEqual([
      { t: '2026-11-23T10:00:00.000Z', negative: 2, neutral: 0, positive: 0, total: 2 },
      { t: '2026-11-23T10:01:00.000Z', negative: 0, neutral: 0, positive: 1, total: 1 },
    ]);
    const hour = await tl({ watch, from: FROM, to: '2026-11-25T00:00:00Z', step: 'hour' });
    expect(hour.ok && hour.value.map((p) => [p.t, p.total])).toEqual([
      ['2026-11-23T10:00:00.000Z', 3],
      ['2026-11-23T11:00:00.000Z', 1],
      ['2026-11-24T09:00:00.000Z', 1],
    ]);
    const day = await tl({ watch, from: FROM, to: '2026-11-25T00:00:00Z', step: 'day' });
    expect(day.ok && day.value).toEqual([
      { t: '2026-11-23T00:00:00.000Z', negative: 2, neutral: 1, positive: 1, total: 4 },
      { t: '2026-11-24T00:00:00.000Z', negative: 1, neutral: 0, positive: 0, total: 1 },
    ]);
    const bySource = await queryBreakdown(store)({ watch, by: 'source' });
    expect(bySource.ok && bySource.value.map((r) => [r.key, r.total, r.negative])).toEqual([
      ['x', 4, 2],
      ['rss', 1, 1],
    ]);
    const byLang = await queryBreakdown(store)({ watch, by: 'lang' });
    expect(byLang.ok && byLang.value.map((r) => [r.key, r.total])).toEqual([['sv', 5]]);
    const byEntity = await queryBreakdown(store)({ watch, by: 'entity', from: FROM, to: TO });
    expect(byEntity.ok && byEntity.value.map((r) => [r.key, r.total, r.negativeShare])).toEqual([
      ['app', 2, 0.5],
      ['faktura', 2, 1],
    ]);
    const badStep = await tl({ watch, from: FROM, to: TO, step: 'week' as never });
    expect(!badStep.ok && badStep.error.code).toBe('VAKT_SCHEMA_INVALID');
  });

  it('rejects an invalid mention without inserting any of the batch, and without echoing its text', async () => {
    const { store } = ctx();
    const watch = uid();
    const good = scored({ matches: [{ watch, entities: [] }] });
    const bad = {
      ...scored({ matches: [{ watch, entities: [] }], text: 'SECRET-TEXT' }),
      sentiment: { ...good.sentiment, score: 5 },
    };
    const r = await insertMentions(store)([good, bad]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VAKT_SCHEMA_INVALID');
    expect(r.error.message).toContain('[1]');
    expect(JSON.stringify(r.error)).not.toContain('SECRET-TEXT');
    expect((await counts(watch)).rows).toBe(0);
  });

  it('pseudonymises authors when asked, keeping them stable per author', async () => {
    const { store } = ctx();
    const watch = uid();
    const p = createPseudonymiser({ secret: 'a-secret-of-16+chars' });
    const a = scored({ matches: [{ watch, entities: [] }], author: { id: '42', handle: 'anna', followers: 3 } });
    const b = scored({ matches: [{ watch, entities: [] }], author: { id: '42', handle: 'anna' } });
    expect((await insertMentions(store, { pseudonymise: p })([a, b])).ok).toBe(true);
    const got = await queryMentions(store)({ watch });
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(new Set(got.value.map((m) => m.author))).toEqual(new Set([p('handle', 'anna')]));
    expect(got.value.every((m) => m.authorId === p('id', '42') && m.url === '' && !m.author.includes('anna'))).toBe(
      true,
    );
    expect(() => createPseudonymiser({ secret: 'short' })).toThrow(/16 characters/);
  });
});
