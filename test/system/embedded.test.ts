import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { freePortPair, waitFor } from './processes.js';

const CLI = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

describe('vakt up (embedded: in-process bus + chdb + demo feed)', () => {
  it('serves a login-protected dashboard with live updates, raises an alert at the webhook, stops cleanly, keeps its data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vakt-up-'));
    const port = await freePortPair();
    const password = 'embedded-test-password';
    const proc = spawn(
      process.execPath,
      [CLI, 'up', '--port', String(port), '--data-dir', dataDir, '--admin-password', password, '--log-level', 'warn'],
      {
        env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    let stdout = '';
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    proc.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor(
        'vakt up to announce itself',
        async () => stderr,
        (s) => s.includes('Vakt is running') || proc.exitCode !== null,
        120_000,
      );
      expect(proc.exitCode, stderr.slice(-2000)).toBeNull();

      // 1. Login is required for everything but the health check.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/api/watches`)).status).toBe(401);
      const login = await fetch(`${base}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(`${base}/`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<');

      // 2. Live updates over socket.io: batches for the demo watch keep arriving.
      const socket = connect(base, {
        transports: ['websocket'],
        extraHeaders: { cookie, origin: base },
        reconnection: false,
      });
      const batches: Array<{ counts?: Record<string, number>; mentions?: unknown[] }> = [];
      socket.on('batch', (b) => batches.push(b));
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', () => socket.emit('subscribe', { watch: 'trygghetskassan' }, () => resolve()));
        socket.on('connect_error', reject);
      });
      await waitFor(
        'two live batches with mentions',
        async () => batches.filter((b) => (b.mentions?.length ?? 0) > 0).length,
        (n) => n >= 2,
        30_000,
      );

      // 3. The storm raises an alert: at the signed local webhook (printed by the demo receiver) and in the API.
      await waitFor(
        'the demo storm alert at the webhook',
        async () => stderr,
        (s) => /vakt demo webhook: FIRING \[\w+\] trygghetskassan/.test(s),
        150_000,
      );
      const alerts = (await (await fetch(`${base}/api/alerts`, { headers: { cookie } })).json()) as {
        alerts: Array<{ alert: { status: string; labels: { watch: string } } }>;
      };
      expect(alerts.alerts.some((a) => a.alert.labels.watch === 'trygghetskassan')).toBe(true);
      socket.close();

      // 4. The timeline is served from the ClickHouse rollups.
      const now = Date.now();
      const timeline = (await (
        await fetch(
          `${base}/api/watches/trygghetskassan/timeline?from=${now - 3_600_000}&to=${now + 60_000}&step=minute`,
          { headers: { cookie } },
        )
      ).json()) as { points: Array<{ total: number }> };
      expect(timeline.points.reduce((s, p) => s + p.total, 0)).toBeGreaterThan(20);
    } finally {
      // 5. Ctrl-C shuts down in order and exits 0.
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      proc.kill('SIGINT');
      const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000))]);
      if (code === 'timeout') proc.kill('SIGKILL');
      expect(code, stderr.slice(-2000)).toBe(0);
    }
    // stdout carries nothing but what a command means to print (no library noise).
    expect(stdout).toBe('');

    // 6. The data survives the restart: open the same chdb folder.
    const { createStoreClient } = await import('@vakt/store/client');
    const store = await createStoreClient({ mode: 'embedded', dataDir: join(dataDir, 'clickhouse') });
    try {
      const rs = await store.ch.query({
        query: "SELECT count() AS n FROM vakt.mentions FINAL WHERE watch = 'trygghetskassan'",
        format: 'JSONEachRow',
      });
      expect(Number(((await rs.json()) as Array<{ n: string }>)[0]!.n)).toBeGreaterThan(50);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
