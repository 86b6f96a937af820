import kafkajs, { type Admin, type Kafka, type LogEntry, type Producer, type RetryOptions } from 'kafkajs';
import { VaktError } from '@vakt/errors/vakt-error';
import type { BackoffOptions } from '@vakt/retry/backoff';
import { KafkaBusConsumer, type KafkaSessionOptions } from './kafka-consumer.js';
import { describeKafkaError, isMissingController, toBusError } from './kafka-errors.js';
import { createStderrLogger, type Logger, type BusLogLevel } from './logger.js';
import type { BusConsumer, BusProducer, ConsumerOptions, MessageBus, OutgoingRecord, TopicSpec } from './types.js';

const { Kafka: KafkaClient, Partitioners, logLevel: KafkaLogLevel } = kafkajs;

/** Options of the Kafka bus (distributed mode). */
export interface KafkaBusOptions {
  /** `host:port` of one or more brokers (KAFKA_BROKERS split on commas). */
  brokers: string[];
  clientId: string;
  /**
   * Idempotent producer (no duplicates from producer retries). Unset = on, falling back to a plain `acks: -1`
   * producer with a warning when the cluster cannot initialise one (librdkafka's mock reports controller id 0, a
   * broker that does not exist). `true` = required (fail instead); `false` = off.
   */
  idempotent?: boolean;
  /** Level of kafkajs's own logs, which go to `logger`. Default 'warn' (kafkajs is chatty at info). */
  logLevel?: BusLogLevel;
  /** Where bus and kafkajs logs go. Default: JSON lines on stderr (stdout stays free for JSONL commands). */
  logger?: Logger;
  /** kafkajs client retry policy (connects, produce, metadata). Default kafkajs's: 5 retries from 300 ms. */
  retry?: RetryOptions;
  /** Backoff before a batch whose handler rejected is redelivered. Default 200 ms doubling up to 30 s, jitter. */
  redelivery?: BackoffOptions;
  /** Consumer group timing. */
  session?: KafkaSessionOptions;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

const KAFKAJS_LEVEL: Record<BusLogLevel, number> = {
  debug: KafkaLogLevel.DEBUG,
  info: KafkaLogLevel.INFO,
  warn: KafkaLogLevel.WARN,
  error: KafkaLogLevel.ERROR,
  silent: KafkaLogLevel.NOTHING,
};

/**
 * kafkajs log entries go to the bus logger with a fixed set of fields: broker/group/topic ids and error names,
 * never message payloads (a mention's text must not reach logs).
 */
function logCreator(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, broker, groupId, topic, partition, error, retryCount, retryTime } = log as Record<
        string,
        unknown
      >;
      const fields = Object.fromEntries(
        Object.entries({ namespace, broker, groupId, topic, partition, error, retryCount, retryTime }).filter(
          ([, v]) => v !== undefined,
        ),
      );
      const msg = `kafkajs: ${String(message)}`;
      if (level <= KafkaLogLevel.ERROR) logger.error(fields, msg);
      else if (level === KafkaLogLevel.WARN) logger.warn(fields, msg);
      else if (level === KafkaLogLevel.INFO) logger.info(fields, msg);
      else logger.debug(fields, msg);
    };
}

/**
 * Creates the Kafka MessageBus over kafkajs. Producers send with `acks: -1`; consumers commit only after their
 * handler resolved (see KafkaBusConsumer). Connections are opened lazily by `producer()`/`consumer().run()`.
 */
