import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUp, waitFor, type UpProcess } from './processes.js';

/**
 * Every marked example in the docs runs as written (issue 17 item 3). A fence is an example when its info string
 * carries `example:<kind>` after the language (` ```yaml example:watches `; renderers read only the first word):
 * - `watches` (yaml/json): a watches file, loaded by `vakt score --watches-file`; the first is also the watches file
 *   of the real `vakt up` the other examples run against.
 * - `alerting` (yaml/json): an alerting file, started with `vakt up --alerting-file` (env names it mentions are set).
 * - `mentions` (json): a `POST /v1/mentions` body, sent to that `vakt up`: 202 with no item rejected.
 * - `sql`: run by `vakt sql` against that `vakt up`, which holds mentions of the watch (the store README's are also
 *   checked figure by figure, on both engines, by packages/store/test/readme-examples.test.ts).
 * - `shell`: run by bash in the repository root against that `vakt up`, with `VAKT_DATA_DIR` its data directory,
 *   `ADMIN_TOKEN` an admin API token, and the documented addresses (http://127.0.0.1:8080 dashboard, :8081 ingest,
 *   https://vakt.example.se) pointing at it, and `@mentions.json` the first example:mentions body. A `# → …`
 *   comment in a block is what its output must start with (up to the first comma).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'packages/cli/dist/main.js');
const KINDS = ['watches', 'alerting', 'mentions', 'sql', 'shell'] as const;
type Kind = (typeof KINDS)[number];
interface Example { file: string; line: number; lang: string; kind: Kind; body: string }

function markdownFiles(): string[] {
  const out = ['README.md'];
  const dir = (d: string, depth: number): void => {
    if (!existsSync(join(ROOT, d))) return;
    for (const e of readdirSync(join(ROOT, d), { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory() && depth > 0) dir(p, depth - 1);
      else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
    }
  };
  for (const d of ['docs', 'packages', 'services', 'infra', 'dashboards']) dir(d, 2);
  return out;
}

function examples(): Example[] {
  const found: Example[] = [];
  for (const file of markdownFiles()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/^```(\w+)[^\n]*?\bexample:(\S+)[^\n]*\n([\s\S]*?)^```/gm)) {
      const kind = m[2] as Kind;
      if (!KINDS.includes(kind)) throw new Error(`${file}: unknown example kind "${m[2]}" (known: ${KINDS.join(', ')})`);
      found.push({ file, line: text.slice(0, m.index).split('\n').length, lang: m[1]!, kind, body: m[3]! });
    }
  }
  return found;
}

const ALL = examples();
const of = (kind: Kind): Example[] => ALL.filter((e) => e.kind === kind);
const where = (e: Example): string => `${e.file}:${e.line}`;
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, DOTENV_CONFIG_QUIET: 'true', PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env['PATH']}`, ...extra });
const vakt = (args: string[], input = '') => spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env: env(), timeout: 120_000 });

describe('docs examples run as written', () => {
  const root = mkdtempSync(join(tmpdir(), 'vakt-docs-examples-'));
  const dataDir = join(root, 'data');
  const file = (e: Example): string => {
    const path = join(root, `${e.kind}-${e.line}.${e.lang === 'json' ? 'json' : 'yaml'}`);
    writeFileSync(path, e.body);
    return path;
  };
  let up: UpProcess;
  let adminToken = '';

  beforeAll(async () => {
    const [watches] = of('watches');
    const [alerting] = of('alerting');
    if (!watches) throw new Error('no example:watches fence found in the docs');
    const secrets = Object.fromEntries([...(alerting?.body.matchAll(/\b(VAKT_[A-Z0-9_]+)\b/g) ?? [])].map((m) => [m[1]!, 'docs-example-secret-value']));
    up = await startUp(dataDir, ['--watches-file', file(watches), '--admin-password', 'docs-examples-pw', ...(alerting ? ['--alerting-file', file(alerting)] : [])], secrets);
    const base = up.dashboardUrl;
    const login = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: 'admin', password: 'docs-examples-pw' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const created = await fetch(`${base}/api/tokens`, { method: 'POST', headers: { cookie, origin: base, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'docs examples', role: 'admin' }) });
    adminToken = ((await created.json()) as { secret: string }).secret;
    // Mentions of the README's watch, so the SQL examples have rows to read.
    const now = Date.now();
    const mentions = ['Försäkringskassan svarar inte', 'FK har tappat min ansökan igen', 'Bra bemötande hos Försäkringskassan idag', 'Ingen utbetalning #fkfail'].map((text, i) => ({
      id: `docs-${i}`, source: 'docs', text, created_at: new Date(now - i * 60_000).toISOString(), author: { handle: i === 0 ? 'anna_s' : `user${i}`, followers: 10 * (i + 1) },
    }));
    const res = await fetch(`${up.ingestUrl}/v1/mentions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(mentions) });
    expect(res.status, await res.text()).toBe(202);
    await waitFor('the mentions in the store', async () => vakt(['sql', '--data-dir', dataDir, '--format', 'tsv', 'SELECT count() FROM vakt.mentions FINAL']).stdout, (s) => s.trim().endsWith('4'), 60_000);
  });
  afterAll(async () => {
    await up?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('finds the marked examples (a lost marker would silently shrink this test)', () => {
    expect(of('watches').length).toBeGreaterThanOrEqual(1);
    expect(of('shell').length).toBeGreaterThanOrEqual(2);
  });

  it('every watches example loads through the watches loader', () => {
    for (const e of of('watches')) {
      const r = vakt(['score', '--jsonl', '--watches-file', file(e)], '{"id":"probe","text":"probe"}\n');
      expect(r.status, `${where(e)}: ${r.stderr}`).toBe(0);
    }
  });

  it('the watch README example matches a post tagged #fkfail (the unquoted query lost it to a YAML comment)', () => {
    const readme = of('watches').find((e) => e.file === join('packages', 'watch', 'README.md'));
    expect(readme).toBeDefined();
    const r = vakt(['score', '--jsonl', '--watches-file', file(readme!)], '{"id":"tag","text":"Ingen utbetalning igen #fkfail"}\n');
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout.trim()) as { watches?: string[] }).watches).toEqual(['forsakringskassan']);
  });

  it('every mentions example is a body the ingest API takes whole', async () => {
    for (const e of of('mentions')) {
      const res = await fetch(`${up.ingestUrl}/v1/mentions`, { method: 'POST', headers: { 'content-type': e.lang === 'json' ? 'application/json' : 'application/x-ndjson' }, body: e.body });
      const body = await res.text();
      expect(res.status, `${where(e)}: ${body}`).toBe(202);
      expect((JSON.parse(body) as { rejectedCount: number }).rejectedCount, `${where(e)}: ${body}`).toBe(0);
    }
  });

  it('every sql example runs through vakt sql', () => {
    expect(of('sql').length).toBeGreaterThanOrEqual(1);
    for (const e of of('sql')) {
      // Rows depend on each query's window; the store's own README test checks their figures on both engines.
      const r = vakt(['sql', '--data-dir', dataDir, '--format', 'jsonl', e.body]);
      expect(r.status, `${where(e)}: ${r.stderr}`).toBe(0);
    }
  });

  it('every shell example runs against the running vakt up', () => {
    // `@mentions.json` in a curl example is the body the docs show just before it (an example:mentions fence).
    const mentionsFile = join(root, 'mentions.json');
    writeFileSync(mentionsFile, of('mentions')[0]?.body ?? '[]');
    for (const e of of('shell')) {
      const script = e.body
        .replaceAll('@mentions.json', `@${mentionsFile}`)
        .replaceAll('http://127.0.0.1:8080', up.dashboardUrl)
        .replaceAll('http://127.0.0.1:8081', up.ingestUrl)
        .replaceAll('https://vakt.example.se', up.dashboardUrl);
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, encoding: 'utf8', env: env({ VAKT_DATA_DIR: dataDir, ADMIN_TOKEN: adminToken }), timeout: 120_000 });
      expect(r.status, `${where(e)} (${relative(ROOT, join(ROOT, e.file))}):\n${script}\n${r.stderr}`).toBe(0);
      for (const m of e.body.matchAll(/# → (.*)$/gm)) {
        const expected = m[1]!.split(',')[0]!;
        expect(r.stdout, where(e)).toContain(expected);
      }
    }
  });
});
