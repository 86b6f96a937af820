import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startClickHouseServer } from '@vakt/test-fixtures/clickhouse';
import { VaktError } from '@vakt/errors/vakt-error';
import { capabilitiesFor, createStoreClient } from '../src/client.js';
import { insertMentions, queryMentions } from '../src/tables/mentions.js';
import { scored, uid } from './helpers.js';

describe('createStoreClient', () => {
  it('capabilities follow the engine version', () => {
    expect(capabilitiesFor('18.16.1')).toEqual({ querySettingsClause: false, mutationsSync: false, sqlUsers: false });
    expect(capabilitiesFor('26.7.2.1')).toEqual({ querySettingsClause: true, mutationsSync: true, sqlUsers: true });
  });

  it('embedded: data survives close and reopen of the same data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vakt-chdb-persist-'));
    const watch = uid();
    try {
      const first = await createStoreClient({ mode: 'embedded', dataDir });
      expect(first.engine).toBe('chdb');
      expect((await first.ping()).ok).toBe(true);
      expect((await insertMentions(first)([scored({ id: 'persisted', matches: [{ watch, entities: [] }] })])).ok).toBe(
        true,
      );
      await first.close();
      await first.close(); // idempotent
      const again = await createStoreClient({ mode: 'embedded', dataDir });
      try {
        const got = await queryMentions(again)({ watch });
        expect(got.ok && got.value.map((m) => m.id)).toEqual(['persisted']);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('the fixture throws a clear error (never skips) when clickhouse-server is missing', async () => {
    const saved = process.env['CLICKHOUSE_SERVER_BIN'];
    process.env['CLICKHOUSE_SERVER_BIN'] = 'clickhouse-server-that-does-not-exist';
    try {
      await expect(startClickHouseServer()).rejects.toThrow(/not installed.*apt-get install -y clickhouse-server/);
    } finally {
      if (saved === undefined) delete process.env['CLICKHOUSE_SERVER_BIN'];
      else process.env['CLICKHOUSE_SERVER_BIN'] = saved;
    }
  });

  it('server: a database name that is not a plain identifier is a config error', async () => {
    const e = await createStoreClient({
      mode: 'server',
      url: 'http://127.0.0.1:1',
      database: 'x; DROP DATABASE vakt',
    }).catch((x: unknown) => x);
    expect((e as VaktError).code).toBe('VAKT_CONFIG_INVALID');
  });

  it('server: unreachable at start is a VAKT_CLICKHOUSE_UNAVAILABLE throw', async () => {
    const e = await createStoreClient({ mode: 'server', url: 'http://127.0.0.1:1', requestTimeoutMs: 2000 }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(VaktError);
    expect((e as VaktError).code).toBe('VAKT_CLICKHOUSE_UNAVAILABLE');
    expect((e as VaktError).retriable).toBe(true);
  });

  it('server: inserts fail retriably while the server is down, without row text, and succeed after restart; kill -9 too', async () => {
    const server = await startClickHouseServer();
    // database 'vakt' on a fresh server: created at connect (every request names it, so it must exist first)
    const store = await createStoreClient({
      mode: 'server',
      url: server.url,
      database: 'vakt',
      requestTimeoutMs: 3000,
    });
    const watch = uid();
    const insert = insertMentions(store);
    try {
      expect(store.version).toMatch(/^18\.16/);
      expect((await insert([scored({ id: 'before', matches: [{ watch, entities: [] }] })])).ok).toBe(true);
      await server.pause();
      const down = await insert([scored({ id: 'during', text: 'PRIVATE-TEXT', matches: [{ watch, entities: [] }] })]);
      expect(down.ok).toBe(false);
      if (!down.ok) {
        expect(down.error.code).toBe('VAKT_CLICKHOUSE_UNAVAILABLE');
        expect(down.error.retriable).toBe(true);
        expect(`${down.error.message} ${JSON.stringify(down.error)}`).not.toContain('PRIVATE-TEXT');
      }
      const ping = await store.ping();
      expect(!ping.ok && ping.error.code).toBe('VAKT_CLICKHOUSE_UNAVAILABLE');
      await server.resume();
      expect((await insert([scored({ id: 'during', matches: [{ watch, entities: [] }] })])).ok).toBe(true);
      await server.kill();
      expect((await store.ping()).ok).toBe(false);
      await server.resume();
      expect((await store.ping()).ok).toBe(true);
      const got = await queryMentions(store)({ watch });
      expect(got.ok && got.value.map((m) => m.id).sort()).toEqual(['before', 'during']);
    } finally {
      await store.close();
      await server.stop();
    }
  }, 120_000);

  it('server: a data error from ClickHouse is VAKT_CLICKHOUSE_INSERT without the echoed row', async () => {
    const server = await startClickHouseServer();
    const store = await createStoreClient({ mode: 'server', url: server.url });
    try {
      // Bypass the mapper to make the server itself reject a row (unknown enum value), as a schema drift would.
      const e = await store.ch
        .insert({
          table: 'vakt.mentions',
          values: [{ watch: 'w', label: 'furious', text: 'ECHO-ME' }],
          format: 'JSONEachRow',
        })
        .catch((x: unknown) => x);
      const { toStoreError } = await import('../src/errors.js');
      const wrapped = toStoreError(e, 'VAKT_CLICKHOUSE_INSERT', 'the insert');
      expect(wrapped.code).toBe('VAKT_CLICKHOUSE_INSERT');
      expect(wrapped.retriable).toBe(false);
      expect(typeof wrapped.context['clickhouseCode']).toBe('number');
      expect(`${wrapped.message} ${JSON.stringify(wrapped)}`).not.toContain('ECHO-ME');
    } finally {
      await store.close();
      await server.stop();
    }
  }, 60_000);
});
