import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { mentions, type Pipeline } from '../system/pipeline-fixture.js';
import { waitFor } from '../system/processes.js';

/** Where every fault test appends its figures (one JSON line each); docs/benchmarks.md quotes them. */
export const RESULTS_FILE = fileURLToPath(new URL('./.fault-results.jsonl', import.meta.url));

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * What one fault did, printed as a figure: `lost` and `doubled` must be 0; `recoveryMs` is from the end of the fault
 * (restart spawned, broker up, server started) until a mention sent at that moment is visible in ClickHouse.
 */
export interface FaultFigures {
  fault: string;
  accepted: number;
  lost: number;
  doubled: number;
  recoveryMs: number;
  [extra: string]: string | number | boolean;
}

export function recordFigures(f: FaultFigures): void {
  const line = JSON.stringify({ ...f, at: new Date().toISOString() });
  console.log(`FAULT ${line}`);
  appendFileSync(RESULTS_FILE, `${line}\n`);
}

/**
 * A steady stream of valid mentions into ingest: `batch` mentions every `everyMs`. A batch counts as accepted only
 * on a 202; any other answer (or a refused connection while ingest is down) retries the same batch, as a client
 * should. `url()` is read per request so the stream follows a restarted ingest.
 */
export function steadyStream(
  url: () => string,
  watch: string,
  o: { prefix: string; batch?: number; everyMs?: number },
) {
  const batch = o.batch ?? 50;
  const everyMs = o.everyMs ?? 250;
  const accepted: string[] = [];
  let failures = 0;
  let longestStallMs = 0;
  let running = true;
  let seq = 0;
  const done = (async () => {
    while (running) {
      const items = mentions(watch, batch, `${o.prefix}-${seq++}`);
      const firstTry = Date.now();
      for (;;) {
        try {
          const res = await fetch(`${url()}/v1/mentions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(items),
            signal: AbortSignal.timeout(15_000),
          });
          const body = (await res.json()) as { accepted?: number };
          if (res.status === 202 && body.accepted === batch) break;
        } catch {
          // ingest down or restarting: the client retries
        }
        failures++;
        if (!running && Date.now() - firstTry > 60_000) return;
        await sleep(200);
      }
      longestStallMs = Math.max(longestStallMs, Date.now() - firstTry);
      for (const m of items as Array<{ id: string }>) accepted.push(m.id);
      await sleep(everyMs);
    }
  })();
  return {
    accepted,
    async stop(): Promise<{ accepted: string[]; failures: number; longestStallMs: number }> {
      running = false;
      await done;
      return { accepted, failures, longestStallMs };
    },
  };
}

/** Sends one marker mention (retrying until 202) and resolves with ms until it is visible in ClickHouse. */
export async function timeToVisible(
  p: Pipeline,
  ingestUrl: () => string,
  id: string,
  timeoutMs = 180_000,
): Promise<number> {
  const t0 = Date.now();
  const [m] = mentions(p.watch, 1, id) as Array<{ id: string }>;
  await waitFor(
    `marker ${id} accepted`,
    async () =>
      (
        await fetch(`${ingestUrl()}/v1/mentions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([m]),
        })
      ).status,
    (s) => s === 202,
    timeoutMs,
  );
  await waitFor(
    `marker ${id} in ClickHouse`,
    () =>
      p.query<{ n: string }>(`SELECT count() AS n FROM vakt.mentions WHERE watch = '${p.watch}' AND id = '${m!.id}'`),
    (r) => Number(r[0]?.n) > 0,
    timeoutMs,
  );
  return Date.now() - t0;
}

/**
 * Waits until every accepted id is in ClickHouse (or the timeout), then counts what is missing and what is doubled
 * (rows with FINAL beyond one per id: ReplacingMergeTree must collapse redeliveries).
 */
export async function lossAndDoubles(
  p: Pipeline,
  accepted: readonly string[],
  timeoutMs = 180_000,
): Promise<{ lost: number; doubled: number; missingSample: string[] }> {
  const want = new Set(accepted);
  const idsIn = async (): Promise<Set<string>> => {
    const rows = await p.query<{ id: string }>(`SELECT DISTINCT id FROM vakt.mentions WHERE watch = '${p.watch}'`);
    return new Set(rows.map((r) => r.id));
  };
  const deadline = Date.now() + timeoutMs;
  let seen = await idsIn();
  while ([...want].some((id) => !seen.has(id)) && Date.now() < deadline) {
    await sleep(1_000);
    seen = await idsIn();
  }
  await sleep(2_000); // let a straggling redelivered insert land before judging doubles
  const [c] = await p.query<{ rows: string; ids: string }>(
    `SELECT count() AS rows, uniqExact(id) AS ids FROM vakt.mentions FINAL WHERE watch = '${p.watch}'`,
  );
  const missing = [...want].filter((id) => !seen.has(id));
  return { lost: missing.length, doubled: Number(c!.rows) - Number(c!.ids), missingSample: missing.slice(0, 5) };
}

/** A local webhook receiver whose behaviour the test switches: answer 200, answer 500, hold for `slowMs`, or be down. */
export interface Receiver {
  url: string;
  mode: 'ok' | 'fail' | 'slow';
  slowMs: number;
  /** Requests received (whatever was answered), with the time and the status sent. */
  requests: Array<{ at: number; status: number; body: string }>;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  let server: Server | undefined;
  let port = 0;
  const r: Receiver = {
    url: '',
    mode: 'ok',
    slowMs: 5_000,
    requests: [],
    async down() {
      const s = server;
      server = undefined;
      if (s)
        await new Promise<void>((res) => {
          s.closeAllConnections();
          s.close(() => res());
        });
    },
    async up() {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const status = r.mode === 'fail' ? 500 : 200;
          const answer = () => {
            r.requests.push({ at: Date.now(), status, body: Buffer.concat(chunks).toString() });
            res.writeHead(status).end();
          };
          if (r.mode === 'slow') setTimeout(answer, r.slowMs);
          else answer();
        });
      });
      await new Promise<void>((res) => server!.listen(port, '127.0.0.1', () => res()));
      port = (server.address() as AddressInfo).port;
      r.url = `http://127.0.0.1:${port}/hook`;
    },
    close: () => r.down(),
  };
  await r.up();
  return r;
}

const CLI = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

/**
 * `vakt up --no-demo` as a process, once healthy; its ingest listens on port + 1 (see apps/cli/src/embedded.ts).
 * `env` adds settings (e.g. VAKT_INGEST_TOKENS); the health probe is /healthz, which needs none of them.
 */
export async function startEmbedded(
  dataDir: string,
  watchesFile: string,
  port: number,
  env: Record<string, string> = {},
): Promise<{ proc: ChildProcess; stderr: () => string }> {
  const proc = spawn(
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
      'fault-test-password',
      '--log-level',
      'warn',
    ],
    {
      env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  await waitFor(
    'vakt up healthy',
    async () => (proc.exitCode !== null ? -1 : (await fetch(`http://127.0.0.1:${port + 1}/healthz`)).status),
    (s) => s === 200 || s === -1,
    120_000,
  );
  if (proc.exitCode !== null) throw new Error(`vakt up exited ${proc.exitCode}:\n${stderr}`);
  return { proc, stderr: () => stderr };
}
