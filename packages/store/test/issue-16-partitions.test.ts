import { expect, it } from 'vitest';
import { insertMentions } from '../src/tables/mentions.js';
import { onBothEngines, scored, uid } from './helpers.js';

// Issue 16 item 1. A file of its own: 150 partitions in three tables make every later OPTIMIZE … FINAL on the shared
// tables slow, so this must not share a store with the other mention tests.
onBothEngines('issue 16: inserts split by month partition', (ctx) => {
  it('150 mentions in 150 different months (2000–2012) go in, in inserts of at most 100 partitions each', async () => {
    // chdb (and the ClickHouse server compose runs) refuse one insert over more than 100 partitions with error 252;
    // 18.16 has no such limit, so on the server this proves the split loses and doubles nothing.
    const { store } = ctx();
    const watch = uid();
    const batch = Array.from({ length: 150 }, (_, i) =>
      scored({
        id: `month-${i}`,
        created_at: new Date(Date.UTC(2000, i, 15, 12)).toISOString(),
        matches: [{ watch, entities: ['faktura'] }],
      }),
    );
    const r = await insertMentions(store)(batch);
    expect(r.ok ? 'ok' : r.error.message).toBe('ok');
    const q = async (query: string): Promise<number> =>
      Number((await (await store.ch.query({ query, format: 'JSONEachRow' })).json<{ n: string }>())[0]?.n);
    const w = `'${watch}'`; // uid() is [a-z0-9-] only
    expect({
      final: await q(`SELECT count() AS n FROM vakt.mentions FINAL WHERE watch = ${w}`),
      months: await q(`SELECT uniqExact(toYYYYMM(created_at)) AS n FROM vakt.mentions WHERE watch = ${w}`),
      rollup: await q(`SELECT uniqExactMerge(mentions) AS n FROM vakt.mentions_per_minute_v1 WHERE watch = ${w}`),
      entityRollup: await q(
        `SELECT uniqExactMerge(mentions) AS n FROM vakt.entity_mentions_per_minute_v1 WHERE watch = ${w} AND entity = 'faktura'`,
      ),
    }).toEqual({ final: 150, months: 150, rollup: 150, entityRollup: 150 });
  }, 120_000); // 150 partitions in three tables are 450 parts to write: slow on a busy machine, not a speed claim

  it("a bound lower than ClickHouse's loses nothing: 12 months with maxPartitionsPerInsert 5", async () => {
    const { store } = ctx();
    const watch = uid();
    const batch = Array.from({ length: 12 }, (_, i) =>
      scored({
        id: `m-${i}`,
        created_at: new Date(Date.UTC(2025, i, 3)).toISOString(),
        matches: [{ watch, entities: [] }],
      }),
    );
    const r = await insertMentions(store, { maxPartitionsPerInsert: 5 })(batch);
    expect(r.ok).toBe(true);
    const rs = await store.ch.query({
      query: `SELECT count() AS n FROM vakt.mentions FINAL WHERE watch = '${watch}'`,
      format: 'JSONEachRow',
    });
    expect(Number((await rs.json<{ n: string }>())[0]?.n)).toBe(12);
  }, 60_000);
});
