import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startUp, waitFor, type UpProcess } from './processes.js';

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
 * - `distributed` (sh): the README's distributed mode, run by bash in the repository root as its own process group,
 *   with every port it names replaced by a free one, `VAKT_DATA_DIR` a temp dir and `VAKT_WATCHES_FILE` the first
 *   watches example. The test then waits for each service's /healthz, posts mentions to its ingest, finds them in its
 *   ClickHouse server, and stops the group.
 * - `clickhouse` (sh): an analyst's command against that ClickHouse server (`ch.internal` is its host, the documented
 *   ports its ports, `$PW` the `vakt_analyst` password, `analyst` as the server sets it); it must print the watch's
 *   rows (a label count; a PrettyCompact table when it asks for one).
 * A shell, YAML, JSON or SQL fence in any doc that is not run says why on its fence (` ```sh not-run:
 * <reason> `); a fence with neither fails the test, so no example goes unrun without a stated reason.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'apps/cli/dist/main.js');
const KINDS = ['watches', 'alerting', 'mentions', 'sql', 'shell', 'distributed', 'clickhouse'] as const;
type Kind = (typeof KINDS)[number];
interface Example {
  file: string;
  line: number;
  lang: string;
  kind: Kind;
  body: string;
}

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
  for (const d of ['docs', 'apps', 'packages', 'services', 'infra', 'dashboards']) dir(d, 2);
  return out;
}

function examples(): Example[] {
  const found: Example[] = [];
  for (const file of markdownFiles()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/^```(\w+)[^\n]*?\bexample:(\S+)[^\n]*\n([\s\S]*?)^```/gm)) {
      const kind = m[2] as Kind;
      if (!KINDS.includes(kind))
        throw new Error(`${file}: unknown example kind "${m[2]}" (known: ${KINDS.join(', ')})`);
      found.push({ file, line: text.slice(0, m.index).split('\n').length, lang: m[1]!, kind, body: m[3]! });
    }
  }
  return found;
}

const ALL = examples();
const of = (kind: Kind): Example[] => ALL.filter((e) => e.kind === kind);
const where = (e: Example): string => `${e.file}:${e.line}`;
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  DOTENV_CONFIG_QUIET: 'true',
  PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env['PATH']}`,
  ...extra,
});
const vakt = (args: string[], input = '') =>
  spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env: env(), timeout: 120_000 });

/** Fences of every doc in languages a reader runs or loads, with their info string. */
function runnableFences(): Array<{ at: string; info: string }> {
  const out: Array<{ at: string; info: string }> = [];
  for (const file of markdownFiles()) {
    let open = false;
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /^```(\S*)\s*(.*)$/.exec(line);
        if (!m) return;
        if (!open && /^(sh|bash|shell|console|ya?ml|json|sql)$/.test(m[1]!))
          out.push({ at: `${file}:${i + 1}`, info: m[2]! });
        open = !open;
      });
  }
  return out;
}

/** Mentions of the README's watch (the first example:watches), so the SQL examples have rows to read. */
function watchMentions(now: number): unknown[] {
  return [
    'Försäkringskassan svarar inte',
    'FK har tappat min ansökan igen',
    'Bra bemötande hos Försäkringskassan idag',
    'Ingen utbetalning #fkfail',
  ].map((text, i) => ({
    id: `docs-${i}`,
    source: 'docs',
    text,
    created_at: new Date(now - i * 60_000).toISOString(),
    author: { handle: i === 0 ? 'anna_s' : `user${i}`, followers: 10 * (i + 1) },
  }));
}

describe('every runnable fence in the docs is run, or says why not', () => {
  it('carries example:<kind> or not-run: <reason>', () => {
    const fences = runnableFences();
    expect(fences.length).toBeGreaterThanOrEqual(25);
    for (const f of fences) {
      const marked = /\bexample:\S+/.test(f.info) || /\bnot-run: .{20,}/.test(f.info);
      expect(
        marked,
        `${f.at}: mark the fence example:<kind> (run by this test) or not-run: <why it cannot run here>`,
      ).toBe(true);
    }
  });
});

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
    const secrets = Object.fromEntries(
      [...(alerting?.body.matchAll(/\b(VAKT_[A-Z0-9_]+)\b/g) ?? [])].map((m) => [m[1]!, 'docs-example-secret-value']),
    );
    up = await startUp(
      dataDir,
      [
        '--watches-file',
        file(watches),
        '--admin-password',
        'docs-examples-pw',
        ...(alerting ? ['--alerting-file', file(alerting)] : []),
      ],
      secrets,
    );
    const base = up.dashboardUrl;
    const login = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ username: 'admin', password: 'docs-examples-pw' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const created = await fetch(`${base}/api/tokens`, {
      method: 'POST',
      headers: { cookie, origin: base, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'docs examples', role: 'admin' }),
    });
    adminToken = ((await created.json()) as { secret: string }).secret;
    const res = await fetch(`${up.ingestUrl}/v1/mentions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(watchMentions(Date.now())),
    });
    expect(res.status, await res.text()).toBe(202);
    await waitFor(
      'the mentions in the store',
      async () =>
        vakt(['sql', '--data-dir', dataDir, '--format', 'tsv', 'SELECT count() FROM vakt.mentions FINAL']).stdout,
      (s) => s.trim().endsWith('4'),
      60_000,
    );
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
    const r = vakt(
      ['score', '--jsonl', '--watches-file', file(readme!)],
      '{"id":"tag","text":"Ingen utbetalning igen #fkfail"}\n',
    );
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout.trim()) as { watches?: string[] }).watches).toEqual(['forsakringskassan']);
  });

  it('every mentions example is a body the ingest API takes whole', async () => {
    for (const e of of('mentions')) {
      const res = await fetch(`${up.ingestUrl}/v1/mentions`, {
        method: 'POST',
        headers: { 'content-type': e.lang === 'json' ? 'application/json' : 'application/x-ndjson' },
        body: e.body,
      });
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
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
        cwd: ROOT,
        encoding: 'utf8',
        env: env({ VAKT_DATA_DIR: dataDir, ADMIN_TOKEN: adminToken }),
        timeout: 120_000,
      });
      expect(r.status, `${where(e)} (${relative(ROOT, join(ROOT, e.file))}):\n${script}\n${r.stderr}`).toBe(0);
      for (const m of e.body.matchAll(/# → (.*)$/gm)) {
        const expected = m[1]!.split(',')[0]!;
        expect(r.stdout, where(e)).toContain(expected);
      }
    }
  });
});

