import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { hostname } from 'node:os';
import type { CommandIo } from '@vakt/runtime/command';
import { privateDataDir } from '@vakt/runtime/data-dir';
import { connectKafka } from '@vakt/pipeline/kafka';
import { pseudonymiserFrom } from '@vakt/store/pseudonym-settings';
import { runService } from '@vakt/runtime/run-service';
import { forgetSecret, persistentSecret } from '@vakt/runtime/secrets';
import { pseudonymCheck } from '@vakt/runtime/settings';
import { connectServerStore } from '@vakt/store/connect';
import { openWatches } from '@vakt/watch/open';
import { alerterClient } from './alerter-client.js';
import { createDashboardApp } from './app.js';
import { busFeed } from './bus-feed.js';
import { ingestSourcesClient } from './ingest-client.js';
import { dashboardSpec } from './settings.js';
import { startRetention, storeBackedDeps } from './store-deps.js';

/** Where the built web app lives (the `@vakt/web` package's `dist`). */
export function webRoot(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@vakt/web/package.json')), 'dist');
}

/** `vakt service dashboard`: config → ClickHouse + Kafka live feed + alerter API + watches → dashboard app. */
export function runDashboard(io: CommandIo): Promise<never> {
  return runService(io, {
    name: 'dashboard',
    spec: dashboardSpec,
    summary: 'Dashboard: live web UI and API over ClickHouse, the bus and the alerter.',
    checks: [pseudonymCheck],
    stopDeadlineMs: 10_000,
    async start(config, { log, cleanup }) {
      const notPrivate = await privateDataDir(config.dataDir);
      if (notPrivate) log.warn({ dataDir: config.dataDir }, notPrivate);
      const store = await connectServerStore(config, cleanup);
      const bus = await connectKafka(config, 'dashboard', log, cleanup);
      const live = await busFeed(bus, `vakt-dashboard-${hostname()}-${process.pid}`);
      cleanup.defer('live feed', () => live.stop());
      const registry = await openWatches({
        dataDir: config.dataDir,
        watchesFile: config.watchesFile,
        now: Date.now,
        log,
      });
      const pseudonymise = await pseudonymiserFrom(config);
      const janitor = startRetention({
        store,
        registry,
        defaultDays: config.retentionDays,
        intervalMs: config.retentionIntervalMinutes * 60_000,
        onRun: (r) => {
          for (const t of r.targets)
            if (!t.ok) log.warn({ code: t.code, watch: t.watch, days: t.days }, 'retention failed; retried next run');
        },
      });
      cleanup.defer('retention janitor', (deadlineMs) => janitor.stop(Math.min(deadlineMs, 3_000)));
      const sessionSecret = await persistentSecret(config.dataDir, 'session-secret', config.sessionSecret);
      if (sessionSecret.generated)
        log.warn(
          {},
          'VAKT_SESSION_SECRET not set: generated one in the data dir; set it explicitly when running several dashboard processes',
        );
      const alerter = alerterClient(config.alerterUrl, config.alerterToken);
      const app = createDashboardApp(
        {
          ...storeBackedDeps({
            store,
            registry,
            dataDir: config.dataDir,
            retentionDays: config.retentionDays,
            alerts: alerter,
            alerterErasure: alerter,
            pseudonymise,
          }),
          live,
          ...(config.ingestUrl ? { sources: ingestSourcesClient(config.ingestUrl, config.ingestToken) } : {}),
          now: Date.now,
          log,
        },
        {
          publicUrl: config.publicUrl,
          sessionSecret: sessionSecret.value,
          webRoot: webRoot(),
          trustProxy: config.trustProxy,
          bootstrapAdmin: {
            username: config.adminUser,
            ...(config.adminPassword ? { password: config.adminPassword } : {}),
          },
          listen: { port: config.port, host: config.host },
        },
      );
      await app.start();
      cleanup.defer('dashboard', (deadlineMs) => app.stop(deadlineMs));
      const clearCopy = await forgetSecret(config.dataDir, 'admin-password');
      if (clearCopy)
        log.info(
          { file: clearCopy },
          'deleted the clear-text admin password an earlier version kept; only its hash is stored (users.json)',
        );
      log.info({ url: app.url() }, 'dashboard ready');
    },
  });
}