export function createKafkaBus(options: KafkaBusOptions): MessageBus {
  if (
    !Array.isArray(options.brokers) ||
    options.brokers.length === 0 ||
    options.brokers.some((b) => !/^[^\s:,]+:\d+$/.test(b))
  ) {
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      `KAFKA_BROKERS: expected host:port[,host:port], got ${JSON.stringify(options.brokers)}`,
    );
  }
  const logger = options.logger ?? createStderrLogger('info', { component: 'bus' });
  const kafka: Kafka = new KafkaClient({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: KAFKAJS_LEVEL[options.logLevel ?? 'warn'],
    logCreator: logCreator(logger),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.connectionTimeoutMs ? { connectionTimeout: options.connectionTimeoutMs } : {}),
    ...(options.requestTimeoutMs ? { requestTimeout: options.requestTimeoutMs } : {}),
  });
  const closers: (() => Promise<void>)[] = [];
  let adminPromise: Promise<Admin> | undefined;

  const admin = (): Promise<Admin> => {
    adminPromise ??= (async () => {
      const a = kafka.admin();
      try {
        await a.connect();
      } catch (err) {
        adminPromise = undefined;
        throw toBusError(err, 'VAKT_KAFKA_UNAVAILABLE', 'connecting the Kafka admin client');
      }
      closers.push(() => a.disconnect());
      return a;
    })();
    return adminPromise;
  };

  const buildProducer = (idempotent: boolean): Producer =>
    kafka.producer({
      idempotent,
      // One request in flight per broker keeps keyed records in order across retries, idempotent or not.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      createPartitioner: Partitioners.DefaultPartitioner,
      ...(options.retry ? { retry: options.retry } : {}),
    });

  // Once the cluster refused idempotence (auto mode), later producers of this bus skip the doomed attempt.
  let idempotenceRefused = false;

  async function connectProducer(): Promise<Producer> {
    if (idempotenceRefused) return connectPlain();
    const producer = buildProducer(options.idempotent ?? true);
    try {
      await producer.connect();
      return producer;
    } catch (err) {
      await producer.disconnect().catch(() => {}); // shutdown path of a producer that never connected
      if (options.idempotent !== undefined || !isMissingController(err)) {
        throw toBusError(err, 'VAKT_KAFKA_UNAVAILABLE', 'connecting the Kafka producer');
      }
    }
    idempotenceRefused = true;
    logger.warn(
      {},
      "the cluster cannot initialise an idempotent producer (it names no live controller, as librdkafka's mock cluster does); producing with acks=-1 without idempotence",
    );
    return connectPlain();
  }

  async function connectPlain(): Promise<Producer> {
    const plain = buildProducer(false);
    try {
      await plain.connect();
    } catch (err) {
      throw toBusError(err, 'VAKT_KAFKA_UNAVAILABLE', 'connecting the Kafka producer');
    }
    return plain;
  }

  return {
    async ensureTopics(specs: TopicSpec[]): Promise<void> {
      if (specs.length === 0) return;
      const a = await admin();
      try {
        await a.createTopics({
          topics: specs.map((s) => ({ topic: s.name, numPartitions: s.partitions })),
          waitForLeaders: true,
        });
        return;
      } catch (err) {
        logger.debug(
          describeKafkaError(err),
          'createTopics was refused; relying on topics pre-created or auto-created by the broker',
        );
      }
      try {
        const meta = await a.fetchTopicMetadata({ topics: [] });
        const known = new Set(meta.topics.map((t) => t.name));
        const missing = specs.filter((s) => !known.has(s.name)).map((s) => s.name);
        if (missing.length > 0)
          logger.debug(
            { missing },
            'topics missing; they will be auto-created on first use with the broker default partition count',
          );
      } catch (err) {
        throw toBusError(err, 'VAKT_KAFKA_UNAVAILABLE', 'reading topic metadata');
      }
    },

    async producer(): Promise<BusProducer> {
      const producer = await connectProducer();
      let closed = false;
      const close = async () => {
        if (closed) return;
        closed = true;
        await producer.disconnect();
      };
      closers.push(close);
      return {
        async send(topic: string, records: OutgoingRecord[]): Promise<void> {
          if (records.length === 0) return;
          try {
            await producer.send({
              topic,
              acks: -1,
              messages: records.map((r) => ({
                key: r.key,
                value: r.value,
                ...(r.headers ? { headers: r.headers } : {}),
              })),
            });
          } catch (err) {
            throw toBusError(err, 'VAKT_KAFKA_PRODUCE', `producing to ${topic}`);
          }
        },
        close,
      };
    },

    async consumer(opts: ConsumerOptions): Promise<BusConsumer> {
      if (!opts.groupId) throw new VaktError('VAKT_CONFIG_INVALID', 'consumer groupId must be a non-empty string');
      if (!Array.isArray(opts.topics) || opts.topics.length === 0) {
        throw new VaktError('VAKT_CONFIG_INVALID', 'consumer topics must be a non-empty list of topic names');
      }
      const c = new KafkaBusConsumer(
        {
          kafka,
          admin,
          logger,
          redelivery: options.redelivery ?? { initialMs: 200, maxMs: 30_000 },
          session: options.session ?? {},
        },
        opts,
      );
      closers.push(() => c.stop());
      return c;
    },

    async close(): Promise<void> {
      // LIFO: consumers and producers created last are closed first, the admin client (created early) last.
      while (closers.length > 0) {
        const close = closers.pop()!;
        try {
          await close();
        } catch (err) {
          logger.warn(describeKafkaError(err), 'closing a Kafka client failed');
        }
      }
    },
  };
}
