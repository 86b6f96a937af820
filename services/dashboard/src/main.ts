import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { hostname } from 'node:os';
import { composeSpec } from '@vakt/config/spec';
import { CleanupStack, onShutdownSignal } from '@vakt/pipeline/lifecycle';
import { createLogger } from '@vakt/pipeline/logger';
import { loadCommandConfig, type CommandIo } from '@vakt/runtime/command';
import { connectKafka } from '@vakt/runtime/kafka';
import { forgetSecret, persistentSecret } from '@vakt/runtime/secrets';
import { privateDataDir } from '@vakt/runtime/data-dir';
import { pseudonymiserFrom } from '@vakt/runtime/privacy';
import { clickhouseSettings, commonSettings, dashboardServiceSettings, dashboardSettings, httpSettings, kafkaSettings, privacySettings, pseudonymCheck } from '@vakt/runtime/settings';
import { eraseAuthor } from '@vakt/store/privacy';
import { eraseEverywhere } from './erasure.js';
import { RetentionJanitor } from '@vakt/store/retention-janitor';
import { connectServerStore } from '@vakt/runtime/store';
import { openWatches } from '@vakt/runtime/watches';
import { alerterClient } from './alerter-client.js';
import { ingestSourcesClient } from './ingest-client.js';
import { createDashboardApp } from './app.js';
import { createMemoryUserStore } from './auth/users.js';
import { busFeed } from './bus-feed.js';
import { createDashboardStore } from './clickhouse-store.js';
import { registryRetention, registryWatchKeys, watchRegistryAdapter } from './watch-adapter.js';
import { alertsAcrossKeys, storeAcrossKeys } from './watch-keys.js';
import { storedKeys } from '@vakt/watch/slug';

export const dashboardSpec = composeSpec(
  commonSettings,
  httpSettings,
  kafkaSettings,
  clickhouseSettings,
  dashboardSettings,
  dashboardServiceSettings,
  privacySettings,
);

/** Where the built web app lives (the `@vakt/web` package's `dist`). */
export function webRoot(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@vakt/web/package.json')), 'dist');
}

/** `vakt service dashboard`: config → ClickHouse + Kafka live feed + alerter API + watches → dashboard app. */
export async function runDashboard(io: CommandIo): Promise<never> {
  const { config } = loadCommandConfig(io, dashboardSpec, 'vakt service dashboard [options]', 'Dashboard: live web UI and API over ClickHouse, the bus and the alerter.', [pseudonymCheck]);
  const log = createLogger({ name: 'dashboard', level: config.logLevel });
  const cleanup = new CleanupStack(log);
  const notPrivate = await privateDataDir(config.dataDir);
  if (notPrivate) log.warn({ dataDir: config.dataDir }, notPrivate);
  try {
    const store = await connectServerStore(config, cleanup);
    const bus = await connectKafka(config, 'dashboard', log, cleanup);
    const live = await busFeed(bus, `vakt-dashboard-${hostname()}-${process.pid}`);
    cleanup.defer('live feed', () => live.stop());
    const registry = await openWatches({ dataDir: config.dataDir, watchesFile: config.watchesFile, now: Date.now, log });
    const pseudonymise = await pseudonymiserFrom(config);
    // The dashboard owns the editable watches and their retentionDays, so it enforces retention.
    const janitor = new RetentionJanitor({
      store,
      watches: registryRetention(registry),
      defaultDays: config.retentionDays,
      intervalMs: config.retentionIntervalMinutes * 60_000,
      onRun: (r) => { for (const t of r.targets) if (!t.ok) log.warn({ code: t.code, watch: t.watch, days: t.days }, 'retention failed; retried next run'); },
    });
    janitor.start();
    cleanup.defer('retention janitor', () => janitor.stop(3_000));
    const sessionSecret = await persistentSecret(config.dataDir, 'session-secret', config.sessionSecret);
    if (sessionSecret.generated) log.warn({}, 'VAKT_SESSION_SECRET not set: generated one in the data dir; set it explicitly when running several dashboard processes');
    const app = createDashboardApp(
      {
        store: storeAcrossKeys(createDashboardStore(store, () => registry.list().flatMap(storedKeys)), registryWatchKeys(registry)),
        live,
        users: createMemoryUserStore({ file: join(config.dataDir, 'users.json') }),
        alerts: alertsAcrossKeys(alerterClient(config.alerterUrl, config.alerterToken), registryWatchKeys(registry)),
        watches: watchRegistryAdapter(registry, config.retentionDays),
        ...(config.ingestUrl ? { sources: ingestSourcesClient(config.ingestUrl, config.ingestToken) } : {}),
        // Erasure reaches the alerter's copies too (its alerts and delivery log), over its operator API.
        privacy: eraseEverywhere(eraseAuthor(store, pseudonymise ? { pseudonymise } : {}), alerterClient(config.alerterUrl, config.alerterToken)),
        now: Date.now,
        log,
      },
      { publicUrl: config.publicUrl, sessionSecret: sessionSecret.value, webRoot: webRoot(), trustProxy: config.trustProxy,
        bootstrapAdmin: { username: config.adminUser, ...(config.adminPassword ? { password: config.adminPassword } : {}) } },
    );
    const url = await app.start(config.port, config.host);
    cleanup.defer('dashboard', () => app.stop(5_000));
    const clearCopy = await forgetSecret(config.dataDir, 'admin-password');
    if (clearCopy) log.info({ file: clearCopy }, 'deleted the clear-text admin password an earlier version kept; only its hash is stored (users.json)');
    log.info({ url }, 'dashboard ready');
  } catch (e) {
    await cleanup.closeAll();
    throw e;
  }
  onShutdownSignal(() => cleanup.closeAll(10_000), log);
  return new Promise<never>(() => undefined);
}
