import { composeSpec } from '@vakt/config/spec';
import { CleanupStack, onShutdownSignal } from '@vakt/pipeline/lifecycle';
import { createLogger } from '@vakt/pipeline/logger';
import { createMetrics } from '@vakt/pipeline/metrics';
import { loadCommandConfig, type CommandIo } from '@vakt/runtime/command';
import { connectKafka } from '@vakt/runtime/kafka';
import { pseudonymiserFrom } from '@vakt/runtime/privacy';
import { clickhouseSettings, commonSettings, httpSettings, kafkaSettings, privacySettings, sinkSettings, pseudonymCheck } from '@vakt/runtime/settings';
import { connectServerStore } from '@vakt/runtime/store';
import { TOPICS } from '@vakt/schema/topics';
import { insertMentions } from '@vakt/store/tables/mentions';
import { insertDeadLetters } from '@vakt/store/tables/dead-letters';
import { deadLetterArchive } from '@vakt/pipeline/dead-letter-archive';
import { createSinkApp } from './app.js';

// No data dir: the sink keeps no local state (offsets live in Kafka, rows in ClickHouse), so it offers no --data-dir.
export const sinkSpec = composeSpec(
  { logLevel: commonSettings.logLevel },
  httpSettings,
  kafkaSettings,
  clickhouseSettings,
  sinkSettings,
  { pseudonymiseAuthors: privacySettings.pseudonymiseAuthors, pseudonymSecret: privacySettings.pseudonymSecret },
);

/** `vakt service sink`: config → ClickHouse (migrated) + Kafka consumer (group vakt-sink) → sink app. */
export async function runSink(io: CommandIo): Promise<never> {
  const { config } = loadCommandConfig(io, sinkSpec, 'vakt service sink [options]', 'Sink: vakt.mentions.scored → ClickHouse vakt.mentions (idempotent, offsets committed after insert); vakt.dlq → vakt.dead_letters.', [pseudonymCheck]);
  const log = createLogger({ name: 'sink', level: config.logLevel });
  const cleanup = new CleanupStack(log);
  try {
    const pseudonymise = await pseudonymiserFrom(config);
    const store = await connectServerStore(config, cleanup);
    const bus = await connectKafka(config, 'sink', log, cleanup);
    const producer = await bus.producer();
    cleanup.defer('producer', () => producer.close());
    const consumer = await bus.consumer({ groupId: 'vakt-sink', topics: [TOPICS.scored], maxBatchSize: 5000, partitionsConsumedConcurrently: config.kafkaPartitions });
    const app = createSinkApp(
      { consumer, producer, writeMentions: insertMentions(store, pseudonymise ? { pseudonymise } : {}), metrics: createMetrics(), log, now: Date.now, checks: [{ name: 'clickhouse', check: async () => (await store.ping()).ok }] },
      { maxRows: config.sinkMaxRows, maxWaitMs: config.sinkMaxWaitMs, maxPendingRows: config.sinkMaxPendingRows },
    );
    await app.start(config.port, config.host);
    cleanup.defer('sink', () => app.stop());
    // vakt.dlq → vakt.dead_letters: what any stage refused, queryable with its reason (own group, own offsets).
    const dlq = await bus.consumer({ groupId: 'vakt-sink-dlq', topics: [TOPICS.dlq], maxBatchSize: 1000 });
    await dlq.run(deadLetterArchive({ write: insertDeadLetters(store), log: log.child({ stage: 'dlq-archive' }), now: Date.now }));
    cleanup.defer('dlq archive', () => dlq.stop());
    log.info({ port: config.port, clickhouse: store.version }, 'sink ready');
  } catch (e) {
    await cleanup.closeAll();
    throw e;
  }
  onShutdownSignal(() => cleanup.closeAll(15_000), log);
  return new Promise<never>(() => undefined);
}
