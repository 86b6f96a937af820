import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreClient, type StoreClient } from '@vakt/store/client';
import { insertMentions } from '@vakt/store/tables/mentions';
import { createDashboardApp, type DashboardApp } from '../src/app.js';
import { createDashboardStore } from '../src/clickhouse-store.js';
import { createMemoryAlerts } from '../src/memory/alerts.js';
import { createMemoryWatches } from '../src/memory/watches.js';
import { createMemoryUserStore } from '../src/auth/users.js';
import { createLocalFeed } from '../src/memory/feed.js';
import { hashToken } from '../src/auth/password.js';
import { bearer, captureLog, mention, T0 } from './helpers.js';

// The wiring `vakt up` and `vakt service dashboard` use (createDashboardStore over @vakt/store), on the embedded
// engine: a correction made over HTTP lands in vakt.label_corrections and comes back in lists and the export.
describe('label corrections over the API, on chdb', () => {
  let dataDir: string;
  let store: StoreClient;
  let app: DashboardApp;
  const clock = { now: T0 };
  const editor = 'vakt_test_editor_token_0123456789';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vakt-dash-corrections-'));
    store = await createStoreClient({ mode: 'embedded', dataDir });
    const users = createMemoryUserStore();
    await users.createToken({ name: 'analyst', role: 'editor', tokenHash: hashToken(editor), createdBy: 'test' }, T0);
    const now = () => clock.now;
    app = createDashboardApp(
      {
        store: createDashboardStore(store, () => ['corr-a', 'corr-b']),
        live: createLocalFeed(),
        users,
        alerts: createMemoryAlerts(now),
        watches: createMemoryWatches(now, []),
        now,
        log: captureLog(),
      },
      { publicUrl: 'http://127.0.0.1:3000', sessionSecret: 'x'.repeat(32) },
    );
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.stop(1000);
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (payload: object) =>
    app.fastify.inject({ method: 'POST', url: '/api/corrections', headers: bearer(editor), payload });

  it('corrects, replaces on a second correction, marks the mention list and exports training lines', async () => {
    const text = "Kundtjänst svarade direkt, 'tack'!\nBäst -- \\ 🙂";
    const m = mention({ id: "x'1", text }, 'corr-a');
    expect(
      (
        await insertMentions(store)([
          m,
          mention({ id: 'untouched' }, 'corr-a'),
          mention({ id: 'b1', text: 'Appen kraschar' }, 'corr-b'),
        ])
      ).ok,
    ).toBe(true);

    expect((await post({ watch: 'corr-a', source: 'x', id: "x'1", label: 'neutral' })).statusCode).toBe(200);
    clock.now = T0 + 250; // within the same second: the version is in ms
    const second = await post({ watch: 'corr-a', source: 'x', id: "x'1", label: 'positive' });
    expect(second.statusCode).toBe(200);
    expect(second.json().correction).toMatchObject({
      label: 'positive',
      modelLabel: 'negative',
      text,
      correctedBy: 'token:analyst',
    });
    clock.now = T0 + 1_000;
    expect((await post({ watch: 'corr-b', source: 'x', id: 'b1', label: 'negative' })).statusCode).toBe(200);

    const unknown = await post({ watch: 'corr-a', source: 'x', id: 'b1', label: 'negative' });
    expect(unknown.statusCode).toBe(400);

    const list = await app.fastify.inject({
      method: 'GET',
      url: '/api/mentions?watch=corr-a',
      headers: bearer(editor),
    });
    const marks = (list.json().mentions as { id: string; correction?: { label: string } }[]).map((x) => [
      x.id,
      x.correction?.label,
    ]);
    expect(marks.sort()).toEqual([
      ['untouched', undefined],
      ["x'1", 'positive'],
    ]);

    const exported = await app.fastify.inject({
      method: 'GET',
      url: '/api/corrections/export',
      headers: bearer(editor),
    });
    expect(exported.body).toBe(
      `${JSON.stringify({ text, label: 'positive', lang: 'sv' })}\n${JSON.stringify({ text: 'Appen kraschar', label: 'negative', lang: 'sv' })}\n`,
    );
    const onlyB = await app.fastify.inject({
      method: 'GET',
      url: '/api/corrections/export?watch=corr-b',
      headers: bearer(editor),
    });
    expect(onlyB.body.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
