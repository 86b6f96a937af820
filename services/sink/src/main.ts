import { createMetrics } from '@vakt/pipeline/metrics';
import { deadLetterArchive } from '@vakt/pipeline/dead-letter-archive';
import type { CommandIo } from '@vakt/runtime/command';
import { connectKafka } from '@vakt/pipeline/kafka';
import { pseudonymiserFrom } from '@vakt/store/pseudonym-settings';
import { runService } from '@vakt/runtime/run-service';
import { pseudonymCheck } from '@vakt/runtime/settings';
import { connectServerStore } from '@vakt/store/connect';
import { TOPICS } from '@vakt/schema/topics';
import { insertMentions } from '@vakt/store/tables/mentions';
import { insertDeadLetters } from '@vakt/store/tables/dead-letters';
import { createSinkApp } from './app.js';
import { sinkSpec } from './settings.js';

/** `vakt service sink`: config → ClickHouse (migrated) + Kafka consumer (group vakt-sink) → sink app. */
export function runSink(io: CommandIo): Promise<never> {
  return runService(io, {
    name: 'sink',
    spec: sinkSpec,
    summary:
      'Sink: vakt.mentions.scored → ClickHouse vakt.mentions (idempotent, offsets committed after insert); vakt.dlq → vakt.dead_letters.',
    checks: [pseudonymCheck],
    stopDeadlineMs: 15_000,
    async start(config, { log, cleanup }) {
      const pseudonymise = await pseudonymiserFrom(config);
      const store = await connectServerStore(config, cleanup);
      const bus = await connectKafka(config, 'sink', log, cleanup);
      const producer = await bus.producer();
      cleanup.defer('producer', () => producer.close());
      const consumer = await bus.consumer({
        groupId: 'vakt-sink',
        topics: [TOPICS.scored],
        maxBatchSize: 5000,
        partitionsConsumedConcurrently: config.kafkaPartitions,
      });
      const app = createSinkApp(
        {
          consumer,
          producer,
          writeMentions: insertMentions(store, pseudonymise ? { pseudonymise } : {}),
          metrics: createMetrics(),
          log,
          now: Date.now,
          checks: [{ name: 'clickhouse', check: async () => (await store.ping()).ok }],
        },
        {
          maxRows: config.sinkMaxRows,
          maxWaitMs: config.sinkMaxWaitMs,
          maxPendingRows: config.sinkMaxPendingRows,
          listen: { port: config.port, host: config.host },
        },
      );
      await app.start();
      cleanup.defer('sink', (deadlineMs) => app.stop(deadlineMs));
      // vakt.dlq → vakt.dead_letters: what any stage refused, queryable with its reason (own group, own offsets).
      const dlq = await bus.consumer({ groupId: 'vakt-sink-dlq', topics: [TOPICS.dlq], maxBatchSize: 1000 });
      await dlq.run(
        deadLetterArchive({ write: insertDeadLetters(store), log: log.child({ stage: 'dlq-archive' }), now: Date.now }),
      );
      cleanup.defer('dlq archive', () => dlq.stop());
      log.info({ port: config.port, clickhouse: store.version }, 'sink ready');
    },
  });
}
