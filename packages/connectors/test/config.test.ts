import { describe, expect, it } from 'vitest';
import { loadConfig } from '@vakt/config/load';
import { connectorsConfig } from '../src/config.js';
import { createConnectorsFromConfig } from '../src/factory.js';
import { MemoryCursorStore } from '../src/cursor-store.js';
import { connectorSettings } from '../src/settings.js';

const files: Record<string, string> = {
  '/run/secrets/reddit': 'sekret-123\n',
  '/run/secrets/masto': '{"mastodon.social":"tok-a"}',
  '/etc/vakt/feeds.txt':
    '# news\nhttps://nyheter.example.se/rss.xml\nhttps://fk.example.se/press.atom Försäkringskassan\n',
};
const readFile = (p: string): string => {
  const f = files[p];
  if (f === undefined) throw new Error('ENOENT');
  return f;
};

/** The path a service takes: flags and environment through the loader, then the connectors' own checks. */
function fromSettings(env: Record<string, string>, argv: string[] = []) {
  const loaded = loadConfig(connectorSettings, { argv, env });
  return loaded.ok ? connectorsConfig(loaded.value.config, '/var/lib/vakt', readFile) : loaded;
}

describe('connectorsConfig', () => {
  it('turns each connector on from its variables, secrets from files', () => {
    const r = fromSettings({
      VAKT_JETSTREAM_ENABLED: 'true',
      VAKT_MASTODON_INSTANCES: 'https://mastodon.social, https://mastodon.nu',
      VAKT_MASTODON_HASHTAGS: '#fkfail,forsakringskassan',
      VAKT_MASTODON_TOKENS_FILE: '/run/secrets/masto',
      VAKT_RSS_FEEDS_FILE: '/etc/vakt/feeds.txt',
      VAKT_RSS_INTERVAL_S: '120',
      VAKT_REDDIT_CLIENT_ID: 'cid',
      VAKT_REDDIT_CLIENT_SECRET_FILE: '/run/secrets/reddit',
      VAKT_REDDIT_USER_AGENT: 'linux:se.vakt:v0.1 (by /u/vakt)',
      VAKT_REDDIT_QUERIES: 'Försäkringskassan OR FK; Telia faktura',
      VAKT_REDDIT_SUBREDDITS: 'r/sweden,svenskpolitik',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({
      cursorFile: '/var/lib/vakt/cursors.json',
      jetstream: {},
      mastodon: {
        instances: [
          { url: 'https://mastodon.social', token: 'tok-a', hashtags: ['fkfail', 'forsakringskassan'], public: false },
          { url: 'https://mastodon.nu', hashtags: ['fkfail', 'forsakringskassan'], public: false },
        ],
      },
      rss: {
        feeds: [
          { url: 'https://nyheter.example.se/rss.xml' },
          { url: 'https://fk.example.se/press.atom', watch: 'Försäkringskassan' },
        ],
        intervalMs: 120_000,
      },
      reddit: {
        clientId: 'cid',
        clientSecret: 'sekret-123',
        userAgent: 'linux:se.vakt:v0.1 (by /u/vakt)',
        queries: ['Försäkringskassan OR FK', 'Telia faktura'],
        commentSubreddits: ['sweden', 'svenskpolitik'],
      },
    });
    const connectors = createConnectorsFromConfig(r.value, { cursorStore: new MemoryCursorStore() });
    expect(connectors.map((c) => c.name)).toEqual(['bluesky', 'mastodon', 'rss', 'reddit']);
  });

  it('nothing set: no connectors', () => {
    const r = fromSettings({});
    expect(r.ok && createConnectorsFromConfig(r.value, { cursorStore: new MemoryCursorStore() })).toEqual([]);
  });

  it.each([
    [{ VAKT_JETSTREAM_URL: 'https://x' }, 'VAKT_JETSTREAM_URL'],
    [{ VAKT_JETSTREAM_ENABLED: 'yes' }, 'VAKT_JETSTREAM_ENABLED'],
    [{ VAKT_MASTODON_INSTANCES: 'mastodon.social' }, 'VAKT_MASTODON_INSTANCES'],
    [{ VAKT_MASTODON_INSTANCES: 'https://m.s', VAKT_MASTODON_TOKENS: 'tok' }, 'VAKT_MASTODON_TOKENS'],
    [{ VAKT_RSS_FEEDS: 'ftp://x/feed' }, 'VAKT_RSS_FEEDS'],
    [{ VAKT_RSS_FEEDS: 'https://x/feed', VAKT_RSS_INTERVAL_S: '0' }, 'VAKT_RSS_INTERVAL_S'],
    [{ VAKT_REDDIT_CLIENT_ID: 'c' }, 'VAKT_REDDIT_CLIENT_SECRET'],
    [
      {
        VAKT_REDDIT_CLIENT_ID: 'c',
        VAKT_REDDIT_CLIENT_SECRET: 's',
        VAKT_REDDIT_USER_AGENT: 'curl',
        VAKT_REDDIT_QUERIES: 'q',
      },
      'VAKT_REDDIT_USER_AGENT',
    ],
    [
      {
        VAKT_REDDIT_CLIENT_ID: 'c',
        VAKT_REDDIT_CLIENT_SECRET: 's',
        VAKT_REDDIT_CLIENT_SECRET_FILE: '/run/secrets/reddit',
      },
      'VAKT_REDDIT_CLIENT_SECRET',
    ],
  ])('rejects %j naming %s, without echoing secrets', (env, setting) => {
    const r = fromSettings(env);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VAKT_CONFIG_INVALID');
    // A value alone is wrong: the loader lists it among its problems; across values: the connectors name the setting.
    expect(r.error.context['setting'] ?? (r.error.context['problems'] as string[]).join('\n')).toContain(setting);
    expect(r.error.message).not.toContain('sekret');
    expect(JSON.stringify(r.error)).not.toMatch(/"s"|tok"/);
  });

  it('takes flags as well as the environment, and the cursor file from the data dir', () => {
    const r = fromSettings({}, ['--rss-feeds', 'https://a.example.se/rss.xml', '--rss-interval-s', '120']);
    expect(r.ok && r.value).toEqual({
      cursorFile: '/var/lib/vakt/cursors.json',
      rss: { feeds: [{ url: 'https://a.example.se/rss.xml' }], intervalMs: 120_000 },
    });
  });
});
