import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { freePortPair, waitFor } from './processes.js';

const CLI = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));
const PASSWORD = 'watch-ids-test-pw';

/** A row as the version before watch ids stored it: keyed by the watch's display name. */
function legacyRow(id: string, at: number): ScoredMention {
  const t = new Date(at).toISOString();
  return {
    schemaVersion: 1,
    id,
    source: 'legacy',
    text: `Pensionsmyndigheten tappade min ansökan ${id}`,
    created_at: t,
    ingested_at: t,
    matches: [{ watch: 'Pensionsmyndigheten', entities: [] }],
    sentiment: {
      label: 'negative',
      score: -0.6,
      confidence: 0.8,
      lang: 'sv',
      p_neg: 0.8,
      p_neu: 0.1,
      p_pos: 0.1,
      model: 'combined',
      disagreement: false,
      explanation: [],
    },
    scored_at: t,
  };
}

/** `vakt up --no-demo` on `dataDir`, logged in as admin; `stop` is Ctrl-C. */
async function up(dataDir: string, port: number, extra: string[] = []) {
  let out = '';
  const proc: ChildProcess = spawn(
    process.execPath,
    [CLI, 'up', '--no-demo', '--port', String(port), '--data-dir', dataDir, '--admin-password', PASSWORD, ...extra],
    {
      env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  proc.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await waitFor(
    'vakt up to announce itself',
    async () => out,
    (s) => s.includes('Vakt is running') || proc.exitCode !== null,
    120_000,
  );
  expect(proc.exitCode, out.slice(-2000)).toBeNull();
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = ((await login.json()) as { csrfToken?: string }).csrfToken;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON response body the test reads field by field
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        cookie,
        origin: base,
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: await res.json().catch(() => null) };
  };
  const post = async (items: object[]): Promise<{ accepted: number; rejected: unknown[] }> => {
    const res = await fetch(`http://127.0.0.1:${port + 1}/v1/mentions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(items),
    });
    expect(res.status).toBe(202);
    return (await res.json()) as { accepted: number; rejected: unknown[] };
  };
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGINT');
    await exited;
  };
  return { call, post, stop, out: () => out };
}

const mention = (id: string, text: string, extra: object = {}) => ({
  id,
  source: 'systemtest',
  text,
  created_at: new Date().toISOString(),
  ...extra,
});
const total = (points: Array<{ total: number }>): number => points.reduce((s, p) => s + p.total, 0);

describe('issue 17.1: watch names with capitals, å ä ö, spaces and punctuation work everywhere', () => {
  it('API-created "Försäkringskassan" and file watch "Skatteverket": slug ids in every API, names shown, rows stored before ids still read; the file manages only its own watches (17.2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vakt-watch-ids-'));
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    // 1. What the earlier version left: a watch "Pensionsmyndigheten" stored without an id, and rows keyed by its name
    //    (which every API call refused with 400).
    const pm = { name: 'Pensionsmyndigheten', owners: ['kommunikation'], query: 'Pensionsmyndigheten', entities: [] };
    writeFileSync(join(dataDir, 'watches.json'), JSON.stringify({ version: 1, watches: [pm], history: [] }));
    const { createStoreClient } = await import('@vakt/store/client');
    const { insertMentions } = await import('@vakt/store/tables/mentions');
    const store = await createStoreClient({ mode: 'embedded', dataDir: join(dataDir, 'clickhouse') });
    try {
      const r = await insertMentions(store)([
        legacyRow('old-1', Date.now() - 20 * 60_000),
        legacyRow('old-2', Date.now() - 10 * 60_000),
      ]);
      if (!r.ok) throw r.error;
    } finally {
      await store.close();
    }
    const port = await freePortPair();
    let vakt = await up(dataDir, port);
    try {
      // 2. The old watch has its id; its old rows are read under it.
      expect(
        (await vakt.call('GET', '/api/watches')).json.watches.map((w: { id: string; name: string }) => [w.id, w.name]),
      ).toEqual([['pensionsmyndigheten', 'Pensionsmyndigheten']]);
      const old = await vakt.call('GET', '/api/mentions?watch=pensionsmyndigheten&limit=50');
      expect(old.status).toBe(200);
      expect(old.json.mentions.map((m: { id: string }) => m.id).sort()).toEqual(['old-1', 'old-2']);
      expect((await vakt.post([mention('p1', 'Pensionsmyndigheten svarar snabbt')])).accepted).toBe(1);
      const span = () => `from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`;
      await waitFor(
        'old and new Pensionsmyndigheten rows on one timeline',
        () => vakt.call('GET', `/api/watches/pensionsmyndigheten/timeline?step=minute&${span()}`),
        (r) => r.status === 200 && total(r.json.points) === 3,
      );
      expect((await vakt.call('GET', '/api/alerts?watch=pensionsmyndigheten')).status).toBe(200);

      // 3. Create the watch the way the README names it: id is the slug, the name is kept.
      const created = await vakt.call('POST', '/api/watches', {
        name: 'Försäkringskassan',
        query: 'Försäkringskassan OR "Nils Öberg"',
        owners: ['kommunikation'],
        routes: [],
        retentionDays: 365,
        entities: [{ name: 'Nils Öberg', kind: 'person', query: '"Nils Öberg"' }],
      });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      expect(created.json.watch).toMatchObject({ id: 'forsakringskassan', name: 'Försäkringskassan' });

      // A watch made in the dashboard that the watches file below does not name.
      expect(
        (
          await vakt.call('POST', '/api/watches', {
            name: 'Arbetsförmedlingen',
            query: 'Arbetsförmedlingen',
            entities: [],
            owners: [],
            routes: [],
            retentionDays: 365,
          })
        ).json.watch.id,
      ).toBe('arbetsformedlingen');

      // 4. Mentions are matched and stored under the id; every API answers for it.
      expect(
        (
          await vakt.post([
            mention('n1', 'Försäkringskassan svarar inte'),
            mention('n2', 'Nils Öberg borde avgå'),
            mention('n3', 'Försäkringskassans app krånglar'),
          ])
        ).accepted,
      ).toBe(3);
      const now = Date.now();
      const range = `from=${now - 3_600_000}&to=${now + 60_000}`;
      const timeline = await waitFor(
        '3 mentions on the timeline',
        () => vakt.call('GET', `/api/watches/forsakringskassan/timeline?step=minute&${range}`),
        (r) => r.status === 200 && total(r.json.points) >= 3,
      );
      expect(total(timeline.json.points)).toBe(3);
      const listed = await vakt.call('GET', '/api/mentions?watch=forsakringskassan&limit=50');
      expect(listed.status).toBe(200);
      expect(listed.json.mentions.map((m: { id: string }) => m.id).sort()).toEqual(['n1', 'n2', 'n3']);
      const people = await vakt.call('GET', `/api/watches/forsakringskassan/breakdown?by=entity&${range}`);
      expect(people.status).toBe(200);
      expect(people.json.rows).toEqual([expect.objectContaining({ key: 'Nils Öberg', total: 1 })]);
      // The alert list and the surging terms answer for the id (they answered 400 before).
      expect((await vakt.call('GET', '/api/alerts?watch=forsakringskassan')).status).toBe(200);
      expect((await vakt.call('GET', `/api/watches/forsakringskassan/surging?${range}`)).status).toBe(200);
      // Renaming keeps the id and the data, also for the watch from before ids.
      const { id: _i, updatedAt: _u, updatedBy: _b, ...body } = created.json.watch;
      const renamed = await vakt.call('PUT', '/api/watches/forsakringskassan', {
        ...body,
        name: 'Försäkringskassan (FK)',
      });
      expect(renamed.status, JSON.stringify(renamed.json)).toBe(200);
      expect(renamed.json.watch).toMatchObject({ id: 'forsakringskassan', name: 'Försäkringskassan (FK)' });
      const pmView = (await vakt.call('GET', '/api/watches/pensionsmyndigheten')).json.watch;
      const { id: _pi, updatedAt: _pu, updatedBy: _pb, ...pmBody } = pmView;
      expect(
        (await vakt.call('PUT', '/api/watches/pensionsmyndigheten', { ...pmBody, name: 'Pensionsmyndigheten (PM)' }))
          .status,
      ).toBe(200);
      expect(
        total((await vakt.call('GET', `/api/watches/pensionsmyndigheten/timeline?step=minute&${span()}`)).json.points),
      ).toBe(3);
      await vakt.stop();

      // 5. A watches file naming "Skatteverket" (no owners, no entities): its id is skatteverket; a mention tagged with
      //    the name lands there. The dashboard's own watch is kept; each change is logged; file watches are read-only.
      const file = join(dir, 'watches.yaml');
      writeFileSync(
        file,
        [
          '- { name: Skatteverket, query: Skatteverket }',
          '- { name: "Pensionsmyndigheten (PM)", id: pensionsmyndigheten, owners: [kommunikation], query: Pensionsmyndigheten, entities: [] }',
          '- { name: "Försäkringskassan (FK)", id: forsakringskassan, owners: [kommunikation], query: "Försäkringskassan OR \\"Nils Öberg\\"", entities: [{ name: Nils Öberg, kind: person, query: "\\"Nils Öberg\\"" }] }',
        ].join('\n'),
      );
      vakt = await up(dataDir, port, ['--watches-file', file]);
      const watches = await vakt.call('GET', '/api/watches');
      expect(
        watches.json.watches.map((w: { id: string; name: string; managedBy?: string }) => [
          w.id,
          w.name,
          w.managedBy ?? 'dashboard',
        ]),
      ).toEqual([
        ['arbetsformedlingen', 'Arbetsförmedlingen', 'dashboard'],
        ['forsakringskassan', 'Försäkringskassan (FK)', 'file'],
        ['pensionsmyndigheten', 'Pensionsmyndigheten (PM)', 'file'],
        ['skatteverket', 'Skatteverket', 'file'],
      ]);
      expect(vakt.out()).toContain('watches file: skatteverket (\\"Skatteverket\\") added');
      expect(vakt.out()).toContain(
        'watches file: forsakringskassan (\\"Försäkringskassan (FK)\\") taken over from the dashboard',
      );
      expect(vakt.out()).toContain('watches file: 3 change(s); 1 watch(es) made in the dashboard kept');
      const skView = watches.json.watches.find((w: { id: string }) => w.id === 'skatteverket');
      const { id: _si, updatedAt: _su, updatedBy: _sb, managedBy: _sm, ...skBody } = skView;
      const refused = await vakt.call('PUT', '/api/watches/skatteverket', { ...skBody, query: 'Skatteverket OR SKV' });
      expect(refused.status).toBe(403);
      expect(refused.json.error.message).toContain('comes from the watches file');
      expect((await vakt.call('DELETE', '/api/watches/skatteverket')).status).toBe(403);
      const sent = await vakt.post([
        mention('s1', 'Skatteverket har fel i deklarationen'),
        mention('s2', 'pressmeddelande om deklarationen', { watch: 'Skatteverket' }),
      ]);
      expect(sent).toMatchObject({ accepted: 2, rejected: [] });
      const sk = await waitFor(
        '2 Skatteverket mentions',
        () => vakt.call('GET', '/api/mentions?watch=skatteverket&limit=50'),
        (r) => r.status === 200 && r.json.mentions.length >= 2,
      );
      expect(
        sk.json.mentions
          .map((m: { id: string; matches: Array<{ watch: string }> }) => [m.id, m.matches[0]!.watch])
          .sort(),
      ).toEqual([
        ['s1', 'skatteverket'],
        ['s2', 'skatteverket'],
      ]);
      expect(
        (
          await vakt.call(
            'GET',
            `/api/watches/skatteverket/timeline?step=minute&from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`,
          )
        ).status,
      ).toBe(200);
      expect((await vakt.call('GET', '/api/alerts?watch=skatteverket')).status).toBe(200);
      // The data from before ids is still read after the restart with a file that does not know the old key.
      expect((await vakt.call('GET', '/api/mentions?watch=forsakringskassan&limit=50')).json.mentions).toHaveLength(3);
      expect(
        (await vakt.call('GET', '/api/mentions?watch=pensionsmyndigheten&limit=50')).json.mentions
          .map((m: { id: string }) => m.id)
          .sort(),
      ).toEqual(['old-1', 'old-2', 'p1']);
      await vakt.stop();

      // 6. A bad watches file stops the start naming the file, the watch and its line (exit 2).
      const bad = join(dir, 'bad.yaml');
      writeFileSync(
        bad,
        '- { name: Skatteverket, query: Skatteverket }\n- name: Försäkringskassan\n  query: "Försäkringskassan OR"\n',
      );
      const { spawnSync } = await import('node:child_process');
      const r = spawnSync(
        process.execPath,
        [CLI, 'up', '--no-demo', '--port', String(port), '--data-dir', dataDir, '--watches-file', bad],
        { encoding: 'utf8', env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' }, timeout: 120_000 },
      );
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${bad}: watch 2 ("Försäkringskassan") at line 2:`);
      expect(r.stderr).not.toContain('dead-lettered');
    } finally {
      await vakt.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
