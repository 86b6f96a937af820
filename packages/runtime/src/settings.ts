import type { ConfigSpec, CrossCheck } from '@vakt/config/spec';

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
  kafkaSessionTimeoutMs: { env: 'KAFKA_SESSION_TIMEOUT_MS', flag: '--kafka-session-timeout-ms', type: 'int', default: 10000, min: 3000, max: 300000, description: 'Consumer group session timeout: how long a dead member keeps its partitions before the group moves them.' },
  kafkaFetchMaxWaitMs: { env: 'KAFKA_FETCH_MAX_WAIT_MS', flag: '--kafka-fetch-max-wait-ms', type: 'int', default: 100, min: 1, max: 10000, description: 'Longest a fetch waits on the broker for new records: lower means lower latency per hop and more idle requests.' },
  kafkaPartitions: { env: 'KAFKA_PARTITIONS', flag: '--kafka-partitions', type: 'int', default: 6, min: 1, max: 1024, description: 'Partitions for topics Vakt creates (existing topics are left as they are).' },
} satisfies ConfigSpec;

export const clickhouseSettings = {
  clickhouseUrl: { env: 'CLICKHOUSE_URL', flag: '--clickhouse-url', type: 'url', required: true, description: 'ClickHouse HTTP URL, e.g. http://127.0.0.1:8123.' },
  clickhouseUser: { env: 'CLICKHOUSE_USER', flag: '--clickhouse-user', type: 'string', default: 'default', description: 'ClickHouse user.' },
  clickhousePassword: { env: 'CLICKHOUSE_PASSWORD', flag: '--clickhouse-password', type: 'secret', default: '', description: 'ClickHouse password (never logged).' },
  clickhouseDatabase: { env: 'CLICKHOUSE_DATABASE', flag: '--clickhouse-database', type: 'string', default: 'vakt', description: 'ClickHouse database for Vakt tables.' },
  clickhouseCluster: { env: 'CLICKHOUSE_CLUSTER', flag: '--clickhouse-cluster', type: 'string', description: 'Cluster name from the servers\' remote_servers: migrations build the cluster schema (ON CLUSTER, replicated shards behind Distributed tables; infra/README.md). Unset: the single-node schema.' },
} satisfies ConfigSpec;

/** Which sentiment model scores: the scorer service, `vakt up` and `vakt score`. */
export const modelSettings = {
  modelDir: { env: 'VAKT_MODEL_DIR', flag: '--model-dir', type: 'path', description: 'Sentiment model to score with. Default: <data-dir>/model when `vakt train --add…` wrote one there (the deployment\'s adapted model), else the model shipped with Vakt.' },
} satisfies ConfigSpec;

export const scorerSettings = {
  watchesFile: { env: 'VAKT_WATCHES_FILE', flag: '--watches-file', type: 'path', description: 'YAML/JSON file of watches, the same as ingest\'s: the scorer applies each watch\'s domainWords to its mentions and reads the names in its query (capitalised terms, abbreviations, domains) as blank. Unset: the watches in the data dir, followed live.' },
} satisfies ConfigSpec;

/**
 * The HTTP door of POST /v1/mentions: who may post, how much and how fast. Shared by `vakt service ingest` and
 * `vakt up`, so the embedded ingest API is guarded by the same settings.
 */
export const ingestApiSettings = {
  maxBodyBytes: { env: 'VAKT_INGEST_MAX_BODY_BYTES', flag: '--max-body-bytes', type: 'int', default: 10 * 1024 * 1024, min: 1024, description: 'Largest POST /v1/mentions body accepted (413 above; a gzip/deflate body counts decompressed).' },
  maxMentionsPerRequest: { env: 'VAKT_INGEST_MAX_MENTIONS', flag: '--ingest-max-mentions', type: 'int', default: 10000, min: 1, description: 'Most mentions in one POST /v1/mentions (413 above, none stored): bounds the memory one request can take.' },
  bodyTimeoutMs: { env: 'VAKT_INGEST_BODY_TIMEOUT_MS', flag: '--ingest-body-timeout-ms', type: 'int', default: 30000, min: 100, max: 600000, description: 'Longest the body of one POST /v1/mentions may take to arrive once its headers did; 408 and the connection closed after (a trickled body cannot hold a connection).' },
  apiTokens: { env: 'VAKT_INGEST_TOKENS', flag: '--ingest-tokens', type: 'list', default: [], description: 'Comma-separated API tokens for POST /v1/mentions and GET /v1/sources; empty means no token needed (only bind to loopback then).' },
  allowedOrigins: { env: 'VAKT_INGEST_ALLOWED_ORIGINS', flag: '--ingest-allowed-origins', type: 'list', default: [], description: 'Web origins (scheme://host[:port]) whose pages may call the ingest API, e.g. a form behind the same reverse proxy; a request with any other Origin header is refused (403). Servers and log shippers send none.' },
  rateLimitPerMinute: { env: 'VAKT_INGEST_RATE_LIMIT_PER_MINUTE', flag: '--ingest-rate-limit-per-minute', type: 'int', default: 6000, min: 1, description: 'Ingest API requests per minute per client (API token; the address without tokens), and per address for requests without a valid token; 429 with Retry-After above.' },
} satisfies ConfigSpec;

