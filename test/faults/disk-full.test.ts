import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statfsSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../system/processes.js';
import { recordFigures, sleep, startEmbedded } from './harness.js';
import { freePortPair } from '../system/processes.js';

const FS_MB = 64;
/** Room left after the filler file: a few inserts' worth, so mentions (not the filler) are what fills the disk. */
const LEFT_MB = 3;

/** A real ENOSPC needs a small filesystem: a tmpfs, which needs root. Never skips: a missing mount fails the test. */
function mountSmallFs(dir: string): void {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${FS_MB}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    const why = (e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message;
    throw new Error(
      `disk-full test needs a ${FS_MB} MB tmpfs and could not mount one at ${dir} (run the suite as root, or with CAP_SYS_ADMIN): ${why}`,
      { cause: e },
    );
  }
}

/** Writes a file that leaves `leaveBytes` free on the filesystem holding `path`. */
function fillLeaving(path: string, leaveBytes: number): number {
  const { bavail, bsize } = statfsSync(join(path, '..'));
  let left = Math.max(0, bavail * bsize - leaveBytes);
  const written = left;
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(1 << 20, 1);
  try {
    while (left > 0) left -= writeSync(fd, chunk, 0, Math.min(chunk.length, left));
  } finally {
    closeSync(fd);
  }
  return written;
}

const stopUp = (proc: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode);
    proc.once('exit', (code) => resolve(code));
    proc.kill('SIGINT');
  });

/** 50 mentions with 4 kB of incompressible text each: the disk fills in a few dozen requests. */
const batch = (watch: string, prefix: string) =>
  Array.from({ length: 50 }, (_, i) => ({
    id: `${prefix}-${i}`,
    source: 'faults',
    text: `${watch} ${randomBytes(3_000).toString('base64')}`,
    created_at: '2026-11-23T09:00:00Z',
  }));

