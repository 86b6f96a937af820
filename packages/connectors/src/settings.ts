import type { ConfigOf, ConfigSpec } from '@vakt/config/spec';

/**
 * The source connectors' settings, declared once: `vakt service ingest` and `vakt up` compose this fragment into
 * their spec, so flags, `--help` and docs/configuration.md come from it, and `connectorsConfig` reads the loaded
 * values by key. Per-value checks (enums, integer ranges) are the loader's; `connectorsConfig` checks what one value
 * alone cannot (URL schemes, pairs, secrets from files).
 */
export const connectorSettings = {
  cursorFile: {
    env: 'VAKT_CURSOR_FILE',
    flag: '--cursor-file',
    type: 'path',
    description: 'Where connectors keep their resume cursors. Default: <data-dir>/cursors.json.',
  },
  jetstreamEnabled: {
    env: 'VAKT_JETSTREAM_ENABLED',
    flag: '--jetstream-enabled',
    type: 'enum',
    values: ['true', 'false'],
    description: 'Bluesky Jetstream firehose connector on/off (default: on when VAKT_JETSTREAM_URL is set).',
  },
  jetstreamUrl: {
    env: 'VAKT_JETSTREAM_URL',
    flag: '--jetstream-url',
    type: 'string',
    description: 'Jetstream websocket URL (wss://…/subscribe).',
  },
  jetstreamRewindS: {
    env: 'VAKT_JETSTREAM_REWIND_S',
    flag: '--jetstream-rewind-s',
    type: 'int',
    min: 1,
    max: 86400,
    description:
      'Seconds the Jetstream cursor is rewound on every (re)connect; duplicates are dropped by id. Connector default: 5.',
  },
  mastodonInstances: {
    env: 'VAKT_MASTODON_INSTANCES',
    flag: '--mastodon-instances',
    type: 'string',
    description: 'Comma-separated Mastodon instance URLs to stream from; turns the Mastodon connector on.',
  },
  mastodonTokens: {
    env: 'VAKT_MASTODON_TOKENS',
    flag: '--mastodon-tokens',
    type: 'secret',
    description: 'JSON {"host":"token",…} of Mastodon access tokens by host.',
  },
  mastodonTokensFile: {
    env: 'VAKT_MASTODON_TOKENS_FILE',
    flag: '--mastodon-tokens-file',
    type: 'path',
    description: 'File holding VAKT_MASTODON_TOKENS (Docker/Kubernetes secrets); not both.',
  },
  mastodonHashtags: {
    env: 'VAKT_MASTODON_HASHTAGS',
    flag: '--mastodon-hashtags',
    type: 'string',
    description: 'Comma-separated hashtags: one hashtag stream per tag per instance.',
  },
  mastodonPublic: {
    env: 'VAKT_MASTODON_PUBLIC',
    flag: '--mastodon-public',
    type: 'enum',
    values: ['true', 'false'],
    description: 'Also the federated public stream (default: only when no hashtags are given).',
  },
  rssFeeds: {
    env: 'VAKT_RSS_FEEDS',
    flag: '--rss-feeds',
    type: 'string',
    description: 'Comma-separated RSS/Atom feed URLs; turns the RSS connector on.',
  },
  rssFeedsFile: {
    env: 'VAKT_RSS_FEEDS_FILE',
    flag: '--rss-feeds-file',
    type: 'path',
    description: 'File with one feed URL per line (# comments allowed), in addition to VAKT_RSS_FEEDS.',
  },
  rssIntervalS: {
    env: 'VAKT_RSS_INTERVAL_S',
    flag: '--rss-interval-s',
    type: 'int',
    min: 1,
    max: 86400,
    description: 'Seconds between polls of each feed. Connector default: 300.',
  },
  redditClientId: {
    env: 'VAKT_REDDIT_CLIENT_ID',
    flag: '--reddit-client-id',
    type: 'string',
    description:
      'Reddit app client id; turns the Reddit connector on (with secret, user agent and queries or subreddits).',
  },
  redditClientSecret: {
    env: 'VAKT_REDDIT_CLIENT_SECRET',
    flag: '--reddit-client-secret',
    type: 'secret',
    description: 'Reddit app client secret.',
  },
  redditClientSecretFile: {
    env: 'VAKT_REDDIT_CLIENT_SECRET_FILE',
    flag: '--reddit-client-secret-file',
    type: 'path',
    description: 'File holding VAKT_REDDIT_CLIENT_SECRET; not both.',
  },
  redditUserAgent: {
    env: 'VAKT_REDDIT_USER_AGENT',
    flag: '--reddit-user-agent',
    type: 'string',
    description: 'Reddit user agent, in Reddit\'s required format "platform:app-id:version (by /u/name)".',
  },
  redditQueries: {
    env: 'VAKT_REDDIT_QUERIES',
    flag: '--reddit-queries',
    type: 'string',
    description: 'Semicolon-separated Reddit search queries.',
  },
  redditSubreddits: {
    env: 'VAKT_REDDIT_SUBREDDITS',
    flag: '--reddit-subreddits',
    type: 'string',
    description: 'Comma-separated subreddits whose new comments are read.',
  },
  redditIntervalS: {
    env: 'VAKT_REDDIT_INTERVAL_S',
    flag: '--reddit-interval-s',
    type: 'int',
    min: 1,
    max: 86400,
    description: 'Seconds between Reddit polls. Connector default: 60.',
  },
} satisfies ConfigSpec;

/** The loaded values of `connectorSettings` (from `loadConfig`); any subset, since every connector setting is optional. */
export type ConnectorSettingValues = Partial<ConfigOf<typeof connectorSettings>>;
