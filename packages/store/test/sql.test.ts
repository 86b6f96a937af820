import { describe, expect, it } from 'vitest';
import { checkReadOnlySql, describeSqlError, executeReadOnly, runReadOnlySql } from '../src/sql.js';
import { insertMentions } from '../src/tables/mentions.js';
import { onBothEngines, scored, uid } from './helpers.js';

describe('checkReadOnlySql (the lexical gate)', () => {
  it.each([
    ['SELECT 1', 'SELECT 1'],
    ['select 1;', 'select 1'],
    ['  WITH x AS (SELECT 1) SELECT * FROM x ;; ', '  WITH x AS (SELECT 1) SELECT * FROM x'],
    ["SELECT 'a; DROP TABLE t' -- trailing ; comment\n", "SELECT 'a; DROP TABLE t'"],
    ['SHOW TABLES FROM vakt', 'SHOW TABLES FROM vakt'],
    ['DESCRIBE TABLE vakt.mentions', 'DESCRIBE TABLE vakt.mentions'],
    ['(SELECT 1)', '(SELECT 1)'],
    ['SELECT \'settings\' AS "format"', 'SELECT \'settings\' AS "format"'], // forbidden words inside quotes are data
  ])('allows %j', (input, sent) => {
    const r = checkReadOnlySql(input);
    expect(r.ok && r.value).toBe(sent);
  });

  it.each([
    ['INSERT INTO vakt.mentions VALUES (1)', /INSERT/],
    ['DROP TABLE vakt.mentions', /DROP/],
    ['SELECT 1; DROP TABLE vakt.mentions', /one statement/],
    ['SELECT 1 /* ; */ ; ALTER TABLE vakt.mentions DELETE WHERE 1', /one statement/],
    ['SELECT 1 SETTINGS readonly = 0', /SETTINGS/],
    ['SELECT * FROM (SELECT 1 SETTINGS readonly = 0)', /SETTINGS/],
    ["SELECT 1 INTO OUTFILE '/tmp/x'", /OUTFILE/],
    ['SELECT 1 FORMAT TSV', /FORMAT/],
    ['SET readonly = 0', /SET/],
    ['OPTIMIZE TABLE vakt.mentions FINAL', /OPTIMIZE/],
    ['-- only a comment', /empty/],
    ["SELECT 'unterminated", /unterminated/],
    ['/* SELECT */ DROP TABLE x', /DROP/],
  ])('refuses %j', (input, why) => {
    const r = checkReadOnlySql(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VAKT_FORBIDDEN');
      expect(r.error.message).toMatch(why);
    }
  });
});

onBothEngines('runReadOnlySql', (ctx) => {
  it('returns columns and rows of a SELECT', async () => {
    const { store } = ctx();
    const watch = uid();
    expect(
      (
        await insertMentions(store)([
          scored({ matches: [{ watch, entities: [] }] }),
          scored({ label: 'positive', matches: [{ watch, entities: [] }] }),
        ])
      ).ok,
    ).toBe(true);
    const r = await runReadOnlySql(
      store,
      `SELECT label, count() AS n FROM vakt.mentions FINAL WHERE watch = '${watch}' GROUP BY label ORDER BY label -- why\n`,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.columns.map((c) => c.name)).toEqual(['label', 'n']);
    expect(r.value.rows.map(([l, n]) => [l, Number(n)])).toEqual([
      ['negative', 1],
      ['positive', 1],
    ]);
  });

  it('the engine itself refuses writes, even past the gate (readonly=1 per query)', async () => {
    const { store } = ctx();
    for (const statement of [
      'DROP TABLE vakt.mentions',
      "INSERT INTO vakt.dead_letters (stage) VALUES ('x')",
      'CREATE TABLE vakt.evil (a UInt8) ENGINE = Memory',
    ]) {
      const r = await executeReadOnly(store, statement);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VAKT_CLICKHOUSE_QUERY');
        expect(String((r.error.cause as Error).message)).toMatch(/readonly/i);
      }
    }
    // readonly covers every part of a UNION, so a table function (file()) after a harmless SELECT is refused too
    const union = await executeReadOnly(
      store,
      "SELECT '1' AS x UNION ALL SELECT * FROM file('hostname', 'TSV', 'x String')",
    );
    expect(!union.ok && String((union.error.cause as Error).message)).toMatch(/readonly/i);
    // and the store is still writable afterwards (readonly did not stick to the session)
    const ok = await insertMentions(store)([scored({ matches: [{ watch: uid(), entities: [] }] })]);
    expect(ok.ok).toBe(true);
  });

  it('an SQL error is VAKT_CLICKHOUSE_QUERY with the engine message in cause only', async () => {
    const { store } = ctx();
    const r = await runReadOnlySql(store, "SELECT no_such_column FROM vakt.mentions WHERE text = 'secret text'");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VAKT_CLICKHOUSE_QUERY');
      expect(JSON.stringify(r.error)).not.toContain('secret text');
      expect((r.error.cause as Error).message).toMatch(/no_such_column/);
      expect(describeSqlError(r.error)).toMatch(
        /^ClickHouse rejected the SQL query \(ClickHouse error code \d+\): .*no_such_column/,
      );
    }
  });
});