async function post(url: string, items: object[]): Promise<{ status: number; code?: string; accepted?: number }> {
  try {
    const res = await fetch(`${url}/v1/mentions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(items),
      signal: AbortSignal.timeout(90_000),
    });
    const body = (await res.json()) as { accepted?: number; error?: { code?: string } };
    return {
      status: res.status,
      ...(body.error?.code ? { code: body.error.code } : {}),
      ...(body.accepted !== undefined ? { accepted: body.accepted } : {}),
    };
  } catch (e) {
    return { status: -1, code: (e as Error).name };
  }
}

const metric = async (url: string, name: string, stage: string): Promise<number> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && l.includes(`stage="${stage}"`))
    .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
};

describe('disk full under the embedded store (vakt up on a 64 MB tmpfs)', () => {
  it('refuses what it cannot store (503, no 202), stays up, and keeps every 202 once space is freed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vakt-faults-disk-'));
    const mnt = join(root, 'fs');
    mkdirSync(mnt);
    mountSmallFs(mnt);
    const watch = `w${Date.now().toString(36)}`;
    const watchesFile = join(root, 'watches.yaml'); // outside the small fs: the watch list is config, not data
    writeFileSync(
      watchesFile,
      `- name: ${watch}\n  owners: [oncall@example.org]\n  query: "${watch}"\n  entities: []\n`,
    );
    const dataDir = join(mnt, 'data');
    const filler = join(mnt, 'filler');
    const port = await freePortPair();
    const url = `http://127.0.0.1:${port + 1}`;
    let current: { proc: ChildProcess; stderr: () => string } | undefined;
    try {
      current = await startEmbedded(dataDir, watchesFile, port);
      const accepted: string[] = [];
      const refused: Array<{ status: number; code?: string }> = [];
      // 1. Flowing before the fault.
      for (let i = 0; i < 3; i++) {
        const items = batch(watch, `before-${i}`);
        expect(await post(url, items)).toMatchObject({ status: 202, accepted: 50 });
        accepted.push(...items.map((m) => m.id));
      }
      // 2. The disk fills: leave LEFT_MB, then send until ingest refuses. A 202 must mean "in chdb".
      const fillerBytes = fillLeaving(filler, LEFT_MB << 20);
      const fullFrom = Date.now();
      let firstRefusalMs = -1;
      for (let i = 0; i < 300 && refused.length < 3; i++) {
        const items = batch(watch, `fill-${i}`);
        const r = await post(url, items);
        if (r.status === 202 && r.accepted === 50) accepted.push(...items.map((m) => m.id));
        else {
          refused.push(r);
          if (firstRefusalMs < 0) firstRefusalMs = Date.now() - fullFrom;
        }
      }
      const free = statfsSync(mnt);
      expect(refused.length, `the ${FS_MB} MB filesystem never filled (${free.bavail * free.bsize} bytes free)`).toBe(
        3,
      );
      // A clear, retriable refusal: 503 with a Vakt error code, never a 500 or a dropped connection.
      for (const r of refused) {
        expect(r.status).toBe(503);
        expect(r.code).toMatch(/^VAKT_/);
      }
      expect(current.proc.exitCode, current.stderr()).toBeNull();
      const healthWhileFull = (await fetch(`${url}/healthz`)).status;
      // The sink retried the full disk; it dead-lettered nothing (a dead letter is acked, and in embedded mode lost).
      const sinkRetries = await metric(url, 'vakt_retries_total', 'sink');
      const deadLettered = await metric(url, 'vakt_dead_lettered_total', 'sink');
      expect(deadLettered).toBe(0);

      // 3. Space freed: the held rows land and a new mention is accepted (202 = in chdb).
      rmSync(filler);
      const freedAt = Date.now();
      const marker = batch(watch, 'after');
      await waitFor(
        'a 202 after freeing space',
        () => post(url, marker),
        (r) => r.status === 202,
        180_000,
      );
      const recoveryMs = Date.now() - freedAt;
      accepted.push(...marker.map((m) => m.id));
      await sleep(3_000); // mentions refused while full were already in the bus: let them land too
      const exitCode = await stopUp(current.proc);

      // 4. Same data dir, opened directly: every 202 is there once, and queries work.
      const { createStoreClient } = await import('@vakt/store/client');
      const store = await createStoreClient({ mode: 'embedded', dataDir: join(dataDir, 'clickhouse') });
      let ids: Set<string>;
      let rowsFinal: number;
      let perMinute: number;
      try {
        const q = async <T>(sql: string) =>
          (await (await store.ch.query({ query: sql, format: 'JSONEachRow' })).json()) as T[];
        ids = new Set(
          (await q<{ id: string }>(`SELECT DISTINCT id FROM vakt.mentions WHERE watch = '${watch}'`)).map((r) => r.id),
        );
        rowsFinal = Number(
          (await q<{ n: string }>(`SELECT count() AS n FROM vakt.mentions FINAL WHERE watch = '${watch}'`))[0]!.n,
        );
        // The per-minute rollup is filled by a materialized view on each insert: a half-applied insert shows here.
        perMinute = Number(
          (
            await q<{ n: string }>(
              `SELECT uniqExactMerge(mentions) AS n FROM vakt.mentions_per_minute_v1 WHERE watch = '${watch}'`,
            )
          )[0]?.n ?? 0,
        );
      } finally {
        await store.close();
      }
      // 5. And vakt up starts again on it and accepts.
      current = await startEmbedded(dataDir, watchesFile, port);
      const afterRestart = await post(url, batch(watch, 'restart'));

      const lost = accepted.filter((id) => !ids.has(id));
      recordFigures({
        fault: `disk full under vakt up (${FS_MB} MB tmpfs)`,
        accepted: accepted.length,
        lost: lost.length,
        doubled: rowsFinal - ids.size,
        recoveryMs,
        firstRefusalAfterFillMs: firstRefusalMs,
        refusedAnswers: refused.map((r) => `${r.status} ${r.code ?? ''}`.trim()).join(', '),
        healthWhileFull,
        sinkRetries,
        deadLettered,
        rollupIds: perMinute,
        cleanExitCode: exitCode ?? -1,
        fillerMB: Math.round(fillerBytes / 2 ** 20),
        restartStatus: afterRestart.status,
      });
      expect(lost.slice(0, 5)).toEqual([]);
      expect(rowsFinal).toBe(ids.size);
      expect(perMinute).toBe(ids.size);
      expect(exitCode).toBe(0);
      expect(afterRestart.status).toBe(202);
    } finally {
      if (current && current.proc.exitCode === null && current.proc.signalCode === null) {
        current.proc.kill('SIGKILL');
        await new Promise((r) => current!.proc.once('exit', r));
      }
      try {
        execFileSync('umount', [mnt], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', mnt], { stdio: 'pipe' }); // teardown: a lazy unmount if something still holds it
      }
      rmSync(root, { recursive: true, force: true });
    }
  });
});
