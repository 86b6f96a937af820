import type { ConnectorsConfig } from './config.js';
import { DEFAULT_JETSTREAM_URL } from './jetstream.js';
import { displayUrl } from './health.js';

type Env = Readonly<Record<string, string | undefined>>;

const seconds = (ms: number | undefined, fallback: number): string => `${Math.round((ms ?? fallback) / 1000)} s`;

/**
 * One line per enabled connector saying what it follows, for the start-up log of `vakt up` and `vakt service
 * ingest`. URLs are shown without credentials; tokens and secrets never appear.
 */
export function describeConnectors(cfg: ConnectorsConfig): string[] {
  const out: string[] = [];
  if (cfg.jetstream) out.push(`bluesky: the Jetstream firehose at ${displayUrl(cfg.jetstream.url ?? DEFAULT_JETSTREAM_URL)}`);
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
    out.push(`rss: ${feeds.length} feed${feeds.length === 1 ? '' : 's'} every ${seconds(cfg.rss.intervalMs, 300_000)}: ${feeds.join(', ')}`);
  }
  if (cfg.reddit) {
    const what = [...cfg.reddit.queries.map((q) => `search "${q}"`), ...(cfg.reddit.commentSubreddits.length ? [`comments in r/${cfg.reddit.commentSubreddits.join('+')}`] : [])];
    out.push(`reddit: ${what.join(', ')} every ${seconds(cfg.reddit.intervalMs, 60_000)}`);
  }
  return out;
}

const set = (env: Env, name: string): boolean => env[name] !== undefined && env[name] !== '';

/**
 * Connector settings that are present but do nothing, because what turns their connector on is missing or off.
 * Each warning names the setting and what to add. A setting that is wrong (not just unused) is an error in
 * `connectorsConfigFromEnv` instead.
 */
export function incompleteConnectorSettings(env: Env, cfg: ConnectorsConfig): string[] {
  const out: string[] = [];
  const unused = (names: string[], why: string): void => {
    const present = names.filter((n) => set(env, n));
    if (present.length) out.push(`${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set but ${why}`);
  };
  if (!cfg.jetstream) {
    unused(['VAKT_JETSTREAM_URL', 'VAKT_JETSTREAM_REWIND_S'], env['VAKT_JETSTREAM_ENABLED'] === 'false' ? 'VAKT_JETSTREAM_ENABLED=false turns the Bluesky connector off' : 'the Bluesky connector is off: set VAKT_JETSTREAM_ENABLED=true');
  }
  if (!cfg.mastodon) {
    unused(['VAKT_MASTODON_TOKENS', 'VAKT_MASTODON_TOKENS_FILE', 'VAKT_MASTODON_HASHTAGS', 'VAKT_MASTODON_PUBLIC'], 'the Mastodon connector is off: set VAKT_MASTODON_INSTANCES');
  } else {
    const tokenless = cfg.mastodon.instances.filter((i) => !i.token).map((i) => new URL(i.url).host);
    if (tokenless.length) out.push(`VAKT_MASTODON_TOKENS has no token for ${tokenless.join(', ')}: since Mastodon 4.2 the public streams answer 401 without one (scope read:statuses)`);
  }
  if (!cfg.rss) {
    if (set(env, 'VAKT_RSS_FEEDS_FILE')) out.push(`VAKT_RSS_FEEDS_FILE ${env['VAKT_RSS_FEEDS_FILE']} lists no feed URL: the RSS connector is off`);
    unused(['VAKT_RSS_INTERVAL_S'], 'the RSS connector is off: set VAKT_RSS_FEEDS or VAKT_RSS_FEEDS_FILE');
  }
  if (!cfg.reddit) {
    unused(['VAKT_REDDIT_CLIENT_SECRET', 'VAKT_REDDIT_CLIENT_SECRET_FILE', 'VAKT_REDDIT_USER_AGENT', 'VAKT_REDDIT_QUERIES', 'VAKT_REDDIT_SUBREDDITS', 'VAKT_REDDIT_INTERVAL_S'], 'the Reddit connector is off: set VAKT_REDDIT_CLIENT_ID');
  }
  if (!cfg.jetstream && !cfg.mastodon && !cfg.rss && !cfg.reddit) unused(['VAKT_CURSOR_FILE'], 'no connector is on');
  return out;
}
