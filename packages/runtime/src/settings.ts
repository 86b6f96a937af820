import type { ConfigSpec, CrossCheck } from '@vakt/config/spec';

/**
 * Setting fragments shared by several services (logging, HTTP, Kafka, ClickHouse, the model, privacy). Each service
 * declares its own settings in its folder (`services/<svc>/src/settings.ts`) and composes them with these using
 * `composeSpec`, so a setting is declared once and validated, documented and shown in `--help` from that declaration.
 */
export const commonSettings = {
  logLevel: {
    env: 'LOG_LEVEL',
    flag: '--log-level',
    type: 'enum',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    default: 'info',
    description: 'Log level (logs are JSON on stderr).',
  },
  dataDir: {
    env: 'VAKT_DATA_DIR',
    flag: '--data-dir',
    type: 'path',
    default: '.vakt-data',
    description: 'Directory for local state: embedded ClickHouse data, delivery log, cursors, watches.',
  },
} satisfies ConfigSpec;

export const httpSettings = {
  port: {
    env: 'PORT',
    flag: '--port',
    type: 'int',
    default: 8080,
    min: 0,
    max: 65535,
    description: 'HTTP port for the service (healthz, metrics, API).',
  },
  host: {
    env: 'HOST',
    flag: '--host',
    type: 'string',
    default: '127.0.0.1',
    description: 'Interface to listen on; 0.0.0.0 in containers.',
  },
} satisfies ConfigSpec;

export const kafkaSettings = {
  kafkaBrokers: {
    env: 'KAFKA_BROKERS',
    flag: '--kafka-brokers',
    type: 'brokers',
    required: true,
    description: 'Kafka bootstrap servers.',
  },
  kafkaClientId: {
    env: 'KAFKA_CLIENT_ID',
    flag: '--kafka-client-id',
    type: 'string',
    default: 'vakt',
    description: 'Kafka client id prefix.',
  },
  kafkaIdempotent: {
    env: 'KAFKA_IDEMPOTENT',
    flag: '--kafka-idempotent',
    type: 'enum',
    values: ['auto', 'on', 'off'],
    default: 'auto',
    description:
      'Idempotent producer: auto = on, falling back to acks=all with a warning on brokers that cannot (the librdkafka mock); on = required; off.',
  },
  kafkaSessionTimeoutMs: {
    env: 'KAFKA_SESSION_TIMEOUT_MS',
    flag: '--kafka-session-timeout-ms',
    type: 'int',
    default: 10000,
    min: 3000,
    max: 300000,
    description:
      'Consumer group session timeout: how long a dead member keeps its partitions before the group moves them.',
  },
  kafkaFetchMaxWaitMs: {
    env: 'KAFKA_FETCH_MAX_WAIT_MS',
    flag: '--kafka-fetch-max-wait-ms',
    type: 'int',
    default: 100,
    min: 1,
    max: 10000,
    description:
      'Longest a fetch waits on the broker for new records: lower means lower latency per hop and more idle requests.',
  },
  kafkaPartitions: {
    env: 'KAFKA_PARTITIONS',
    flag: '--kafka-partitions',
    type: 'int',
    default: 6,
    min: 1,
    max: 1024,
    description: 'Partitions for topics Vakt creates (existing topics are left as they are).',
  },
} satisfies ConfigSpec;

export const clickhouseSettings = {
  clickhouseUrl: {
    env: 'CLICKHOUSE_URL',
    flag: '--clickhouse-url',
    type: 'url',
    required: true,
    description: 'ClickHouse HTTP URL, e.g. http://127.0.0.1:8123.',
  },
  clickhouseUser: {
    env: 'CLICKHOUSE_USER',
    flag: '--clickhouse-user',
    type: 'string',
    default: 'default',
    description: 'ClickHouse user.',
  },
  clickhousePassword: {
    env: 'CLICKHOUSE_PASSWORD',
    flag: '--clickhouse-password',
    type: 'secret',
    default: '',
    description: 'ClickHouse password (never logged).',
  },
  clickhouseDatabase: {
    env: 'CLICKHOUSE_DATABASE',
    flag: '--clickhouse-database',
    type: 'string',
    default: 'vakt',
    description: 'ClickHouse database for Vakt tables.',
  },
  clickhouseCluster: {
    env: 'CLICKHOUSE_CLUSTER',
    flag: '--clickhouse-cluster',
    type: 'string',
    description:
      "Cluster name from the servers' remote_servers: migrations build the cluster schema (ON CLUSTER, replicated shards behind Distributed tables; infra/README.md). Unset: the single-node schema.",
  },
} satisfies ConfigSpec;

/** Which sentiment model scores: the scorer service, `vakt up` and `vakt score`. */
export const modelSettings = {
  modelDir: {
    env: 'VAKT_MODEL_DIR',
    flag: '--model-dir',
    type: 'path',
    description:
      "Sentiment model to score with. Default: <data-dir>/model when `vakt train --add…` wrote one there (the deployment's adapted model), else the model shipped with Vakt.",
  },
} satisfies ConfigSpec;

export const privacySettings = {
  retentionDays: {
    env: 'VAKT_RETENTION_DAYS',
    flag: '--retention-days',
    type: 'int',
    default: 365,
    min: 1,
    max: 3650,
    description: 'Days mentions are kept for a watch that sets no retentionDays of its own.',
  },
  retentionIntervalMinutes: {
    env: 'VAKT_RETENTION_INTERVAL_MINUTES',
    flag: '--retention-interval-minutes',
    type: 'int',
    default: 60,
    min: 1,
    description: 'How often retention is enforced (old partitions dropped, old rows deleted).',
  },
  pseudonymiseAuthors: {
    env: 'VAKT_PSEUDONYMISE_AUTHORS',
    flag: '--pseudonymise-authors',
    type: 'bool',
    default: false,
    description:
      'Author ids and handles are replaced by keyed hashes (HMAC) at ingest, before any other stage, alert, log or table sees them.',
  },
  pseudonymSecret: {
    env: 'VAKT_PSEUDONYM_SECRET',
    flag: '--pseudonym-secret',
    type: 'secret',
    default: '',
    description:
      'Key of the author pseudonyms (at least 32 characters; the same on every ingest, sink and dashboard). Embedded: generated in the data dir when empty.',
  },
} satisfies ConfigSpec;

/** A pseudonym key with pseudonymisation off is legal, but the operator who set it believes authors are hidden. */
export const pseudonymCheck: CrossCheck<{ readonly pseudonymiseAuthors: boolean; readonly pseudonymSecret: string }> = (
  c,
) => ({
  warnings:
    !c.pseudonymiseAuthors && c.pseudonymSecret !== ''
      ? [
          'VAKT_PSEUDONYM_SECRET is set but VAKT_PSEUDONYMISE_AUTHORS is off: authors are stored as given; turn it on or remove the key',
        ]
      : [],
});
