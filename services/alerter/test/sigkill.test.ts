import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '@vakt/alerting/signing';

const CHILD = fileURLToPath(new URL('./fixtures/alerter-child.ts', import.meta.url));

interface Line {
  event: string;
  fingerprint?: string;
  status?: string;
  startsAt?: string;
}

function runChild(dataDir: string, url: string) {
  const child = spawn(process.execPath, ['--conditions=@vakt/source', '--import', 'tsx', CHILD, dataDir, url], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  const waiters: Array<{ pred: (l: Line) => boolean; resolve: () => void }> = [];
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  createInterface({ input: child.stdout! }).on('line', (raw) => {
    const l = JSON.parse(raw) as Line;
    lines.push(l);
    for (const w of waiters.filter((x) => x.pred(l))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // A child that dies before the awaited event (it could not start, say) fails the test with its stderr, not a timeout.
  const died = exited.then((code) => {
    throw new Error(`the alerter child exited (${code}) before the awaited event; stderr:\n${stderr}`);
  });
  died.catch(() => undefined);
  return {
    child,
    lines,
    exited,
    stderr: () => stderr,
    waitFor: (event: string) =>
      lines.some((l) => l.event === event)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiters.push({ pred: (l) => l.event === event, resolve })),
            died,
          ]),
  };
}

describe('alerter killed with SIGKILL mid-delivery', () => {
  it('after restart no alert is lost or doubled', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vakt-sigkill-'));
    const requests: Array<{ id: string; body: string; headers: IncomingHttpHeaders; answered: number }> = [];
    const held: ServerResponse[] = [];
    let mode: 'hold' | 'ok' = 'hold';
    let firstRequest: () => void = () => undefined;
    const gotFirst = new Promise<void>((r) => (firstRequest = r));
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r = {
          id: String(req.headers['webhook-id']),
          body: Buffer.concat(chunks).toString(),
          headers: req.headers,
          answered: 0,
        };
        requests.push(r);
        firstRequest();
        // Phase A: the receiver is slow: it holds the request, so the kill lands mid-delivery.
        if (mode === 'hold') held.push(res);
        else {
          r.answered = 200;
          res.writeHead(200).end();
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let a: ReturnType<typeof runChild> | undefined;
    let b: ReturnType<typeof runChild> | undefined;
    try {
      // 1. First life: consume the whole scenario (every transition fsynced), first delivery in flight → SIGKILL.
      a = runChild(dataDir, url);
      await a.waitFor('fed');
      await gotFirst;
      a.child.kill('SIGKILL');
      expect(await a.exited).toBe(null);
      const paged = a.lines.filter((l) => l.event === 'transition');
      expect(paged.length).toBeGreaterThanOrEqual(4); // tk and nk: each storm paged once and resolved once, at least
      expect(new Set(paged.map((l) => l.status))).toEqual(new Set(['firing', 'resolved']));
      const inFlight = requests.map((r) => r.id);
      expect(inFlight).toHaveLength(1); // one destination, one delivery at a time, never answered

      // 2. Second life on the same data dir; its input is replayed in full (the harder case); receiver is up.
      mode = 'ok';
      for (const res of held) res.destroy();
      b = runChild(dataDir, url);
      await b.waitFor('drained');
      expect(await b.exited, b.stderr()).toBe(0);

      // 3. Exactly once: every accepted delivery has a distinct idempotency key ...
      const accepted = requests.filter((r) => r.answered === 200);
      const ids = accepted.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      // ... the delivery that was in flight at the kill was re-sent with the same key (receivers dedup on it) ...
      expect(ids).toContain(inFlight[0]);
      // ... and what arrived is exactly what the first life paged: nothing lost, no replayed storm paged again.
      const got = accepted.map((r) => {
        const alert = JSON.parse(r.body).alerts[0];
        return `${alert.fingerprint}:${alert.status}:${alert.startsAt}`;
      });
      // The second life paged nothing new: its replayed fires were recognised (restored states, event-time startsAt).
      expect(b.lines.filter((l) => l.event === 'transition')).toEqual([]);
      expect(got.sort()).toEqual(paged.map((l) => `${l.fingerprint}:${l.status}:${l.startsAt}`).sort());
      for (const r of accepted)
        expect(verifyWebhook(['whsec_a2lsbC10ZXN0'], r.headers as Record<string, string>, r.body, Date.now())).toEqual({
          ok: true,
        });
    } finally {
      a?.child.kill('SIGKILL');
      b?.child.kill('SIGKILL');
      for (const res of held) res.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
