import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreClient, type StoreClient } from '@vakt/store/client';
import { describeSqlError } from '@vakt/store/sql';
import { askSqlDoor, findSqlDoor, openSqlDoor, type SqlDoor } from '../src/sql-door.js';

// The read-only SQL door `vakt up` opens so `vakt sql` can query while the pipeline holds the chdb folder.
describe('SQL door', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vakt-sql-door-unit-'));
  let store: StoreClient;
  let door: SqlDoor;
  beforeAll(async () => {
    store = await createStoreClient({ mode: 'embedded', dataDir: join(dataDir, 'clickhouse') });
    door = await openSqlDoor({ store, dataDir });
  });
  afterAll(async () => {
    await door?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is found through <dataDir>/sql-door.json (0600) and answers read-only queries', async () => {
    const info = await findSqlDoor(dataDir);
    expect(info).toMatchObject({ url: door.url, pid: process.pid });
    expect(statSync(join(dataDir, 'sql-door.json')).mode & 0o777).toBe(0o600);
    const r = await askSqlDoor(info!, 'SELECT 1 + 1 AS two');
    expect(r.ok && r.value).toEqual({ columns: [{ name: 'two', type: 'UInt16' }], rows: [[2]] });
  });

  it("returns ClickHouse's message for a bad query, and refuses writes at the gate", async () => {
    const info = (await findSqlDoor(dataDir))!;
    const bad = await askSqlDoor(info, 'SELECT nope FROM vakt.mentions');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('VAKT_CLICKHOUSE_QUERY');
      expect(describeSqlError(bad.error)).toContain('nope');
    }
    const write = await askSqlDoor(info, 'DROP TABLE vakt.mentions');
    expect(!write.ok && write.error.code).toBe('VAKT_FORBIDDEN');
  });

  it('refuses a wrong token, and survives a client that hangs up mid-body', async () => {
    const info = (await findSqlDoor(dataDir))!;
    expect((await askSqlDoor({ ...info, token: 'x'.repeat(43) }, 'SELECT 1')).ok).toBe(false);
    await new Promise<void>((resolve) => {
      const req = request(info.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${info.token}`, 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('{"query": "SEL');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    const after = await askSqlDoor(info, 'SELECT 3 AS n');
    expect(after.ok).toBe(true);
  });

  it('closing removes the file, so the door is no longer found', async () => {
    await door.close();
    expect(await findSqlDoor(dataDir)).toBeUndefined();
  });
});
