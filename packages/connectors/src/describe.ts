import type { ConnectorsConfig } from './config.js';
import { DEFAULT_JETSTREAM_URL } from './jetstream.js';
import { displayUrl } from './health.js';
import { connectorSettings as S, type ConnectorSettingValues } from './settings.js';

type Key = keyof typeof S;

const seconds = (ms: number | undefined, fallback: number): string => `${Math.round((ms ?? fallback) / 1000)} s`;

/**
 * One line per enabled connector saying what it follows, for the start-up log of `vakt up` and `vakt service
 * ingest`. URLs are shown without credentials; tokens and secrets never appear.
 */
export function describeConnectors(cfg: ConnectorsConfig): string[] {
  const out: string[] = [];
  if (cfg.jetstream)
    out.push(`bluesky: the Jetstream firehose at ${displayUrl(cfg.jetstream.url ?? DEFAULT_JETSTREAM_URL)}`);
  if (cfg.mastodon) {
    const streams = cfg.mastodon.instances.map((i) => {
      const host = new URL(i.url).host;
      const tags = (i.hashtags ?? []).map((t) => `#${t}`);
      const what = [...(i.public ? ['public'] : []), ...tags].join(' ');
      return `${host} (${what}${i.token ? '' : ', no token'})`;
    });
    out.push(`mastodon: ${streams.join(', ')}`);
  }
  if (cfg.rss) {
    const feeds = cfg.rss.feeds.map((f) => `${displayUrl(f.url)}${f.watch ? ` → ${f.watch}` : ''}`);
    out.push(
      `rss: ${feeds.length} feed${feeds.length === 1 ? '' : 's'} every ${seconds(cfg.rss.intervalMs, 300_000)}: ${feeds.join(', ')}`,
    );
  }
  if (cfg.reddit) {
    const what = [
      ...cfg.reddit.queries.map((q) => `search "${q}"`),
      ...(cfg.reddit.commentSubreddits.length ? [`comments in r/${cfg.reddit.commentSubreddits.join('+')}`] : []),
    ];
    out.push(`reddit: ${what.join(', ')} every ${seconds(cfg.reddit.intervalMs, 60_000)}`);
  }
  return out;
}

const set = (values: ConnectorSettingValues, key: Key): boolean => values[key] !== undefined && values[key] !== '';

/**
 * Connector settings that are present but do nothing, because what turns their connector on is missing or off.
 * Each warning names the setting and what to add. A setting that is wrong (not just unused) is an error in
 * `connectorsConfig` instead.
 */
export function incompleteConnectorSettings(values: ConnectorSettingValues, cfg: ConnectorsConfig): string[] {
  const out: string[] = [];
  const unused = (keys: Key[], why: string): void => {
    const present = keys.filter((k) => set(values, k)).map((k) => S[k].env);
    if (present.length) out.push(`${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set but ${why}`);
  };
  if (!cfg.jetstream) {
    unused(
      ['jetstreamUrl', 'jetstreamRewindS'],
      values.jetstreamEnabled === 'false'
        ? 'VAKT_JETSTREAM_ENABLED=false turns the Bluesky connector off'
        : 'the Bluesky connector is off: set VAKT_JETSTREAM_ENABLED=true',
    );
  }
  if (!cfg.mastodon) {
    unused(
      ['mastodonTokens', 'mastodonTokensFile', 'mastodonHashtags', 'mastodonPublic'],
      'the Mastodon connector is off: set VAKT_MASTODON_INSTANCES',
    );
  } else {
    const tokenless = cfg.mastodon.instances.filter((i) => !i.token).map((i) => new URL(i.url).host);
    if (tokenless.length)
      out.push(
        `VAKT_MASTODON_TOKENS has no token for ${tokenless.join(', ')}: since Mastodon 4.2 the public streams answer 401 without one (scope read:statuses)`,
      );
  }
  if (!cfg.rss) {
    if (set(values, 'rssFeedsFile'))
      out.push(`VAKT_RSS_FEEDS_FILE ${values.rssFeedsFile} lists no feed URL: the RSS connector is off`);
    unused(['rssIntervalS'], 'the RSS connector is off: set VAKT_RSS_FEEDS or VAKT_RSS_FEEDS_FILE');
  }
  if (!cfg.reddit) {
    unused(
      [
        'redditClientSecret',
        'redditClientSecretFile',
        'redditUserAgent',
        'redditQueries',
        'redditSubreddits',
        'redditIntervalS',
      ],
      'the Reddit connector is off: set VAKT_REDDIT_CLIENT_ID',
    );
  }
  if (!cfg.jetstream && !cfg.mastodon && !cfg.rss && !cfg.reddit) unused(['cursorFile'], 'no connector is on');
  return out;
}
