import { composeSpec, type ConfigSpec } from '@vakt/config/spec';
import {
  clickhouseSettings,
  commonSettings,
  httpSettings,
  kafkaSettings,
  privacySettings,
} from '@vakt/runtime/settings';

/** The dashboard's own settings, also read by `vakt up`. */
export const dashboardSettings = {
  publicUrl: {
    env: 'VAKT_PUBLIC_URL',
    flag: '--public-url',
    type: 'url',
    default: 'http://127.0.0.1:8080',
    description: 'External URL of the dashboard; the only origin allowed for cookies and websockets.',
  },
  sessionSecret: {
    env: 'VAKT_SESSION_SECRET',
    flag: '--session-secret',
    type: 'secret',
    default: '',
    description:
      'Signs session cookies (at least 32 characters; the same on every dashboard process). Empty: generated and kept in the data dir.',
  },
  adminUser: {
    env: 'VAKT_ADMIN_USER',
    flag: '--admin-user',
    type: 'string',
    default: 'admin',
    description: 'First admin, created when there are no users.',
  },
  adminPassword: {
    env: 'VAKT_ADMIN_PASSWORD',
    flag: '--admin-password',
    type: 'secret',
    default: '',
    description:
      'Password of the first admin, used only when there are no users yet (never printed). Empty: one is generated and printed once, at that first start; only its hash is stored.',
  },
  trustProxy: {
    env: 'VAKT_TRUST_PROXY',
    flag: '--trust-proxy',
    type: 'list',
    default: [],
    description:
      'Reverse proxies whose X-Forwarded-For is believed: comma-separated addresses, CIDRs, or loopback|linklocal|uniquelocal. Empty: the socket address is the client (login and rate limits key on it).',
  },
} satisfies ConfigSpec;

/** How a dashboard process finds the other services (`vakt up` runs them in its own process). */
export const dashboardServiceSettings = {
  alerterUrl: {
    env: 'VAKT_ALERTER_URL',
    flag: '--alerter-url',
    type: 'url',
    default: 'http://127.0.0.1:9103',
    description: 'The alerter service (ack, silence, resolve go there).',
  },
  alerterToken: {
    env: 'VAKT_ALERTER_TOKEN',
    flag: '--alerter-token',
    type: 'secret',
    default: '',
    description: 'Bearer token for the alerter API.',
  },
  watchesFile: {
    env: 'VAKT_WATCHES_FILE',
    flag: '--watches-file',
    type: 'path',
    description: 'YAML/JSON file of watches, shared with ingest (configuration as code).',
  },
  ingestUrl: {
    env: 'VAKT_INGEST_URL',
    flag: '--ingest-url',
    type: 'url',
    description:
      'The ingest service, whose GET /v1/sources the admin page shows (source connector health). Unset: the admin page says it cannot see them.',
  },
  ingestToken: {
    env: 'VAKT_INGEST_TOKEN',
    flag: '--ingest-token',
    type: 'secret',
    default: '',
    description: "One of the ingest service's VAKT_INGEST_TOKENS, when it has any, for GET /v1/sources.",
  },
} satisfies ConfigSpec;

/** Everything `vakt service dashboard` reads. */
export const dashboardSpec = composeSpec(
  commonSettings,
  httpSettings,
  kafkaSettings,
  clickhouseSettings,
  dashboardSettings,
  dashboardServiceSettings,
  privacySettings,
);
