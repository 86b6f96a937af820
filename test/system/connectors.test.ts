import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { test as pipelineTest } from './pipeline-fixture.js';
import { freePortPair, waitFor, type ServiceProcess } from './processes.js';

const CLI = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

/**
 * A local news site: `/nyheter.xml` is an RSS 2.0 feed whose items the test adds to, `/trasig.xml` always answers
 * 500. Every request is counted.
 */
async function startFeedServer(word: string) {
  const items: string[] = [];
  const requests: string[] = [];
  const add = (n: number): void => {
    const i = items.length;
    for (let k = i; k < i + n; k++) {
      items.push(
        `<item><title>${word} nyhet ${k}: handläggningen tar för lång tid</title><link>https://nyheter.example.se/${k}</link><guid isPermaLink="false">nyhet-${k}</guid><pubDate>${new Date(Date.UTC(2026, 11, 7, 9, k)).toUTCString()}</pubDate></item>`,
      );
    }
  };
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/nyheter.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      return void res.end(
        `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Nyheter</title><language>sv</language>${[...items].reverse().join('')}</channel></rss>`,
      );
    }
    res.writeHead(500).end('trasig');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    feed: `${base}/nyheter.xml`,
    broken: `${base}/trasig.xml`,
    add,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

interface Health {
  connector: string;
  targets: Array<{
    target: string;
    delivered: number;
    lastSuccessAt: string | null;
    failing: boolean;
    lastError: { code: string; message: string; at: string } | null;
  }>;
}

