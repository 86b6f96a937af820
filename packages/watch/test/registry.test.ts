import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WatchRegistry, type WatchChange } from '../src/registry.js';
import { parseWatchesDocument } from '../src/loader.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vakt-watch-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fk = { name: 'fk', owners: ['cx'], query: 'Försäkringskassan', entities: [] };
let t = Date.parse('2026-11-23T10:00:00Z');
const now = () => t;

async function open() {
  const r = await WatchRegistry.open({ dataDir: dir, now });
  if (!r.ok) throw r.error;
  return r.value;
}

describe('WatchRegistry', () => {
  it('creates, updates and deletes with an audit trail, applying each change live', async () => {
    const reg = await open();
    const seen: WatchChange[] = [];
    reg.subscribe((c) => seen.push(c));
    const before = reg.matcher();

    expect((await reg.create(fk, 'anna')).ok).toBe(true);
    // 1. the new matcher is live and the old one is untouched (in-flight batches finish on it)
    expect(reg.matcher().match({ text: 'Försäkringskassans app' })).toHaveLength(1);
    expect(before.match({ text: 'Försäkringskassans app' })).toHaveLength(0);
    t += 60_000;
    // 2. an update that narrows the query
    expect((await reg.update('fk', { ...fk, query: 'Försäkringskassan AND app' }, 'bo')).ok).toBe(true);
    expect(reg.matcher().match({ text: 'Försäkringskassan' })).toHaveLength(0);
    // 3. delete
    expect((await reg.remove('fk', 'anna')).ok).toBe(true);
    expect(reg.list()).toEqual([]);

    expect(seen.map((c) => c.entries.map((e) => e.action))).toEqual([['create'], ['update'], ['delete']]);
    expect(reg.auditLog('fk').map((e) => [e.action, e.actor, e.at])).toEqual([
      ['create', 'anna', '2026-11-23T10:00:00.000Z'],
      ['update', 'bo', '2026-11-23T10:01:00.000Z'],
      ['delete', 'anna', '2026-11-23T10:01:00.000Z'],
    ]);
    expect(reg.auditLog('fk')[1]!.before?.query).toBe('Försäkringskassan');
  });

  it('rejects invalid watches and duplicates without changing anything', async () => {
    const reg = await open();
    const bad = await reg.create({ ...fk, query: 'a AND (b' }, 'anna');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('VAKT_QUERY_PARSE');
    const noOwner = await reg.create({ ...fk, owners: 'cx' }, 'anna');
    expect(!noOwner.ok && noOwner.error.code).toBe('VAKT_SCHEMA_INVALID');
    await reg.create(fk, 'anna');
    const dup = await reg.create(fk, 'anna');
    expect(!dup.ok && dup.error.code).toBe('VAKT_CONFIG_INVALID');
    const missing = await reg.update('nope', fk, 'anna');
    expect(!missing.ok && missing.error.code).toBe('VAKT_NOT_FOUND');
    expect(reg.auditLog()).toHaveLength(1);
  });

  it('persists watches and history across restarts', async () => {
    const reg = await open();
    await reg.create(fk, 'anna');
    const again = await open();
    expect(again.list()).toEqual([{ ...fk, id: 'fk' }]);
    expect(again.auditLog()).toHaveLength(1);
    expect(again.matcher().match({ text: 'forsakringskassan' })).toHaveLength(1);
    const file = JSON.parse(await readFile(join(dir, 'watches.json'), 'utf8'));
    expect(file.version).toBe(1);
  });

  it('refuses a corrupt file instead of starting empty', async () => {
    await writeFile(join(dir, 'watches.json'), '{ nope');
    const r = await WatchRegistry.open({ dataDir: dir, now });
    expect(!r.ok && r.error.code).toBe('VAKT_CONFIG_INVALID');
  });

  it('sync applies a config-as-code file as one change', async () => {
    const reg = await open();
    await reg.create({ ...fk, name: 'old' }, 'anna');
    const doc = parseWatchesDocument(
      `watches:\n  - name: fk\n    owners: [cx]\n    query: Försäkringskassan OR FK\n    abbreviations: { FK: Försäkringskassan }\n    entities:\n      - { name: Faktura, kind: touchpoint, query: faktura }\n`,
      'yaml',
    );
    if (!doc.ok) throw doc.error;
    const r = await reg.sync(doc.value, 'gitops');
    expect(r).toMatchObject({ ok: true, value: { created: 1, updated: 0, deleted: 1 } });
    expect(reg.list().map((w) => w.name)).toEqual(['fk']);
    expect(reg.matcher().match({ text: 'FK:s faktura' })).toEqual([{ watch: 'fk', entities: ['Faktura'] }]);
    // idempotent: syncing the same file again changes nothing, even with keys in another order
    expect(await reg.sync(doc.value, 'gitops')).toMatchObject({
      ok: true,
      value: { created: 0, updated: 0, deleted: 0 },
    });
    const reordered = doc.value.map((w) => Object.fromEntries(Object.entries(w).reverse()));
    expect(await reg.sync(reordered, 'gitops')).toMatchObject({
      ok: true,
      value: { created: 0, updated: 0, deleted: 0 },
    });
    expect(reg.auditLog()).toHaveLength(3);
  });
  it('reload picks up changes written by another process (e.g. the dashboard) and notifies', async () => {
    const ingest = await open();
    const dashboard = await open();
    const seen: string[][] = [];
    ingest.subscribe((c) => seen.push(c.entries.map((e) => `${e.action}:${e.actor}`)));
    await dashboard.create(fk, 'anna');
    expect(ingest.matcher().match({ text: 'Försäkringskassan' })).toHaveLength(0);
    expect(await ingest.reload()).toEqual({ ok: true, value: true });
    expect(ingest.matcher().match({ text: 'Försäkringskassan' })).toHaveLength(1);
    expect(await ingest.reload()).toEqual({ ok: true, value: false });
    await dashboard.update('fk', { ...fk, query: 'FK' }, 'bo');
    await ingest.reload();
    expect(seen).toEqual([['create:anna'], ['update:bo']]);
    // a broken file leaves the live watches untouched
    await writeFile(join(dir, 'watches.json'), '{ nope');
    const r = await ingest.reload();
    expect(!r.ok && r.error.code).toBe('VAKT_CONFIG_INVALID');
    expect(ingest.list().map((w) => w.query)).toEqual(['FK']);
  });
});

