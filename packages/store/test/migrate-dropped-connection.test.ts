import { describe, expect, it } from 'vitest';
import type { StoreClient } from '../src/client.js';
import { migrate } from '../src/migrate.js';

/** A client whose connection drops (as a closed keep-alive socket does) on the first `dropFirst` commands. */
function flakyStore(dropFirst: number) {
  const sent: string[] = [];
  let calls = 0;
  const ch = {
    command: async ({ query }: { query: string }) => {
      calls += 1;
      if (calls <= dropFirst) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      sent.push(query);
      return {};
    },
    query: async () => ({ json: async () => [] }),
  };
  return { store: { ch } as unknown as StoreClient, sent, calls: () => calls };
}

describe('migrations on a connection that drops', () => {
  it('sends a statement again when the socket hangs up before an answer (statements are idempotent)', async () => {
    const { store, sent } = flakyStore(2);
    const r = await migrate(store, {}, [
      {
        version: 1,
        name: 'one',
        checksum: 'x',
        requires: [],
        statements: ['CREATE TABLE IF NOT EXISTS vakt.t (a UInt8) ENGINE = Memory'],
      },
    ]);
    expect(r.ok).toBe(true);
    expect(sent.some((q) => q.includes('CREATE TABLE IF NOT EXISTS vakt.t'))).toBe(true);
  });

  it('gives up with VAKT_MIGRATION_FAILED after three drops of the same statement', async () => {
    const { store, calls } = flakyStore(Infinity);
    const r = await migrate(store, {}, []);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('VAKT_MIGRATION_FAILED');
    expect(calls()).toBe(3);
  });
});
