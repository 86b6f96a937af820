import { createMetrics } from '@vakt/pipeline/metrics';
import { loadAlerting } from '@vakt/alerting/config-file';
import type { CommandIo } from '@vakt/runtime/command';
import { privateDataDir } from '@vakt/runtime/data-dir';
import { connectKafka } from '@vakt/pipeline/kafka';
import { runService } from '@vakt/runtime/run-service';
import { connectServerStore } from '@vakt/store/connect';
import { insertAlerts } from '@vakt/store/tables/alerts';
import { createAlerterApp } from './app.js';
import { exposeAlerterCounters } from './metrics.js';
import { createAlerterHttp } from './http.js';
import { alerterSpec } from './settings.js';

/** `vakt service alerter`: config → Kafka + ClickHouse + destinations → alerter app → HTTP (ops + operator API). */
export function runAlerter(io: CommandIo): Promise<never> {
  return runService(io, {
    name: 'alerter',
    spec: alerterSpec,
    summary: 'Alerter: vakt.mentions.scored → spike detection → vakt.alerts, ClickHouse and signed webhooks.',
    stopDeadlineMs: 15_000,
    async start(config, { log, cleanup, env }) {
      const notPrivate = await privateDataDir(config.dataDir);
      if (notPrivate) log.warn({ dataDir: config.dataDir }, notPrivate);
      const alerting = await loadAlerting({
        file: config.alertingFile,
        webhookUrl: config.webhookUrl,
        webhookSecret: config.webhookSecret,
        webhookUnsigned: config.webhookUnsigned,
        env,
      });
      for (const warning of alerting.warnings) log.warn({ alertingFile: config.alertingFile }, warning);
      const store = await connectServerStore(config, cleanup);
      const bus = await connectKafka(config, 'alerter', log, cleanup);
      const writeAlerts = insertAlerts(store);
      const app = createAlerterApp(
        {
          bus,
          store: {
            insertAlerts: async (alerts) => {
              const r = await writeAlerts(alerts);
              if (!r.ok) throw r.error;
            },
          },
          now: Date.now,
          log,
          destinations: alerting.destinations,
          dataDir: config.dataDir,
          dashboardUrl: config.dashboardUrl,
        },
        {
          ...(alerting.routes ? { routes: alerting.routes } : {}),
          detector: { windowMs: config.alertBucketSeconds * 1000 },
        },
      );
      await app.start();
      cleanup.defer('alerter', (deadlineMs) => app.stop(deadlineMs));
      const metrics = createMetrics();
      exposeAlerterCounters(metrics, app);
      const http = createAlerterHttp({
        actions: app.alerts,
        metrics,
        token: config.alerterApiToken,
        deadDeliveries: app.deadDeliveries,
        eraseMentions: (req) => app.eraseMentions(req),
      });
      await http.listen({ port: config.port, host: config.host });
      cleanup.defer('http', () => http.close());
      log.info({ port: config.port, destinations: alerting.destinations.map((d) => d.id) }, 'alerter ready');
    },
  });
}