describe('the README distributed example runs as written, and the analysts connect to its ClickHouse server', () => {
  const root = mkdtempSync(join(tmpdir(), 'vakt-docs-distributed-'));
  const logFile = join(root, 'services.log');
  // start-server.mjs's default for vakt_analyst (VAKT_ANALYST_PASSWORD unset), as the infra README's example writes it.
  const analystPassword = 'analyst';
  const ports = new Map<number, number>();
  /** The block with each documented port replaced by this run's free port (other tests may hold the defaults). */
  const onFreePorts = (body: string): string =>
    [...ports].reduce((text, [doc, free]) => text.replace(new RegExp(`\\b${doc}\\b`, 'g'), String(free)), body);
  const port = (doc: number): number =>
    ports.get(doc) ??
    (() => {
      throw new Error(`the distributed example names no port ${doc}`);
    })();
  const logTail = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '');
  let group = 0;
  let servicePorts: number[] = [];

  beforeAll(async () => {
    const [block] = of('distributed');
    const [watches] = of('watches');
    if (!block || !watches) throw new Error('no example:distributed or example:watches fence found in the docs');
    for (const m of block.body.matchAll(/(?:PORT=|--http-port |--tcp-port |127\.0\.0\.1:)(\d{4,5})\b/g))
      if (!ports.has(Number(m[1]))) ports.set(Number(m[1]), await freePort());
    servicePorts = [...block.body.matchAll(/^PORT=(\d+) /gm)].map((m) => port(Number(m[1])));
    const watchesFile = join(root, 'watches.yaml');
    writeFileSync(watchesFile, watches.body);
    const out = openSync(logFile, 'a');
    // Its own process group, so the background jobs the block starts are stopped together in afterAll.
    const bash = spawn('bash', ['-euo', 'pipefail', '-c', onFreePorts(block.body)], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', out, out],
      env: env({ VAKT_DATA_DIR: join(root, 'data'), VAKT_WATCHES_FILE: watchesFile, LOG_LEVEL: 'warn' }),
    });
    closeSync(out);
    group = bash.pid!;
    const status = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(-1), 120_000);
      bash.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    if (status !== 0)
      throw new Error(
        `${where(block)}: the block ${status === -1 ? 'did not finish in 120 s' : `exited ${status}`}:\n${logTail()}`,
      );
  });
  afterAll(async () => {
    if (group) await stopGroup(group);
    rmSync(root, { recursive: true, force: true });
  });

  it('starts every service it names, healthy', async () => {
    expect(servicePorts.length).toBe(5);
    for (const p of servicePorts) {
      await waitFor(
        `the service on port ${p}`,
        async () => (await fetch(`http://127.0.0.1:${p}/healthz`)).status,
        (s) => s === 200,
        120_000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}; the block's output:\n${logTail()}`);
      });
    }
    // What the README says about the first start: the generated admin password is logged, once.
    expect(readFileSync(logFile, 'utf8').match(/created first admin with a generated password/g)).toHaveLength(1);
  });

  it('takes mentions at its ingest and stores them in its ClickHouse server', async () => {
    const res = await fetch(`http://127.0.0.1:${port(8081)}/v1/mentions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(watchMentions(Date.now())),
    });
    expect(res.status, await res.text()).toBe(202);
    const count = async (): Promise<string> =>
      (
        await fetch(`http://127.0.0.1:${port(8123)}/`, {
          method: 'POST',
          body: "SELECT count() FROM vakt.mentions FINAL WHERE watch = 'forsakringskassan'",
        })
      ).text();
    await waitFor('the mentions in ClickHouse', count, (n) => n.trim() === '4', 120_000);
  });

  it('every clickhouse example (clickhouse-client, curl as vakt_analyst) prints the watch rows', () => {
    expect(of('clickhouse').length).toBeGreaterThanOrEqual(1);
    for (const e of of('clickhouse')) {
      const script = onFreePorts(e.body).replaceAll('ch.internal', '127.0.0.1');
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
        cwd: ROOT,
        encoding: 'utf8',
        env: env({ PW: analystPassword }),
        timeout: 60_000,
      });
      expect(r.status, `${where(e)}:\n${script}\n${r.stderr}`).toBe(0);
      // clickhouse-client counts by label (tab-separated); a curl asking for PrettyCompact gets the watch in a table.
      expect(r.stdout, where(e)).toMatch(/^(negative|neutral|positive)\t\d+$/m);
      if (e.body.includes('PrettyCompact')) expect(r.stdout, where(e)).toMatch(/│ forsakringskassan │ +4 │/);
    }
  });
});

/** SIGTERM to the group (graceful stops), then SIGKILL to whatever is left after 20 s. */
async function stopGroup(pgid: number): Promise<void> {
  const alive = (): boolean => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 20_000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (alive()) process.kill(-pgid, 'SIGKILL');
}
