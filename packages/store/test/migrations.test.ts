import { describe, expect, it } from 'vitest';
import { migrate, parseMigration, loadMigrations, type Migration } from '../src/migrate.js';
import { createStoreClient } from '../src/client.js';
import { runReadOnlySql } from '../src/sql.js';
import { onBothEngines } from './helpers.js';

describe('parseMigration', () => {
  it('splits statements at line-ending semicolons, drops comments, reads directives', () => {
    const m = parseMigration(
      '007_thing.sql',
      "-- vakt:requires sql_users\n-- why\nCREATE TABLE a (s String DEFAULT ';');\nSELECT 1;\n",
    );
    expect(m.version).toBe(7);
    expect(m.name).toBe('thing');
    expect(m.requires).toEqual(['sql_users']);
    expect(m.statements).toEqual(["CREATE TABLE a (s String DEFAULT ';')", 'SELECT 1']);
  });
  it('rejects badly named files', () => {
    expect(() => parseMigration('7_x.sql', '')).toThrow(/001_name/);
  });
  it('ships numbered migrations in order', () => {
    expect(loadMigrations().map((m) => m.version)).toEqual([1, 2, 3, 4, 5]);
  });
});

const TABLES = [
  'alerts',
  'dead_letters',
  'entity_mentions_per_minute_mv_v1',
  'entity_mentions_per_minute_v1',
  'label_corrections',
  'mentions',
  'mentions_per_minute_mv_v1',
  'mentions_per_minute_v1',
  'schema_migrations',
];

onBothEngines('migrations', (ctx, engineName) => {
  it('created every table and recorded every migration', async () => {
    const { store } = ctx();
    const rs = await store.ch.query({
      query: "SELECT name FROM system.tables WHERE database = 'vakt' ORDER BY name",
      format: 'JSONEachRow',
    });
    expect((await rs.json<{ name: string }>()).map((r) => r.name)).toEqual(TABLES);
    const recs = await store.ch.query({
      query: 'SELECT version, status, reason FROM vakt.schema_migrations FINAL ORDER BY version',
      format: 'JSONEachRow',
    });
    const rows = await recs.json<{ version: number; status: string; reason: string }>();
    expect(rows.map((r) => [Number(r.version), r.status])).toEqual([
      [1, 'applied'],
      [2, 'applied'],
      [3, 'applied'],
      [4, 'skipped'],
      [5, 'applied'],
    ]);
    // 004 (SQL user) is skipped on both engines here, with the reason recorded: 18.16 has no SQL users (users.xml
    // carries vakt_analyst instead) and chdb's in-process default user may not manage users.
    expect(rows[3]?.reason).toMatch(store.engine === 'chdb' ? /chdb is in-process/ : /no SQL users/);
  });

  it('is idempotent: a second run applies nothing and changes no table', async () => {
    const { store } = ctx();
    const again = await migrate(store);
    expect(again.ok && again.value.applied).toEqual([]);
    const third = await migrate(store);
    expect(third.ok && third.value.applied).toEqual([]);
    const rs = await store.ch.query({
      query: "SELECT count() AS n FROM system.tables WHERE database = 'vakt'",
      format: 'JSONEachRow',
    });
    expect(Number((await rs.json<{ n: string }>())[0]?.n)).toBe(TABLES.length);
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const { store } = ctx();
    const custom: Migration = {
      version: 900,
      name: 'probe',
      checksum: 'a',
      requires: [],
      statements: ['CREATE TABLE IF NOT EXISTS vakt.probe_900 (a UInt8) ENGINE = MergeTree ORDER BY a'],
    };
    const first = await migrate(store, {}, [custom]);
    expect(first.ok && first.value.applied).toEqual([900]);
    const changed = await migrate(store, {}, [{ ...custom, checksum: 'b' }]);
    expect(changed.ok).toBe(false);
    if (!changed.ok) expect(changed.error.code).toBe('VAKT_MIGRATION_FAILED');
    // The same statements in a new form (the derived cluster schema) name the checksum they were applied with.
    const reworded = await migrate(store, {}, [{ ...custom, checksum: 'b', earlierChecksums: ['a'] }]);
    expect(reworded.ok && reworded.value).toEqual({ applied: [], skipped: [] });
    await store.ch.command({ query: 'DROP TABLE vakt.probe_900' });
    await store.ch.command({ query: 'ALTER TABLE vakt.schema_migrations DELETE WHERE version = 900' });
  });

  it('a failing statement is VAKT_MIGRATION_FAILED naming the migration, not a crash', async () => {
    const { store } = ctx();
    const bad: Migration = {
      version: 901,
      name: 'broken',
      checksum: 'x',
      requires: [],
      statements: ['CREATE TABLE vakt.broken (a NoSuchType) ENGINE = MergeTree ORDER BY a'],
    };
    const r = await migrate(store, {}, [bad]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VAKT_MIGRATION_FAILED');
      expect(r.error.message).toContain('901_broken');
    }
  });

  // users.xml exists only on the server engine; chdb is in-process and has no users (vakt sql is its door).
  if (engineName === 'server')
    it('server: the vakt_analyst user from the generated users.xml reads but cannot write', async () => {
      const server = ctx().server;
      if (!server) throw new Error('no server');
      const analyst = await createStoreClient({
        mode: 'server',
        url: server.url,
        username: server.analyst.username,
        password: server.analyst.password,
        migrate: false,
      });
      try {
        const rs = await analyst.ch.query({ query: 'SELECT count() AS n FROM vakt.mentions', format: 'JSONEachRow' });
        expect(await rs.json()).toHaveLength(1);
        await expect(analyst.ch.command({ query: 'DROP TABLE vakt.mentions' })).rejects.toThrow(/readonly/i);
        await expect(
          analyst.ch.command({ query: "INSERT INTO vakt.dead_letters (stage) VALUES ('x')" }),
        ).rejects.toThrow(/readonly/i);
        // runReadOnlySql's own readonly=1 is accepted by a readonly=1 user (same value), so `vakt sql` works for it
        const viaGate = await runReadOnlySql(analyst, 'SELECT count() AS n FROM vakt.mentions');
        expect(viaGate.ok && viaGate.value.columns.map((c) => c.name)).toEqual(['n']);
      } finally {
        await analyst.close();
      }
    });
});
