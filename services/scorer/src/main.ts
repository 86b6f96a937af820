import { createMetrics } from '@vakt/pipeline/metrics';
import { coalescingProducer } from '@vakt/pipeline/produce-coalescer';
import type { CommandIo } from '@vakt/runtime/command';
import { connectKafka } from '@vakt/pipeline/kafka';
import { runService } from '@vakt/runtime/run-service';
import { createScorerEngine, resolveModelDir } from './engine.js';
import { openScorerWatches } from './watches.js';
import { TOPICS } from '@vakt/schema/topics';
import { createScorerApp } from './app.js';
import { scorerSpec } from './settings.js';

/** `vakt service scorer`: config → Kafka consumer (group vakt-scorer) + producer + sentiment engine → scorer app. */
export function runScorer(io: CommandIo): Promise<never> {
  return runService(io, {
    name: 'scorer',
    spec: scorerSpec,
    summary:
      'Scorer: vakt.mentions.raw → sentiment → vakt.mentions.scored. Run several in one group to share partitions.',
    stopDeadlineMs: 10_000,
    async start(config, { log, cleanup }) {
      const watches = await openScorerWatches(
        { dataDir: config.dataDir, watchesFile: config.watchesFile, now: Date.now },
        log,
      );
      cleanup.defer('watches', () => watches.stop());
      if (watches.count() === 0)
        log.warn(
          { dataDir: config.dataDir },
          "no watches found (set VAKT_WATCHES_FILE to ingest's file): watch domain words are not applied",
        );
      const engine = await createScorerEngine(log, resolveModelDir(config), watches.scoring);
      const bus = await connectKafka(config, 'scorer', log, cleanup);
      const producer = await bus.producer();
      cleanup.defer('producer', () => producer.close());
      const consumer = await bus.consumer({
        groupId: 'vakt-scorer',
        topics: [TOPICS.raw],
        maxBatchSize: 1000,
        partitionsConsumedConcurrently: config.kafkaPartitions,
      });
      // The batches of one fetch (one per partition) share a produce request: fewer, larger record batches.
      const output = coalescingProducer(producer, { lingerMs: 10 });
      const app = createScorerApp(
        { consumer, producer: output, engine, metrics: createMetrics(), log, now: Date.now },
        { listen: { port: config.port, host: config.host } },
      );
      await app.start();
      cleanup.defer('scorer', (deadlineMs) => app.stop(deadlineMs));
      log.info({ engine: engine.kind, port: config.port }, 'scorer ready');
    },
  });
}
