import type { MessageBus, TopicSpec } from '@vakt/bus/types';
import type { CleanupStack } from './lifecycle.js';
import type { Logger } from './logger.js';
import { TOPICS } from '@vakt/schema/topics';

/** Every topic Vakt uses; created when missing (brokers that refuse admin calls must have them or auto-create). */
export function vaktTopics(partitions: number): TopicSpec[] {
  return [
    { name: TOPICS.raw, partitions },
    { name: TOPICS.scored, partitions },
    { name: TOPICS.alerts, partitions: Math.min(partitions, 3) },
    { name: TOPICS.dlq, partitions: 1 },
  ];
}

/** Connects to Kafka, makes sure the topics exist, and registers the closer. */
export async function connectKafka(
  config: {
    kafkaBrokers: readonly string[];
    kafkaClientId: string;
    kafkaIdempotent: string;
    kafkaPartitions: number;
    kafkaSessionTimeoutMs: number;
    kafkaFetchMaxWaitMs: number;
  },
  service: string,
  log: Logger,
  cleanup: CleanupStack,
): Promise<MessageBus> {
  const { createKafkaBus } = await import('@vakt/bus/kafka');
  const bus = createKafkaBus({
    brokers: [...config.kafkaBrokers],
    clientId: `${config.kafkaClientId}-${service}`,
    ...(config.kafkaIdempotent === 'auto' ? {} : { idempotent: config.kafkaIdempotent === 'on' }),
    logger: log.child({ component: 'kafka' }),
    session: {
      sessionTimeoutMs: config.kafkaSessionTimeoutMs,
      heartbeatIntervalMs: Math.max(500, Math.floor(config.kafkaSessionTimeoutMs / 10)),
      maxWaitTimeMs: config.kafkaFetchMaxWaitMs,
    },
  });
  cleanup.defer('kafka', () => bus.close());
  await bus.ensureTopics(vaktTopics(config.kafkaPartitions));
  return bus;
}
