import { createMetrics } from '@vakt/pipeline/metrics';
import type { CommandIo } from '@vakt/runtime/command';
import { connectKafka } from '@vakt/pipeline/kafka';
import { pseudonymiserFrom } from '@vakt/store/pseudonym-settings';
import { runService } from '@vakt/runtime/run-service';
import { pseudonymCheck } from '@vakt/runtime/settings';
import { openWatches } from '@vakt/watch/open';
import { registryMatcher } from './watches.js';
import { createIngestApp } from './app.js';
import { connectorHealth, logConnectorPlan, planConnectors, startConnectors } from './connectors.js';
import { ingestSpec } from './settings.js';

/** `vakt service ingest`: config → Kafka producer + watches → ingest app + connectors → HTTP server. */
export function runIngest(io: CommandIo): Promise<never> {
  return runService(io, {
    name: 'ingest',
    spec: ingestSpec,
    summary: 'Ingest: POST /v1/mentions and source connectors → vakt.mentions.raw.',
    checks: [pseudonymCheck],
    stopDeadlineMs: 10_000,
    async start(config, { log, cleanup }) {
      const pseudonymise = await pseudonymiserFrom(config);
      const plan = planConnectors({ settings: config, dataDir: config.dataDir });
      logConnectorPlan(plan, log);
      const bus = await connectKafka(config, 'ingest', log, cleanup);
      const producer = await bus.producer();
      cleanup.defer('producer', () => producer.close());
      const registry = await openWatches({
        dataDir: config.dataDir,
        watchesFile: config.watchesFile,
        now: Date.now,
        log,
      });
      // The dashboard, in another process sharing this data dir, writes the watches its users edit: follow them live.
      const stopFollowing = registry.watchFile(2_000, (e) =>
        log.warn(
          { code: e.code, err: e.message },
          'watches in the data dir could not be re-read; matching with the previous watches',
        ),
      );
      cleanup.defer('watches', () => stopFollowing());
      const app = createIngestApp(
        {
          producer,
          matcher: registryMatcher(registry),
          metrics: createMetrics(),
          log,
          now: Date.now,
          sources: connectorHealth(plan.connectors),
          ...(pseudonymise ? { pseudonymise } : {}),
        },
        {
          maxBodyBytes: config.maxBodyBytes,
          apiTokens: config.apiTokens,
          rateLimitPerMinute: config.rateLimitPerMinute,
          maxMentionsPerRequest: config.maxMentionsPerRequest,
          bodyTimeoutMs: config.bodyTimeoutMs,
          allowedOrigins: config.allowedOrigins,
          lingerMs: config.lingerMs,
          listen: { port: config.port, host: config.host },
        },
      );
      await app.start();
      cleanup.defer('http', (deadlineMs) => app.stop(deadlineMs));
      await startConnectors(plan.connectors, { submit: app.submit, log, cleanup });
      log.info({ url: app.url(), watches: registry.list().length }, 'ingest ready');
    },
  });
}
