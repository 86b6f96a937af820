import { expect, it } from 'vitest';
import { applyRetention, eraseAuthor } from '../src/privacy.js';
import { createPseudonymiser } from '../src/pseudonym.js';
import { insertMentions, queryMentions } from '../src/tables/mentions.js';
import { insertAlerts, queryAlerts } from '../src/tables/alerts.js';
import { insertDeadLetters, queryDeadLetters } from '../src/tables/dead-letters.js';
import { queryTimeline } from '../src/tables/rollups.js';
import { onBothEngines, scored, uid } from './helpers.js';

onBothEngines('privacy: erasure and retention', (ctx) => {
  const count = async (query: string): Promise<number> => {
    const rs = await ctx().store.ch.query({ query, format: 'JSONEachRow' });
    return Number((await rs.json<{ n: string }>())[0]?.n ?? 0);
  };

  it('eraseAuthor removes every row by the author (id or handle), their alert top-mentions and dead letters', async () => {
    const { store } = ctx();
    const watch = uid();
    const handle = `o'brien-${watch}`; // hostile-ish: a quote in the handle
    const victim = [
      scored({
        id: 'v1',
        author: { id: `id-${watch}`, handle },
        matches: [
          { watch, entities: [] },
          { watch: `${watch}-2`, entities: [] },
        ],
      }),
      scored({ id: 'v2', author: { handle }, matches: [{ watch, entities: [] }] }),
      scored({ id: 'v3', author: { id: `id-${watch}` }, matches: [{ watch, entities: [] }] }),
    ];
    const other = scored({
      id: 'o1',
      author: { id: 'someone', handle: 'someone' },
      matches: [{ watch, entities: [] }],
    });
    expect((await insertMentions(store)([...victim, other])).ok).toBe(true);
    const top = (id: string) => ({
      id,
      source: 'x',
      text: 't',
      reach: 1,
      label: 'negative' as const,
      score: -1,
      explanation: [],
    });
    const a = {
      schemaVersion: 1 as const,
      fingerprint: `fp-${watch}`,
      status: 'firing' as const,
      startsAt: '2026-11-23T10:00:00.000Z',
      updatedAt: '2026-11-23T10:00:00.000Z',
      labels: {
        alertname: 'NegativeSpike',
        watch,
        series: 'negative_share',
        window: '5m',
        severity: 'warning' as const,
      },
      annotations: { summary: 's' },
      evidence: {
        window: '5m',
        observed: 3,
        expected: 1,
        score: 0.9,
        topMentions: [top('v1'), top('o1')],
        surgingTerms: [],
      },
      generatorURL: 'http://x',
    };
    expect((await insertAlerts(store)([a])).ok).toBe(true);
    const stage = uid('s');
    const dl = (raw: string) => ({
      schemaVersion: 1 as const,
      code: 'VAKT_SCHEMA_INVALID',
      reason: 'r',
      stage,
      failed_at: '2026-11-23T10:00:00.000Z',
      raw_truncated: raw,
      raw_bytes: raw.length,
    });
    expect(
      (
        await insertDeadLetters(store)([
          dl(`{"author":{"handle":${JSON.stringify(handle)}}}`),
          { ...dl('{"author":{"handle":"someone"}}'), failed_at: '2026-11-23T10:00:01.000Z' },
        ])
      ).ok,
    ).toBe(true);

    const r = await eraseAuthor(store)({ authorId: `id-${watch}`, handle });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.deleted).toEqual({ mentions: 4, label_corrections: 0, dead_letters: 1 });
    // What the alerter must forget too (issue 16 item 6): the erased mentions' keys and the handle's stored forms.
    expect({ keys: [...(r.value.forget?.keys ?? [])].sort(), authors: r.value.forget?.authors }).toEqual({
      keys: ['x:v1', 'x:v2', 'x:v3'],
      authors: [handle],
    });
    const left = await queryMentions(store)({ watch });
    expect(left.ok && left.value.map((m) => m.id)).toEqual(['o1']);
    expect(await count(`SELECT count() AS n FROM vakt.mentions WHERE watch = '${watch}-2'`)).toBe(0);
    const alerts = await queryAlerts(store)({ watch });
    expect(alerts.ok && alerts.value[0]?.evidence.topMentions.map((m) => m.id)).toEqual(['o1']);
    const letters = await queryDeadLetters(store)({ stage });
    expect(letters.ok && letters.value.map((d) => d.raw_truncated)).toEqual(['{"author":{"handle":"someone"}}']);
    // rollups keep the anonymous count
    const tl = await queryTimeline(store)({
      watch,
      from: '2026-11-23T00:00:00Z',
      to: '2026-11-24T00:00:00Z',
      step: 'day',
    });
    expect(tl.ok && tl.value[0]?.total).toBe(4);
    const none = await eraseAuthor(store)({});
    expect(!none.ok && none.error.code).toBe('VAKT_SCHEMA_INVALID');
  });

  it('eraseAuthor finds pseudonymised rows from the real id', async () => {
    const { store } = ctx();
    const watch = uid();
    const p = createPseudonymiser({ secret: 'another-secret-0123456789' });
    expect(
      (
        await insertMentions(store, { pseudonymise: p })([
          scored({ author: { id: 'real-id', handle: 'real' }, matches: [{ watch, entities: [] }] }),
        ])
      ).ok,
    ).toBe(true);
    const r = await eraseAuthor(store, { pseudonymise: p })({ authorId: 'real-id' });
    expect(r.ok && r.value.deleted['mentions']).toBe(1);
    expect(r.ok && r.value.forget?.authors).toEqual([]); // no handle given: keys only
    expect(await count(`SELECT count() AS n FROM vakt.mentions WHERE watch = '${watch}'`)).toBe(0);
  });

  it('applyRetention for one watch deletes only that watch’s old rows, rollups included', async () => {
    const { store } = ctx();
    const [w1, w2] = [uid(), uid()];
    const rows = [w1, w2].flatMap((watch) => [
      scored({ created_at: '2026-09-10T10:00:00Z', matches: [{ watch, entities: ['e'] }] }),
      scored({ created_at: '2026-11-20T10:00:00Z', matches: [{ watch, entities: ['e'] }] }),
    ]);
    expect((await insertMentions(store)(rows)).ok).toBe(true);
    const now = () => Date.parse('2026-11-23T12:00:00Z');
    const r = await applyRetention(store, { now })({ watch: w1, days: 30 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.deleted).toMatchObject({ mentions: 1, mentions_per_minute_v1: 1, entity_mentions_per_minute_v1: 1 });
    expect(await count(`SELECT count() AS n FROM vakt.mentions WHERE watch = '${w1}'`)).toBe(1);
    expect(await count(`SELECT count() AS n FROM vakt.mentions WHERE watch = '${w2}'`)).toBe(2);
    expect(
      await count(`SELECT uniqExactMerge(mentions) AS n FROM vakt.mentions_per_minute_v1 WHERE watch = '${w1}'`),
    ).toBe(1);
    expect(
      await count(`SELECT uniqExactMerge(mentions) AS n FROM vakt.entity_mentions_per_minute_v1 WHERE watch = '${w2}'`),
    ).toBe(2);
  });

  it('applyRetention for all watches drops whole old partitions and deletes the rest of the cutoff month', async () => {
    const { store } = ctx();
    const watch = uid();
    const rows = ['2025-01-15T00:00:00Z', '2026-10-02T00:00:00Z', '2026-10-30T00:00:00Z', '2026-11-22T00:00:00Z'].map(
      (t) => scored({ created_at: t, matches: [{ watch, entities: [] }] }),
    );
    expect((await insertMentions(store)(rows)).ok).toBe(true);
    const now = () => Date.parse('2026-11-23T00:00:00Z');
    const r = await applyRetention(store, { now })({ days: 30 }); // cutoff 2026-10-24
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.droppedPartitions['mentions']).toContain('202501');
    expect(r.value.droppedPartitions['mentions']).not.toContain('202610');
    expect(await count(`SELECT count() AS n FROM vakt.mentions WHERE watch = '${watch}'`)).toBe(2);
    expect(
      await count(`SELECT count() AS n FROM vakt.mentions WHERE created_at < toDateTime('2026-10-24 00:00:00', 'UTC')`),
    ).toBe(0);
    expect(
      await count(
        `SELECT count() AS n FROM vakt.mentions_per_minute_v1 WHERE minute < toDateTime('2026-10-24 00:00:00', 'UTC')`,
      ),
    ).toBe(0);
    const bad = await applyRetention(store, { now })({ days: 0 });
    expect(!bad.ok && bad.error.code).toBe('VAKT_CONFIG_INVALID');
  });
});