export const ingestSettings = {
  ...ingestApiSettings,
  watchesFile: { env: 'VAKT_WATCHES_FILE', flag: '--watches-file', type: 'path', description: 'YAML/JSON file of watches (configuration as code); watches edited in the dashboard are kept in the data dir.' },
  lingerMs: { env: 'VAKT_INGEST_LINGER_MS', flag: '--ingest-linger-ms', type: 'int', default: 20, min: 0, max: 1000, description: 'How long accepted mentions wait for other requests\' mentions to share one produce call (as Kafka\'s linger.ms): larger record batches make every later hop cheaper; it adds this much latency.' },
} satisfies ConfigSpec;

export const sinkSettings = {
  sinkMaxRows: { env: 'VAKT_SINK_MAX_ROWS', flag: '--sink-max-rows', type: 'int', default: 5000, min: 1, description: 'Rows per ClickHouse insert at most.' },
  sinkMaxWaitMs: { env: 'VAKT_SINK_MAX_WAIT_MS', flag: '--sink-max-wait-ms', type: 'int', default: 200, min: 1, description: 'Longest a row waits before an insert starts. Inserts run one after another and the consumer keeps fetching while one is in flight (offsets are committed when it is durable), so each insert carries everything that arrived meanwhile: fewer, larger inserts are far cheaper for ClickHouse (its materialized rollups run per insert).' },
  sinkMaxPendingRows: { env: 'VAKT_SINK_MAX_PENDING_ROWS', flag: '--sink-max-pending-rows', type: 'int', default: 50000, min: 1, description: 'Rows held in memory at most; consumption pauses above it.' },
} satisfies ConfigSpec;

export const alerterSettings = {
  alertingFile: { env: 'VAKT_ALERTING_FILE', flag: '--alerting-file', type: 'path', description: 'JSON file of alert destinations (webhook, slack, teams, pagerduty, alertmanager) and routes per watch/severity.' },
  webhookUrl: { env: 'VAKT_WEBHOOK_URL', flag: '--webhook-url', type: 'url', description: 'A generic JSON webhook that receives every alert (in addition to the alerting file).' },
  webhookSecret: { env: 'VAKT_WEBHOOK_SECRET', flag: '--webhook-secret', type: 'secret', description: 'Standard Webhooks signing secret for --webhook-url (base64, whsec_ prefix allowed). Required unless --webhook-unsigned.' },
  webhookUnsigned: { env: 'VAKT_WEBHOOK_UNSIGNED', flag: '--webhook-unsigned', type: 'bool', default: false, description: 'Send to --webhook-url without a signature (its receiver cannot tell Vakt\'s alerts from anyone\'s); logged at start.' },
  dashboardUrl: { env: 'VAKT_DASHBOARD_URL', flag: '--dashboard-url', type: 'url', default: 'http://127.0.0.1:8080', description: 'Public dashboard URL; alerts link to it (generatorURL).' },
  alertBucketSeconds: { env: 'VAKT_ALERT_BUCKET_SECONDS', flag: '--alert-bucket-seconds', type: 'int', default: 60, min: 1, max: 3600, description: 'Width of the count buckets the spike detector watches.' },
  alerterApiToken: { env: 'VAKT_ALERTER_TOKEN', flag: '--alerter-token', type: 'secret', default: '', description: 'Bearer token the dashboard uses for ack/silence/resolve on the alerter API; empty allows loopback callers only.' },
} satisfies ConfigSpec;

