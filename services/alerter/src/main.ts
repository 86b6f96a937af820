import { composeSpec } from '@vakt/config/spec';
import { CleanupStack, onShutdownSignal } from '@vakt/pipeline/lifecycle';
import { createLogger } from '@vakt/pipeline/logger';
import { createMetrics, exposeReadOnly } from '@vakt/pipeline/metrics';
import { loadAlerting } from '@vakt/runtime/alerting-config';
import { loadCommandConfig, type CommandIo } from '@vakt/runtime/command';
import { connectKafka } from '@vakt/runtime/kafka';
import { alerterSettings, clickhouseSettings, commonSettings, httpSettings, kafkaSettings } from '@vakt/runtime/settings';
import { connectServerStore } from '@vakt/runtime/store';
import { privateDataDir } from '@vakt/runtime/data-dir';
import { insertAlerts } from '@vakt/store/tables/alerts';
import { createAlerterApp } from './app.js';
import { exposeAlerterCounters } from './metrics.js';
import { createAlerterHttp } from './http.js';

export const alerterSpec = composeSpec(commonSettings, httpSettings, kafkaSettings, clickhouseSettings, alerterSettings);

/** `vakt service alerter`: config → Kafka + ClickHouse + destinations → alerter app → HTTP (ops + operator API). */
export async function runAlerter(io: CommandIo): Promise<never> {
  const { config } = loadCommandConfig(io, alerterSpec, 'vakt service alerter [options]', 'Alerter: vakt.mentions.scored → spike detection → vakt.alerts, ClickHouse and signed webhooks.');
  const log = createLogger({ name: 'alerter', level: config.logLevel });
  const cleanup = new CleanupStack(log);
  const notPrivate = await privateDataDir(config.dataDir);
  if (notPrivate) log.warn({ dataDir: config.dataDir }, notPrivate);
  try {
    const alerting = await loadAlerting({ file: config.alertingFile, webhookUrl: config.webhookUrl, webhookSecret: config.webhookSecret, webhookUnsigned: config.webhookUnsigned, env: io.env });
    const store = await connectServerStore(config, cleanup);
    const bus = await connectKafka(config, 'alerter', log, cleanup);
    const writeAlerts = insertAlerts(store);
    const app = createAlerterApp(
      {
        bus,
        store: { insertAlerts: async (alerts) => { const r = await writeAlerts(alerts); if (!r.ok) throw r.error; } },
        now: Date.now,
        log,
        destinations: alerting.destinations,
        dataDir: config.dataDir,
        dashboardUrl: config.dashboardUrl,
      },
      { ...(alerting.routes ? { routes: alerting.routes } : {}), detector: { windowMs: config.alertBucketSeconds * 1000 } },
    );
    await app.start();
    cleanup.defer('alerter', () => app.stop(10_000));
    const metrics = createMetrics();
    exposeAlerterCounters(metrics, app);
    const http = createAlerterHttp({ actions: app.alerts, metrics, token: config.alerterApiToken, deadDeliveries: app.deadDeliveries, eraseMentions: (req) => app.eraseMentions(req) });
    await http.listen({ port: config.port, host: config.host });
    cleanup.defer('http', () => http.close());
    log.info({ port: config.port, destinations: alerting.destinations.map((d) => d.id) }, 'alerter ready');
  } catch (e) {
    await cleanup.closeAll();
    throw e;
  }
  onShutdownSignal(() => cleanup.closeAll(15_000), log);
  return new Promise<never>(() => undefined);
}
