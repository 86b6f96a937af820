import { composeSpec, type ConfigSpec } from '@vakt/config/spec';
import { connectorSettings } from '@vakt/connectors/settings';
import { commonSettings, httpSettings, kafkaSettings, privacySettings } from '@vakt/runtime/settings';

/**
 * The HTTP door of POST /v1/mentions: who may post, how much and how fast. Shared by `vakt service ingest` and
 * `vakt up`, so the embedded ingest API is guarded by the same settings.
 */
export const ingestApiSettings = {
  maxBodyBytes: {
    env: 'VAKT_INGEST_MAX_BODY_BYTES',
    flag: '--max-body-bytes',
    type: 'int',
    default: 10 * 1024 * 1024,
    min: 1024,
    description: 'Largest POST /v1/mentions body accepted (413 above; a gzip/deflate body counts decompressed).',
  },
  maxMentionsPerRequest: {
    env: 'VAKT_INGEST_MAX_MENTIONS',
    flag: '--ingest-max-mentions',
    type: 'int',
    default: 10000,
    min: 1,
    description:
      'Most mentions in one POST /v1/mentions (413 above, none stored): bounds the memory one request can take.',
  },
  bodyTimeoutMs: {
    env: 'VAKT_INGEST_BODY_TIMEOUT_MS',
    flag: '--ingest-body-timeout-ms',
    type: 'int',
    default: 30000,
    min: 100,
    max: 600000,
    description:
      'Longest the body of one POST /v1/mentions may take to arrive once its headers did; 408 and the connection closed after (a trickled body cannot hold a connection).',
  },
  apiTokens: {
    env: 'VAKT_INGEST_TOKENS',
    flag: '--ingest-tokens',
    type: 'list',
    default: [],
    description:
      'Comma-separated API tokens for POST /v1/mentions and GET /v1/sources; empty means no token needed (only bind to loopback then).',
  },
  allowedOrigins: {
    env: 'VAKT_INGEST_ALLOWED_ORIGINS',
    flag: '--ingest-allowed-origins',
    type: 'list',
    default: [],
    description:
      'Web origins (scheme://host[:port]) whose pages may call the ingest API, e.g. a form behind the same reverse proxy; a request with any other Origin header is refused (403). Servers and log shippers send none.',
  },
  rateLimitPerMinute: {
    env: 'VAKT_INGEST_RATE_LIMIT_PER_MINUTE',
    flag: '--ingest-rate-limit-per-minute',
    type: 'int',
    default: 6000,
    min: 1,
    description:
      'Ingest API requests per minute per client (API token; the address without tokens), and per address for requests without a valid token; 429 with Retry-After above.',
  },
} satisfies ConfigSpec;

export const ingestSettings = {
  ...ingestApiSettings,
  watchesFile: {
    env: 'VAKT_WATCHES_FILE',
    flag: '--watches-file',
    type: 'path',
    description:
      'YAML/JSON file of watches (configuration as code); watches edited in the dashboard are kept in the data dir.',
  },
  lingerMs: {
    env: 'VAKT_INGEST_LINGER_MS',
    flag: '--ingest-linger-ms',
    type: 'int',
    default: 20,
    min: 0,
    max: 1000,
    description:
      "How long accepted mentions wait for other requests' mentions to share one produce call (as Kafka's linger.ms): larger record batches make every later hop cheaper; it adds this much latency.",
  },
} satisfies ConfigSpec;

/** Everything `vakt service ingest` reads. */
export const ingestSpec = composeSpec(commonSettings, httpSettings, kafkaSettings, ingestSettings, connectorSettings, {
  pseudonymiseAuthors: privacySettings.pseudonymiseAuthors,
  pseudonymSecret: privacySettings.pseudonymSecret,
});