export const dashboardSettings = {
  publicUrl: { env: 'VAKT_PUBLIC_URL', flag: '--public-url', type: 'url', default: 'http://127.0.0.1:8080', description: 'External URL of the dashboard; the only origin allowed for cookies and websockets.' },
  sessionSecret: { env: 'VAKT_SESSION_SECRET', flag: '--session-secret', type: 'secret', default: '', description: 'Signs session cookies (at least 32 characters; the same on every dashboard process). Empty: generated and kept in the data dir.' },
  adminUser: { env: 'VAKT_ADMIN_USER', flag: '--admin-user', type: 'string', default: 'admin', description: 'First admin, created when there are no users.' },
  adminPassword: { env: 'VAKT_ADMIN_PASSWORD', flag: '--admin-password', type: 'secret', default: '', description: 'Password of the first admin, used only when there are no users yet (never printed). Empty: one is generated and printed once, at that first start; only its hash is stored.' },
  trustProxy: { env: 'VAKT_TRUST_PROXY', flag: '--trust-proxy', type: 'list', default: [], description: 'Reverse proxies whose X-Forwarded-For is believed: comma-separated addresses, CIDRs, or loopback|linklocal|uniquelocal. Empty: the socket address is the client (login and rate limits key on it).' },
} satisfies ConfigSpec;

export const dashboardServiceSettings = {
  alerterUrl: { env: 'VAKT_ALERTER_URL', flag: '--alerter-url', type: 'url', default: 'http://127.0.0.1:9103', description: 'The alerter service (ack, silence, resolve go there).' },
  alerterToken: { env: 'VAKT_ALERTER_TOKEN', flag: '--alerter-token', type: 'secret', default: '', description: 'Bearer token for the alerter API.' },
  watchesFile: { env: 'VAKT_WATCHES_FILE', flag: '--watches-file', type: 'path', description: 'YAML/JSON file of watches, shared with ingest (configuration as code).' },
  ingestUrl: { env: 'VAKT_INGEST_URL', flag: '--ingest-url', type: 'url', description: 'The ingest service, whose GET /v1/sources the admin page shows (source connector health). Unset: the admin page says it cannot see them.' },
  ingestToken: { env: 'VAKT_INGEST_TOKEN', flag: '--ingest-token', type: 'secret', default: '', description: 'One of the ingest service\'s VAKT_INGEST_TOKENS, when it has any, for GET /v1/sources.' },
} satisfies ConfigSpec;

export const privacySettings = {
  retentionDays: { env: 'VAKT_RETENTION_DAYS', flag: '--retention-days', type: 'int', default: 365, min: 1, max: 3650, description: 'Days mentions are kept for a watch that sets no retentionDays of its own.' },
  retentionIntervalMinutes: { env: 'VAKT_RETENTION_INTERVAL_MINUTES', flag: '--retention-interval-minutes', type: 'int', default: 60, min: 1, description: 'How often retention is enforced (old partitions dropped, old rows deleted).' },
  pseudonymiseAuthors: { env: 'VAKT_PSEUDONYMISE_AUTHORS', flag: '--pseudonymise-authors', type: 'bool', default: false, description: 'Author ids and handles are replaced by keyed hashes (HMAC) at ingest, before any other stage, alert, log or table sees them.' },
  pseudonymSecret: { env: 'VAKT_PSEUDONYM_SECRET', flag: '--pseudonym-secret', type: 'secret', default: '', description: 'Key of the author pseudonyms (at least 32 characters; the same on every ingest, sink and dashboard). Embedded: generated in the data dir when empty.' },
} satisfies ConfigSpec;

/** A pseudonym key with pseudonymisation off is legal, but the operator who set it believes authors are hidden. */
export const pseudonymCheck: CrossCheck<{ readonly pseudonymiseAuthors: boolean; readonly pseudonymSecret: string }> = (c) => ({
  warnings: !c.pseudonymiseAuthors && c.pseudonymSecret !== '' ? ['VAKT_PSEUDONYM_SECRET is set but VAKT_PSEUDONYMISE_AUTHORS is off: authors are stored as given; turn it on or remove the key'] : [],
});