describe('parseWatchesDocument', () => {
  it('names the entry and position of a query error in a YAML file', () => {
    const r = parseWatchesDocument(
      `- name: a\n  owners: [x]\n  query: ok\n  entities: []\n- name: b\n  owners: [x]\n  query: "x OR"\n  entities: []\n`,
      'yaml',
      'w.yaml',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      // A configuration error naming the file, the entry and its line; the query parser's position stays in context.
      expect(r.error.code).toBe('VAKT_CONFIG_INVALID');
      expect(r.error.message).toMatch(/^w\.yaml: watch 2 \("b"\) at line 5: /);
      expect(r.error.context).toMatchObject({ index: 1, source: 'w.yaml', line: 1, col: 5, entryLine: 5 });
    }
  });
  it.each([
    ['{ "watches": 3 }', 'json'],
    [
      '[{"name":"a","owners":["x"],"query":"a","entities":[]},{"name":"a","owners":["x"],"query":"b","entities":[]}]',
      'json',
    ],
    ['watches: [\n', 'yaml'],
    ['{"watches": [], "extra": 1}', 'json'],
  ] as const)('rejects %s', (text, fmt) => {
    const r = parseWatchesDocument(text, fmt);
    expect(!r.ok && r.error.code).toBe('VAKT_CONFIG_INVALID');
  });
});
