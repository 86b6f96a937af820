import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runReadOnlySql } from '../src/sql.js';
import { insertMentions } from '../src/tables/mentions.js';
import { onBothEngines, scored, uid } from './helpers.js';

// The analyst examples in README.md are run as written (only the watch name swapped), so the docs cannot rot.
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const EXAMPLES = [...README.matchAll(/```sql[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

onBothEngines('README example SQL', (ctx) => {
  it('has the four documented examples', () => {
    expect(EXAMPLES).toHaveLength(4);
  });

  it('every example runs read-only and returns rows', async () => {
    const { store } = ctx();
    const watch = uid();
    const recent = new Date(Date.now() - 60 * 60_000).toISOString();
    const storm = ['2026-11-23T10:10:00Z', '2026-11-23T10:20:00Z', '2026-11-23T11:00:00Z'];
    const rows = [
      // The recent rows get their own author: on 2026-11-23 around 11:00 UTC "an hour ago" falls inside the storm window.
      scored({
        created_at: recent,
        label: 'negative',
        author: { handle: 'reader', followers: 1 },
        matches: [{ watch, entities: ['faktura'] }],
      }),
      scored({
        created_at: recent,
        label: 'positive',
        author: { handle: 'reader', followers: 1 },
        matches: [{ watch, entities: ['app'] }],
      }),
      ...storm.map((t, i) =>
        scored({
          created_at: t,
          label: 'negative',
          author: { handle: i === 2 ? 'loud' : 'anna', followers: i === 2 ? 9000 : 10 },
          matches: [{ watch, entities: [] }],
        }),
      ),
    ];
    expect((await insertMentions(store)(rows)).ok).toBe(true);
    const results = [];
    for (const example of EXAMPLES) {
      const r = await runReadOnlySql(store, example.replaceAll("'forsakringskassan'", `'${watch}'`));
      if (!r.ok) throw Object.assign(r.error, { message: `${r.error.message}: ${(r.error.cause as Error)?.message}` });
      results.push(r.value);
    }
    const [byHour, byEntity, topAuthors, nps] = results;
    expect(byHour?.rows.length).toBeGreaterThan(0);
    expect(byEntity?.rows.map((r) => [r[0], Number(r[1]), Number(r[2])])).toEqual([
      ['faktura', 1, 1],
      ['app', 0, 1],
    ]);
    expect(topAuthors?.rows.filter((r) => r[0] !== 'reader').map((r) => [r[0], Number(r[2])])).toEqual([
      ['loud', 1],
      ['anna', 2],
    ]);
    expect(nps?.columns.map((c) => c.name)).toEqual(['week', 'mentions', 'net_sentiment']);
    expect(nps?.rows.reduce((s, r) => s + Number(r[1]), 0)).toBe(5);
  });
});
