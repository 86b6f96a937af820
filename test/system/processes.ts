import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A port p with p + 1 free too: `vakt up --port p` serves the dashboard on p and ingest on p + 1. A plain free port
 * leaves p + 1 to chance, and parallel suites take it (EADDRINUSE at start). Both are still only free when checked:
 * another process can bind either before vakt does, so this narrows the race rather than closing it.
 */
export async function freePortPair(): Promise<number> {
  let port = await freePort();
  while (port >= 65535 || !(await portFree(port + 1))) port = await freePort();
  return port;
}

/** One Vakt service running as its own OS process (`vakt service <name>`), as in production. */
export interface ServiceProcess {
  name: string;
  port: number;
  url: string;
  proc: ChildProcess;
  /** The last lines of its stderr, for failure messages. */
  logTail(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

export async function startService(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const proc = spawn(process.execPath, [CLI, 'service', name], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: env['LOG_LEVEL'] ?? 'info',
      DOTENV_CONFIG_QUIET: 'true',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const tail: string[] = [];
  proc.stderr!.on('data', (d: Buffer) => {
    tail.push(...d.toString().split('\n').filter(Boolean));
    if (tail.length > 60) tail.splice(0, tail.length - 60);
  });
  const url = `http://127.0.0.1:${port}`;
  const svc: ServiceProcess = {
    name,
    port,
    url,
    proc,
    logTail: () => tail.join('\n'),
    kill: (signal) =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill(signal);
      }),
    metric: async (metric, labels = {}) => {
      const text = await (await fetch(`${url}/metrics`)).text();
      let sum = 0;
      for (const line of text.split('\n')) {
        if (!line.startsWith(metric)) continue;
        const m = /^([a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
        if (!m || m[1] !== metric) continue;
        if (Object.entries(labels).every(([k, v]) => (m[2] ?? '').includes(`${k}="${v}"`))) sum += Number(m[3]);
      }
      return sum;
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null)
      throw new Error(`vakt service ${name} exited with ${proc.exitCode} before it was healthy:\n${svc.logTail()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) return svc;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await svc.kill('SIGKILL');
      throw new Error(`vakt service ${name} did not become healthy in 60 s:\n${svc.logTail()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await fn();
      if (done(last)) return last;
    } catch {
      // the thing being waited on may be restarting
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A `vakt up --no-demo` process: dashboard on `port`, ingest on `port + 1` (apps/cli/src/embedded.ts). */
export interface UpProcess {
  proc: ChildProcess;
  dashboardUrl: string;
  ingestUrl: string;
  /** Its stderr so far (the last 20 000 characters). */
  out(): string;
  /** Ctrl-C, then waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `vakt up --no-demo` on `dataDir` with `extra` flags and waits until it announces itself. */
export async function startUp(
  dataDir: string,
  extra: string[] = [],
  env: Record<string, string> = {},
): Promise<UpProcess> {
  const port = await freePortPair();
  let out = '';
  const proc = spawn(
    process.execPath,
    [CLI, 'up', '--no-demo', '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn', ...extra],
    {
      env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  proc.stderr!.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  });
  const up: UpProcess = {
    proc,
    dashboardUrl: `http://127.0.0.1:${port}`,
    ingestUrl: `http://127.0.0.1:${port + 1}`,
    out: () => out,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGINT');
      await exited;
    },
  };
  await waitFor(
    'vakt up to announce itself',
    async () => out,
    (s) => s.includes('Vakt is running') || proc.exitCode !== null,
    120_000,
  );
  if (proc.exitCode !== null) throw new Error(`vakt up exited ${proc.exitCode}:\n${out.slice(-3000)}`);
  return up;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
