import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mentions } from '../system/pipeline-fixture.js';
import { recordFigures, sleep, steadyStream, startEmbedded } from './harness.js';
import { freePortPair } from '../system/processes.js';

describe('SIGKILL of the whole embedded process (vakt up) during a steady stream, then restart on the same data dir', () => {
  it('reports what a 202 was worth: accepted mentions missing from chdb after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vakt-faults-up-'));
    const watch = `w${Date.now().toString(36)}`;
    const watchesFile = join(dir, 'watches.yaml');
    writeFileSync(
      watchesFile,
      `- name: ${watch}\n  owners: [oncall@example.org]\n  query: "${watch}"\n  entities: []\n`,
    );
    const dataDir = join(dir, 'data');
    const port = await freePortPair();
    let current = await startEmbedded(dataDir, watchesFile, port);
    const ingestUrl = `http://127.0.0.1:${port + 1}`;
    try {
      const stream = steadyStream(() => ingestUrl, watch, { prefix: 'up', batch: 100, everyMs: 100 });
      await sleep(5_000);
      // The kill lands right after a 202 for a burst, so whether a 202 is durable is tested every run, not only when
      // the steady stream happens to leave a backlog in memory at the kill.
      const burst = mentions(watch, 5_000, 'burst') as Array<{ id: string }>;
      const res = await fetch(`${ingestUrl}/v1/mentions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(burst),
      });
      expect(res.status).toBe(202);
      const killedAt = Date.now();
      current.proc.kill('SIGKILL');
      await new Promise((r) => current.proc.once('exit', r));
      const restartAt = Date.now();
      current = await startEmbedded(dataDir, watchesFile, port);
      const healthyMs = Date.now() - restartAt;
      await sleep(5_000);
      const sent = await stream.stop();
      await sleep(3_000); // let the last batches reach chdb
      // Stop cleanly (Ctrl-C) so chdb is released, then open the same folder and count.
      current.proc.kill('SIGINT');
      await new Promise((r) => current.proc.once('exit', r));
      const { createStoreClient } = await import('@vakt/store/client');
      const store = await createStoreClient({ mode: 'embedded', dataDir: join(dataDir, 'clickhouse') });
      let ids: Set<string>;
      let rowsFinal: number;
      try {
        const rs = await store.ch.query({
          query: `SELECT DISTINCT id FROM vakt.mentions WHERE watch = '${watch}'`,
          format: 'JSONEachRow',
        });
        ids = new Set(((await rs.json()) as Array<{ id: string }>).map((r) => r.id));
        const c = await store.ch.query({
          query: `SELECT count() AS n FROM vakt.mentions FINAL WHERE watch = '${watch}'`,
          format: 'JSONEachRow',
        });
        rowsFinal = Number(((await c.json()) as Array<{ n: string }>)[0]!.n);
      } finally {
        await store.close();
      }
      const accepted = [...sent.accepted, ...burst.map((m) => m.id)];
      const lost = accepted.filter((id) => !ids.has(id)).length;
      recordFigures({
        fault: 'sigkill vakt up (embedded), right after a 202 for 5,000',
        accepted: accepted.length,
        lost,
        doubled: rowsFinal - ids.size,
        recoveryMs: healthyMs,
        downMs: restartAt - killedAt,
        clientRetries: sent.failures,
      });
      // The promise a 202 makes ("will not be lost") holds only if the in-process bus is durable: see the report.
      expect(lost).toBe(0);
      expect(rowsFinal).toBe(ids.size);
    } finally {
      if (current.proc.exitCode === null && current.proc.signalCode === null) current.proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
