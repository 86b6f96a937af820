import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { test, type Pipeline } from '../system/pipeline-fixture.js';
import { waitFor, type ServiceProcess } from '../system/processes.js';
import { lossAndDoubles, recordFigures, sleep, steadyStream, timeToVisible } from './harness.js';

type Name = 'ingest' | 'scorer' | 'sink' | 'alerter' | 'dashboard';

/** Every service runs; each keeps its data dir across a restart (as a real deployment's volume would). */
async function startAll(p: Pipeline): Promise<Record<Name, ServiceProcess> & { dirs: Record<Name, string> }> {
  const root = mkdtempSync(join(tmpdir(), 'vakt-faults-'));
  const dirs = { ingest: '', scorer: '', sink: '', alerter: '', dashboard: '' } as Record<Name, string>;
  for (const n of Object.keys(dirs) as Name[]) dirs[n] = join(root, n);
  const alerter = await p.start('alerter', { VAKT_DATA_DIR: dirs.alerter });
  return {
    dirs,
    ingest: await p.start('ingest', { VAKT_DATA_DIR: dirs.ingest }),
    scorer: await p.start('scorer', { VAKT_DATA_DIR: dirs.scorer }),
    sink: await p.start('sink', { VAKT_DATA_DIR: dirs.sink, VAKT_SINK_MAX_ROWS: '500' }),
    alerter,
    dashboard: await p.start('dashboard', {
      VAKT_DATA_DIR: dirs.dashboard,
      VAKT_ALERTER_URL: alerter.url,
      VAKT_ADMIN_PASSWORD: 'fault-test-password',
    }),
  };
}

describe('SIGKILL of each service during a steady stream (200 mentions/s), then restart', () => {
  for (const victim of ['ingest', 'scorer', 'sink', 'alerter', 'dashboard'] as const) {
    test(`${victim}: nothing lost, nothing doubled, flow recovers`, async ({ pipeline: p }) => {
      const svc = await startAll(p);
      const stream = steadyStream(() => svc.ingest.url, p.watch, { prefix: `k${victim}` });
      await waitFor(
        'the stream to reach ClickHouse',
        () => p.query<{ n: string }>(`SELECT count() AS n FROM vakt.mentions WHERE watch = '${p.watch}'`),
        (r) => Number(r[0]?.n) >= 500,
      );
      const killedAt = Date.now();
      await svc[victim].kill('SIGKILL');
      await sleep(2_000); // down for a while, as a crash-looping pod would be
      const restartAt = Date.now();
      const extra: Record<string, string> =
        victim === 'sink'
          ? { VAKT_SINK_MAX_ROWS: '500' }
          : victim === 'dashboard'
            ? { VAKT_ALERTER_URL: svc.alerter.url, VAKT_ADMIN_PASSWORD: 'fault-test-password' }
            : {};
      svc[victim] = await p.start(victim, { VAKT_DATA_DIR: svc.dirs[victim], ...extra });
      const healthyMs = Date.now() - restartAt;
      const recoveryMs = await timeToVisible(p, () => svc.ingest.url, `marker-${victim}`);
      await sleep(3_000);
      const sent = await stream.stop();
      const { lost, doubled, missingSample } = await lossAndDoubles(p, sent.accepted);
      const extraFigures: Record<string, number | boolean> = {};
      if (victim === 'dashboard') {
        // The restarted dashboard serves the same admin (its data dir survived) and reads ClickHouse.
        const login = await fetch(`${svc.dashboard.url}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:8080' },
          body: JSON.stringify({ username: 'admin', password: 'fault-test-password' }),
        });
        extraFigures['loginAfterRestart'] = login.status;
        expect(login.status).toBe(200);
      }
      if (victim === 'alerter') {
        const list = await fetch(`${svc.alerter.url}/v1/alerts`);
        extraFigures['alertApiAfterRestart'] = list.status;
      }
      recordFigures({
        fault: `sigkill ${victim}`,
        accepted: sent.accepted.length,
        lost,
        doubled,
        recoveryMs,
        restartToHealthyMs: healthyMs,
        downMs: restartAt - killedAt,
        clientRetries: sent.failures,
        longestClientStallMs: sent.longestStallMs,
        ...extraFigures,
      });
      expect(missingSample).toEqual([]);
      if (victim === 'alerter') expect(extraFigures['alertApiAfterRestart']).toBe(200);
      expect(lost).toBe(0);
      expect(doubled).toBe(0);
    });
  }
});
