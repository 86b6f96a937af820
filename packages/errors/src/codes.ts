/**
 * The closed catalogue of Vakt error codes. Every `VaktError` carries one of these; metrics are tagged with the
 * code (a bounded set), never with the message. `docs/errors.md` documents each one and a test keeps the two in sync.
 *
 * `retriable` is the default for the code: it decides whether the caller backs off and retries (true) or routes the
 * input to the dead-letter topic / raises an alert (false). A call site may override it with context it knows.
 */
export const ERROR_CODES = {
  VAKT_CONFIG_INVALID: {
    retriable: false,
    hint: 'Fix the named setting (see `--help` or docs/configuration.md) and restart.',
  },
  VAKT_SCHEMA_INVALID: {
    retriable: false,
    hint: 'The input does not match the wire format; the message names the JSON path. Read from a Kafka topic, it was dead-lettered (vakt.dead_letters) and the rest flowed on; sent over HTTP or read from a file, nothing of it was stored: fix it and send it again.',
  },
  VAKT_PAYLOAD_TOO_LARGE: { retriable: false, hint: 'Split the payload or raise the documented size limit.' },
  VAKT_NO_WATCH: {
    retriable: false,
    hint: 'The mention matched no configured watch; add a watch or set `watch` on the mention.',
  },
  VAKT_QUERY_PARSE: { retriable: false, hint: 'Fix the watch query at the reported position.' },
  VAKT_KAFKA_UNAVAILABLE: {
    retriable: true,
    hint: 'Check KAFKA_BROKERS and that the brokers are reachable; Vakt retries with backoff.',
  },
  VAKT_KAFKA_PRODUCE: {
    retriable: true,
    hint: 'Producing to Kafka failed; the message is retried and its offset is not committed.',
  },
  VAKT_CLICKHOUSE_UNAVAILABLE: {
    retriable: true,
    hint: 'Check CLICKHOUSE_URL and that the server is up; the sink pauses consumption and retries.',
  },
  VAKT_CLICKHOUSE_INSERT: {
    retriable: true,
    hint: 'The ClickHouse insert failed; the batch is retried and offsets stay uncommitted.',
  },
  VAKT_CLICKHOUSE_QUERY: {
    retriable: false,
    hint: 'The SQL was rejected by ClickHouse; read the cause and fix the query.',
  },
  VAKT_MIGRATION_FAILED: {
    retriable: false,
    hint: 'A schema migration failed; check the ClickHouse user can create tables in the database.',
  },
  VAKT_SCORING_FAILED: {
    retriable: false,
    hint: 'The sentiment engine failed on this input; it was dead-lettered. Please report it with the id.',
  },
  VAKT_MODEL_UNAVAILABLE: {
    retriable: false,
    hint: 'The sentiment model weights are missing or corrupt; scoring falls back to lexicon-only. Re-run `vakt train` or reinstall.',
  },
  VAKT_WEBHOOK_REJECTED: {
    retriable: false,
    hint: 'The webhook receiver rejected the delivery (4xx); check the destination URL and credentials.',
  },
  VAKT_WEBHOOK_UNAVAILABLE: {
    retriable: true,
    hint: 'The webhook receiver is unreachable or failing (5xx/timeout); delivery is retried with backoff.',
  },
  VAKT_CONNECTOR_FAILED: {
    retriable: true,
    hint: 'A source connector lost its connection; it reconnects with backoff and resumes from its cursor.',
  },
  VAKT_RATE_LIMITED: { retriable: true, hint: 'Too many requests; wait for the time given in Retry-After.' },
  VAKT_UNAUTHORIZED: { retriable: false, hint: 'Log in or send a valid API token (Authorization: Bearer …).' },
  VAKT_FORBIDDEN: { retriable: false, hint: 'Your role does not allow this action; ask an admin.' },
  VAKT_NOT_FOUND: { retriable: false, hint: 'The requested resource does not exist.' },
  VAKT_SHUTDOWN_TIMEOUT: {
    retriable: false,
    hint: 'Graceful shutdown did not finish within the deadline; resources were closed forcibly.',
  },
  VAKT_REQUEST_INVALID: {
    retriable: false,
    hint: 'The HTTP request body or query does not match the route schema; the message names the field. Fix the request and send it again.',
  },
  VAKT_REQUEST_TIMEOUT: {
    retriable: true,
    hint: 'The request body did not arrive in time (the limit names its setting); the connection was closed. Send it again, faster or in smaller requests.',
  },
  VAKT_INTERNAL: { retriable: false, hint: 'An unexpected bug; please report it with the logs.' },
} as const satisfies Record<string, { retriable: boolean; hint: string }>;

export type VaktErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as VaktErrorCode[];
