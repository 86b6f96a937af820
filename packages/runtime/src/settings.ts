import type { ConfigSpec } from '@vakt/config/spec';

/**
 * Setting fragments shared by the services. Each service composes the fragments it needs with `composeSpec`, so a
 * setting is declared once and validated, documented and shown in `--help` from that one declaration.
 */
export const commonSettings = {
  logLevel: { env: 'LOG_LEVEL', flag: '--log-level', type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', description: 'Log level (logs are JSON on stderr).' },
  dataDir: { env: 'VAKT_DATA_DIR', flag: '--data-dir', type: 'path', default: '.vakt-data', description: 'Directory for local state: embedded ClickHouse data, delivery log, cursors, watches.' },
} satisfies ConfigSpec;

export const httpSettings = {
  port: { env: 'PORT', flag: '--port', type: 'int', default: 8080, min: 0, max: 65535, description: 'HTTP port for the service (healthz, metrics, API).' },
  host: { env: 'HOST', flag: '--host', type: 'string', default: '127.0.0.1', description: 'Interface to listen on; 0.0.0.0 in containers.' },
} satisfies ConfigSpec;

export const kafkaSettings = {
  kafkaBrokers: { env: 'KAFKA_BROKERS', flag: '--kafka-brokers', type: 'brokers', required: true, description: 'Kafka bootstrap servers.' },
  kafkaClientId: { env: 'KAFKA_CLIENT_ID', flag: '--kafka-client-id', type: 'string', default: 'vakt', description: 'Kafka client id prefix.' },
  kafkaIdempotent: { env: 'KAFKA_IDEMPOTENT', flag: '--kafka-idempotent', type: 'enum', values: ['auto', 'on', 'off'], default: 'auto', description: 'Idempotent producer: auto = on, falling back to acks=all with a warning on brokers that cannot (the librdkafka mock); on = required; off.' },
  kafkaPartitions: { env: 'KAFKA_PARTITIONS', flag: '--kafka-partitions', type: 'int', default: 6, min: 1, max: 1024, description: 'Partitions for topics Vakt creates (existing topics are left as they are).' },
} satisfies ConfigSpec;

export const clickhouseSettings = {
  clickhouseUrl: { env: 'CLICKHOUSE_URL', flag: '--clickhouse-url', type: 'url', required: true, description: 'ClickHouse HTTP URL, e.g. http://127.0.0.1:8123.' },
  clickhouseUser: { env: 'CLICKHOUSE_USER', flag: '--clickhouse-user', type: 'string', default: 'default', description: 'ClickHouse user.' },
  clickhousePassword: { env: 'CLICKHOUSE_PASSWORD', flag: '--clickhouse-password', type: 'secret', default: '', description: 'ClickHouse password (never logged).' },
  clickhouseDatabase: { env: 'CLICKHOUSE_DATABASE', flag: '--clickhouse-database', type: 'string', default: 'vakt', description: 'ClickHouse database for Vakt tables.' },
} satisfies ConfigSpec;

export const ingestSettings = {
  maxBodyBytes: { env: 'VAKT_INGEST_MAX_BODY_BYTES', flag: '--max-body-bytes', type: 'int', default: 10 * 1024 * 1024, min: 1024, description: 'Largest POST /v1/mentions body accepted (413 above).' },
  apiTokens: { env: 'VAKT_INGEST_TOKENS', flag: '--ingest-tokens', type: 'list', default: [], description: 'Comma-separated API tokens for POST /v1/mentions; empty means no token needed (only bind to loopback then).' },
  watchesFile: { env: 'VAKT_WATCHES_FILE', flag: '--watches-file', type: 'path', description: 'YAML/JSON file of watches (configuration as code); watches edited in the dashboard are kept in the data dir.' },
} satisfies ConfigSpec;

export const sinkSettings = {
  sinkMaxRows: { env: 'VAKT_SINK_MAX_ROWS', flag: '--sink-max-rows', type: 'int', default: 5000, min: 1, description: 'Rows per ClickHouse insert at most.' },
  sinkMaxWaitMs: { env: 'VAKT_SINK_MAX_WAIT_MS', flag: '--sink-max-wait-ms', type: 'int', default: 250, min: 1, description: 'Longest a row waits for its insert.' },
  sinkMaxPendingRows: { env: 'VAKT_SINK_MAX_PENDING_ROWS', flag: '--sink-max-pending-rows', type: 'int', default: 50000, min: 1, description: 'Rows held in memory at most; consumption pauses above it.' },
} satisfies ConfigSpec;