/** What the shared scenario needs from a way of running Vakt. */
interface Mode {
  /** Starts (or restarts, on the same data dir) whatever runs the connectors, with these connector settings. */
  start(env: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
  /** Lines the process printed or logged (start-up announcements). */
  output(): string;
  /** Rows stored for the watch: distinct ids, and rows before any dedup (a re-delivered item is a second row). */
  stored(): Promise<{ distinct: number; rows: number }>;
  sources(): Promise<Health[]>;
}

/**
 * The connector contract, the same in `vakt up` and `vakt service ingest`: the feeds file's items land; each source's
 * health is visible, a failing feed within one poll interval; a restart resumes from the cursor in the data dir
 * without gaps (items published while down arrive) or duplicates (nothing re-delivered).
 */
async function connectorScenario(mode: Mode, word: string, dir: string): Promise<void> {
  const site = await startFeedServer(word);
  try {
    site.add(3);
    const feedsFile = join(dir, 'feeds.txt');
    writeFileSync(feedsFile, `# nyhetsflöden\n${site.feed}\n${site.broken}\n`);
    const env = { VAKT_RSS_FEEDS_FILE: feedsFile, VAKT_RSS_INTERVAL_S: '2', VAKT_MASTODON_HASHTAGS: 'fkfail' };

    // 1. Start: it says which connectors are on and what they follow, and warns about the setting that does nothing.
    await mode.start(env);
    const startedAt = Date.now();
    expect(mode.output()).toContain(`rss: 2 feeds every 2 s: ${site.feed}, ${site.broken}`);
    expect(mode.output()).toContain(
      'VAKT_MASTODON_HASHTAGS is set but the Mastodon connector is off: set VAKT_MASTODON_INSTANCES',
    );

    // 2. The feed's items are stored, once each.
    await waitFor(
      'the 3 feed items stored',
      () => mode.stored(),
      (s) => s.distinct >= 3,
      120_000,
    );

    // 3. Health per feed: the good one delivered 3 and has a last success; the broken one shows its error.
    const [rss] = await waitFor(
      'both feeds polled',
      () => mode.sources(),
      (h) => (h[0]?.targets ?? []).every((t) => t.lastSuccessAt !== null || t.lastError !== null),
    );
    expect(rss!.connector).toBe('rss');
    expect(rss!.targets.find((t) => t.target === site.feed)).toMatchObject({
      delivered: 3,
      failing: false,
      lastError: null,
    });
    expect(rss!.targets.find((t) => t.target === site.broken)).toMatchObject({
      delivered: 0,
      failing: true,
      lastSuccessAt: null,
      lastError: { code: 'VAKT_CONNECTOR_FAILED' },
    });
    const broken = rss!.targets.find((t) => t.target === site.broken)!;
    expect(broken.lastError!.message).toContain('answered 500');
    // Within one poll interval (2 s) of being up: the first poll runs at start. The 3 s on top is for the fetch and
    // its failure on a loaded 2-core CI machine; a connector that waited for its second poll would still fail this.
    expect(Date.parse(broken.lastError!.at)).toBeLessThanOrEqual(startedAt + 2_000 + 3_000);

    // 4. Stop, publish two items while down, restart on the same data dir: both arrive, nothing comes twice.
    await mode.stop();
    site.add(2);
    await mode.start(env);
    await waitFor(
      'the 2 items published while down',
      () => mode.stored(),
      (s) => s.distinct >= 5,
      120_000,
    );
    const polls = site.requests.filter((r) => r === '/nyheter.xml').length;
    await waitFor(
      'two more polls after the restart',
      async () => site.requests.filter((r) => r === '/nyheter.xml').length,
      (n) => n >= polls + 2,
      30_000,
    );
    await mode.stop();
    expect(await mode.stored()).toEqual({ distinct: 5, rows: 5 });
  } finally {
    await mode.stop();
    await site.close();
  }
}

describe('source connectors: the same scenario in both modes', () => {
  it('vakt up (embedded): feeds file → dashboard, admin health view, resume after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vakt-connectors-up-'));
    const word = 'Kvarnbyverket';
    const watchesFile = join(dir, 'watches.yaml');
    writeFileSync(watchesFile, `- name: kvarnbyverket\n  owners: [comms]\n  query: ${word}\n  entities: []\n`);
    const dataDir = join(dir, 'data');
    const port = await freePortPair();
    const base = `http://127.0.0.1:${port}`;
    let proc: ChildProcess | undefined;
    let out = '';
    let cookie = '';
    const api = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const mode: Mode = {
      async start(env) {
        // As a newcomer runs it: `npm start -- --no-demo` with the connector settings in the environment.
        proc = spawn(
          process.execPath,
          [
            CLI,
            'up',
            '--no-demo',
            '--port',
            String(port),
            '--data-dir',
            dataDir,
            '--watches-file',
            watchesFile,
            '--admin-password',
            'connectors-test-pw',
          ],
          {
            env: { ...process.env, ...env, DOTENV_CONFIG_QUIET: 'true' },
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        const from = out.length;
        proc.stderr!.on('data', (d: Buffer) => {
          out += d.toString();
        });
        await waitFor(
          'vakt up to announce itself',
          async () => out.slice(from),
          (s) => s.includes('Vakt is running') || proc!.exitCode !== null,
          120_000,
        );
        expect(proc.exitCode, out.slice(-2000)).toBeNull();
        const login = await fetch(`${base}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base },
          body: JSON.stringify({ username: 'admin', password: 'connectors-test-pw' }),
        });
        cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      },
      async stop() {
        const p = proc;
        proc = undefined;
        if (!p || p.exitCode !== null) return;
        const exited = new Promise((r) => p.once('exit', r));
        p.kill('SIGINT');
        await exited;
      },
      output: () => out,
      async stored() {
        if (proc) {
          // While it runs: what the dashboard shows.
          const { mentions } = await api<{ mentions: Array<{ id: string; source: string }> }>(
            '/api/mentions?watch=kvarnbyverket&limit=500',
          );
          return { distinct: new Set(mentions.map((m) => m.id)).size, rows: mentions.length };
        }
        // Stopped: every row in chdb, before ReplacingMergeTree dedup, so a re-delivered item would count twice.
        const { createStoreClient } = await import('@vakt/store/client');
        const store = await createStoreClient({ mode: 'embedded', dataDir: join(dataDir, 'clickhouse') });
        try {
          const rs = await store.ch.query({
            query: "SELECT uniqExact(id) AS distinct, count() AS rows FROM vakt.mentions WHERE watch = 'kvarnbyverket'",
            format: 'JSONEachRow',
          });
          const [r] = (await rs.json()) as Array<{ distinct: string; rows: string }>;
          return { distinct: Number(r!.distinct), rows: Number(r!.rows) };
        } finally {
          await store.close();
        }
      },
      sources: async () => (await api<{ running: boolean; sources: Health[] }>('/api/sources')).sources,
    };
    try {
      await connectorScenario(mode, word, dir);
      expect(out).toContain('Source:     rss: 2 feeds');
    } finally {
      await mode.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  pipelineTest(
    'vakt service ingest (distributed): the same scenario over Kafka and clickhouse-server',
    async ({ pipeline: p }) => {
      const dir = mkdtempSync(join(tmpdir(), 'vakt-connectors-svc-'));
      const ingestDir = join(dir, 'ingest');
      let ingest: ServiceProcess | undefined;
      let logs = '';
      const mode: Mode = {
        async start(env) {
          ingest = await p.start('ingest', { ...env, VAKT_DATA_DIR: ingestDir });
        },
        async stop() {
          if (!ingest) return;
          logs += `${ingest.logTail()}\n`;
          await ingest.kill('SIGTERM');
          ingest = undefined;
        },
        output: () => `${logs}${ingest?.logTail() ?? ''}`,
        async stored() {
          const [r] = await p.query<{ distinct: string; rows: string }>(
            `SELECT uniqExact(id) AS distinct, count() AS rows FROM vakt.mentions WHERE watch = '${p.watch}'`,
          );
          return { distinct: Number(r!.distinct), rows: Number(r!.rows) };
        },
        sources: async () =>
          ((await (await fetch(`${ingest!.url}/v1/sources`)).json()) as { sources: Health[] }).sources,
      };
      try {
        await p.start('scorer');
        await p.start('sink');
        await connectorScenario(mode, p.watch, dir);
      } finally {
        await mode.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
