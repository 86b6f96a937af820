import { composeSpec } from '@vakt/config/spec';
import { CleanupStack, onShutdownSignal } from '@vakt/pipeline/lifecycle';
import { createLogger } from '@vakt/pipeline/logger';
import { createMetrics } from '@vakt/pipeline/metrics';
import { loadCommandConfig, type CommandIo } from '@vakt/runtime/command';
import { connectKafka } from '@vakt/runtime/kafka';
import { pseudonymiserFrom } from '@vakt/runtime/privacy';
import { connectorSettings } from '@vakt/connectors/settings';
import { commonSettings, httpSettings, ingestSettings, kafkaSettings, privacySettings, pseudonymCheck } from '@vakt/runtime/settings';
import { openWatches, registryMatcher } from '@vakt/runtime/watches';
import { createIngestApp } from './app.js';
import { connectorHealth, logConnectorPlan, planConnectors, startConnectors } from './connectors.js';

export const ingestSpec = composeSpec(
  commonSettings,
  httpSettings,
  kafkaSettings,
  ingestSettings,
  connectorSettings,
  { pseudonymiseAuthors: privacySettings.pseudonymiseAuthors, pseudonymSecret: privacySettings.pseudonymSecret },
);

/** `vakt service ingest`: config → Kafka producer + watches → ingest app + connectors → HTTP server. */
export async function runIngest(io: CommandIo): Promise<never> {
  const { config } = loadCommandConfig(io, ingestSpec, 'vakt service ingest [options]', 'Ingest: POST /v1/mentions and source connectors → vakt.mentions.raw.', [pseudonymCheck]);
  const log = createLogger({ name: 'ingest', level: config.logLevel });
  const cleanup = new CleanupStack(log);
  try {
    const pseudonymise = await pseudonymiserFrom(config);
    const plan = planConnectors({ settings: config, dataDir: config.dataDir });
    logConnectorPlan(plan, log);
    const bus = await connectKafka(config, 'ingest', log, cleanup);
    const producer = await bus.producer();
    cleanup.defer('producer', () => producer.close());
    const registry = await openWatches({ dataDir: config.dataDir, watchesFile: config.watchesFile, now: Date.now, log });
    // The dashboard, in another process sharing this data dir, writes the watches its users edit: follow them live.
    const stopFollowing = registry.watchFile(2_000, (e) => log.warn({ code: e.code, err: e.message }, 'watches in the data dir could not be re-read; matching with the previous watches'));
    cleanup.defer('watches', () => stopFollowing());
    const app = createIngestApp({ producer, matcher: registryMatcher(registry), metrics: createMetrics(), log, now: Date.now, sources: connectorHealth(plan.connectors), ...(pseudonymise ? { pseudonymise } : {}) }, config);
    const url = await app.start(config.port, config.host);
    cleanup.defer('http', () => app.stop());
    await startConnectors(plan.connectors, { submit: app.submit, log, cleanup });
    log.info({ url, watches: registry.list().length }, 'ingest ready');
  } catch (e) {
    await cleanup.closeAll();
    throw e;
  }
  onShutdownSignal(() => cleanup.closeAll(10_000), log);
  return new Promise<never>(() => undefined);
}
