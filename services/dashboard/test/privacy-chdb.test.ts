import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreClient, type StoreClient } from '@vakt/store/client';
import { eraseAuthor } from '@vakt/store/privacy';
import { createPseudonymiser } from '@vakt/store/pseudonym';
import { insertMentions } from '@vakt/store/tables/mentions';
import { bearer, mention } from './helpers.js';
import { buildPrivacyApp, type PrivacyFixture } from './privacy-helpers.js';

// The wiring the lead uses in main.ts, end to end on the embedded engine: the API call really deletes the rows,
// including rows the sink stored pseudonymised.
describe('erase-author over the API, on chdb', () => {
  let dataDir: string;
  let store: StoreClient;
  let f: PrivacyFixture;
  const pseudonymise = createPseudonymiser({ secret: 'dashboard-test-secret-0123456789' });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vakt-dash-privacy-'));
    store = await createStoreClient({ mode: 'embedded', dataDir });
    f = await buildPrivacyApp({ eraseAuthor: eraseAuthor(store, { pseudonymise }) });
  }, 120_000);
  afterAll(async () => {
    await f?.app.stop(1000);
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const authors = async (watch: string) => {
    const rs = await store.ch.query({
      query: `SELECT author FROM vakt.mentions FINAL WHERE watch = '${watch}' ORDER BY author`,
      format: 'JSONEachRow',
    });
    return (await rs.json<{ author: string }>()).map((r) => r.author);
  };

  it('deletes the author’s rows, plain and pseudonymised, and leaves others', async () => {
    const watch = 'erase-e2e';
    const plain = [
      mention({ author: { id: 'u-1', handle: "o'hara" } }, watch),
      mention({ author: { handle: 'bob' } }, watch),
    ];
    expect((await insertMentions(store)(plain)).ok).toBe(true);
    expect(
      (
        await insertMentions(store, { pseudonymise })([
          mention({ author: { id: 'u-1', handle: 'ohara2' } }, `${watch}-p`),
        ])
      ).ok,
    ).toBe(true);
    expect(await authors(watch)).toEqual(['bob', "o'hara"]);

    const res = await f.app.fastify.inject({
      method: 'POST',
      url: '/api/privacy/erase-author',
      headers: bearer(f.tokens.admin),
      payload: { authorId: 'u-1', handle: "o'hara" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().deleted.mentions).toBe(2);
    expect(await authors(watch)).toEqual(['bob']);
    expect(await authors(`${watch}-p`)).toEqual([]);

    // Asking again is harmless: nothing left to delete.
    const again = await f.app.fastify.inject({
      method: 'POST',
      url: '/api/privacy/erase-author',
      headers: bearer(f.tokens.admin),
      payload: { authorId: 'u-1' },
    });
    expect(again.json().deleted.mentions).toBe(0);
  }, 120_000);
});
