import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUp, waitFor, type UpProcess } from './processes.js';

// Issue 17 item 4: analysts query while the pipeline runs. chdb admits one process per data directory, so `vakt sql`
// goes through the running `vakt up`'s read-only SQL door; engine errors name the column; a missing data directory
// is an error, not a new empty store.
const CLI = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));
const sql = (dataDir: string, query: string, format = 'jsonl') =>
  spawnSync(process.execPath, [CLI, 'sql', '--data-dir', dataDir, '--format', format, query], {
    encoding: 'utf8',
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
    timeout: 120_000,
  });
const COUNT = "SELECT count() AS n FROM vakt.mentions FINAL WHERE watch = 'skattekollen'";
const countOf = (r: ReturnType<typeof sql>): number =>
  r.status === 0 ? Number((JSON.parse(r.stdout.trim()) as { n: string }).n) : -1;

describe('issue 17 item 4: vakt sql while vakt up runs', () => {
  const root = mkdtempSync(join(tmpdir(), 'vakt-sql-door-'));
  const dataDir = join(root, 'data');
  let up: UpProcess;

  beforeAll(async () => {
    const watches = join(root, 'watches.yaml');
    writeFileSync(watches, 'watches:\n  - name: Skattekollen\n    query: skattekollen\n');
    up = await startUp(dataDir, ['--watches-file', watches, '--admin-password', 'sql-door-test-pw']);
    const now = new Date().toISOString();
    const res = await fetch(`${up.ingestUrl}/v1/mentions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        [1, 2, 3].map((i) => ({
          id: `sql-${i}`,
          source: 'systemtest',
          text: `Skattekollen svarar inte ${i}`,
          created_at: now,
        })),
      ),
    });
    expect(res.status, await res.text()).toBe(202);
  });
  afterAll(async () => {
    await up?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("reads the running pipeline's data through its door (chdb would refuse a second process)", async () => {
    const r = await waitFor(
      'three mentions visible to vakt sql',
      async () => sql(dataDir, COUNT),
      (r) => countOf(r) === 3,
      60_000,
    );
    expect(r.stderr).not.toMatch(/Cannot lock|VAKT_CLICKHOUSE_UNAVAILABLE/);
    const table = sql(dataDir, COUNT, 'table');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^n\s*\n-+\s*\n3\s*$/);
  });

  it("shows ClickHouse's own message for a bad query (which column), not only its code", () => {
    const r = sql(dataDir, 'SELECT no_such_column FROM vakt.mentions');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no_such_column');
    expect(r.stderr).toContain('ClickHouse error code 47');
    expect(r.stderr).not.toContain('SETTINGS readonly');
    const table = sql(dataDir, 'SELECT 1 FROM vakt.no_such_table');
    expect(table.status).toBe(1);
    expect(table.stderr).toContain('no_such_table');
  });

  it('the door is read-only and authenticated', async () => {
    expect(sql(dataDir, 'DROP TABLE vakt.mentions').stderr).toContain('read-only queries only');
    const door = JSON.parse(readFileSync(join(dataDir, 'sql-door.json'), 'utf8')) as {
      url: string;
      token: string;
      pid: number;
    };
    expect(door.pid).toBe(up.proc.pid);
    expect(door.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sql$/);
    const ask = (token: string, query: string) =>
      fetch(door.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
    expect((await ask('wrong-token', 'SELECT 1')).status).toBe(401);
    const write = await ask(door.token, 'INSERT INTO vakt.dead_letters SELECT * FROM vakt.dead_letters');
    expect(write.status).toBe(403);
    expect(countOf(sql(dataDir, COUNT))).toBe(3);
  });

  it('a process that holds the store without a door is named as such, not as an unreachable server', () => {
    const file = join(dataDir, 'sql-door.json');
    const saved = readFileSync(file, 'utf8');
    unlinkSync(file);
    try {
      const r = sql(dataDir, COUNT);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`process ${up.proc.pid} holds the store`);
      expect(r.stderr).not.toContain('Cannot lock');
      expect(r.stderr).not.toContain('the sink pauses consumption');
    } finally {
      writeFileSync(file, saved, { mode: 0o600 });
    }
  });

  it('after Ctrl-C the door is gone and vakt sql opens the store itself', async () => {
    await up.stop();
    expect(existsSync(join(dataDir, 'sql-door.json'))).toBe(false);
    expect(countOf(sql(dataDir, COUNT))).toBe(3);
  });

  it('a door file left by a killed vakt up whose pid now runs another program does not block vakt sql', () => {
    // This test runner's pid is alive, and port 1 answers nothing: the file is stale, and nothing holds the store.
    writeFileSync(
      join(dataDir, 'sql-door.json'),
      JSON.stringify({ url: 'http://127.0.0.1:1/sql', token: 'stale', pid: process.pid }),
      { mode: 0o600 },
    );
    expect(countOf(sql(dataDir, COUNT))).toBe(3);
  });

  it('a data directory that does not exist is an error, and stays absent', () => {
    const missing = join(root, 'typo');
    const r = sql(missing, 'SELECT 1');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`no Vakt store in ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });
});
