import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@vakt/config/load';
import { connectorsConfig } from '../src/config.js';
import { connectorSettings, type ConnectorSettingValues } from '../src/settings.js';
import { MemoryCursorStore } from '../src/cursor-store.js';
import { describeConnectors, incompleteConnectorSettings } from '../src/describe.js';
import { displayUrl } from '../src/health.js';
import { createRssConnector } from '../src/rss.js';
import type { MentionInput } from '@vakt/schema/mention';

const item = (n: number) =>
  `<item><title>Nyhet ${n} om Försäkringskassan</title><guid>g-${n}</guid><pubDate>Sat, 23 Nov 2024 10:0${n}:00 +0100</pubDate></item>`;
const rss = (items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${items.join('')}</channel></rss>`;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** `/good` serves two items; `/bad` answers `state.badStatus` until it is set to 200. */
async function feeds() {
  const state = { badStatus: 500 };
  const server = createServer((req, res) => {
    if (req.url === '/good' || (req.url === '/bad' && state.badStatus === 200))
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([item(1), item(2)]));
    res.writeHead(req.url === '/bad' ? state.badStatus : 404).end('nope');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state };
}

describe('connector health', () => {
  it('RSS: per feed, the last success and items delivered; a failing feed shows its error and time after one poll, and clears when it recovers', async () => {
    const { base, state } = await feeds();
    let t = Date.parse('2026-12-07T10:00:00Z');
    const got: MentionInput[] = [];
    const c = createRssConnector({
      feeds: [`${base}/good`, `${base}/bad`],
      cursorStore: new MemoryCursorStore(),
      perHostPerMinute: 6000,
      now: () => t,
    });
    // 1. Before any poll every feed is listed, never fetched.
    expect(c.health().targets.map((x) => [x.target, x.lastSuccessAt, x.failing])).toEqual([
      [`${base}/good`, null, false],
      [`${base}/bad`, null, false],
    ]);
    // 2. One poll: the good feed delivered 2; the bad one is failing with the status in its message.
    await c.pollOnce(async (b) => void got.push(...b));
    const [good, bad] = c.health().targets;
    expect(good).toMatchObject({
      lastSuccessAt: '2026-12-07T10:00:00.000Z',
      delivered: 2,
      lastError: null,
      failing: false,
    });
    expect(bad).toMatchObject({
      lastSuccessAt: null,
      delivered: 0,
      failing: true,
      lastError: { code: 'VAKT_CONNECTOR_FAILED', at: '2026-12-07T10:00:00.000Z' },
    });
    expect(bad!.lastError!.message).toContain('answered 500');
    // 3. The feed recovers: after its backoff, the next poll clears `failing` and keeps the last error for the record.
    state.badStatus = 200;
    t += 60 * 60_000;
    await c.pollOnce(async (b) => void got.push(...b));
    expect(c.health().targets[1]).toMatchObject({
      lastSuccessAt: '2026-12-07T11:00:00.000Z',
      delivered: 2,
      failing: false,
      lastError: { code: 'VAKT_CONNECTOR_FAILED' },
    });
    expect(got).toHaveLength(4);
  });

  it('an unreachable feed names the network cause, not just "fetch failed"', async () => {
    const { base } = await feeds();
    await closers.pop()!(); // nothing listens there any more
    const c = createRssConnector({ feeds: [`${base}/rss`], cursorStore: new MemoryCursorStore() });
    await c.pollOnce(async () => undefined);
    expect(c.health().targets[0]!.lastError!.message).toMatch(/ECONNREFUSED/);
  });

  it("a failing private feed's error does not carry its token", async () => {
    const { base } = await feeds();
    const c = createRssConnector({ feeds: [`${base}/bad?token=hemlig`], cursorStore: new MemoryCursorStore() });
    await c.pollOnce(async () => undefined);
    const [t] = c.health().targets;
    expect(t!.lastError!.message).toBe(`feed ${base}/bad?token=… answered 404`);
    expect(JSON.stringify(c.health())).not.toContain('hemlig');
  });

  it('shows URLs without credentials', () => {
    expect(displayUrl('https://user:pw@feeds.example.se/p.rss?token=abc&lang=sv')).toBe(
      'https://feeds.example.se/p.rss?token=…&lang=sv',
    );
  });
});

describe('start-up description', () => {
  const settings = (env: Record<string, string>): ConnectorSettingValues => {
    const loaded = loadConfig(connectorSettings, { argv: [], env });
    if (!loaded.ok) throw loaded.error;
    return loaded.value.config;
  };
  const cfg = (env: Record<string, string>) => {
    const r = connectorsConfig(
      { cursorFile: '/tmp/c.json', ...settings(env) },
      '/tmp',
      () => 'https://a.example.se/rss Försäkringskassan\n',
    );
    if (!r.ok) throw r.error;
    return r.value;
  };

  it('says what each connector follows, without secrets', () => {
    const lines = describeConnectors(
      cfg({
        VAKT_RSS_FEEDS_FILE: '/etc/feeds.txt',
        VAKT_RSS_INTERVAL_S: '60',
        VAKT_MASTODON_INSTANCES: 'https://mastodon.social',
        VAKT_MASTODON_HASHTAGS: 'fkfail',
        VAKT_MASTODON_TOKENS: '{"mastodon.social":"sekret"}',
        VAKT_REDDIT_CLIENT_ID: 'cid',
        VAKT_REDDIT_CLIENT_SECRET: 'sekret',
        VAKT_REDDIT_USER_AGENT: 'linux:se.vakt:v1 (by /u/vakt)',
        VAKT_REDDIT_SUBREDDITS: 'sweden',
      }),
    );
    expect(lines).toEqual([
      'mastodon: mastodon.social (#fkfail)',
      'rss: 1 feed every 60 s: https://a.example.se/rss → Försäkringskassan',
      'reddit: comments in r/sweden every 60 s',
    ]);
    expect(lines.join('\n')).not.toContain('sekret');
  });

  it('warns about each setting that is present but does nothing, naming what to add', () => {
    const env = {
      VAKT_REDDIT_QUERIES: 'Försäkringskassan',
      VAKT_RSS_INTERVAL_S: '60',
      VAKT_MASTODON_HASHTAGS: 'fkfail',
      VAKT_JETSTREAM_REWIND_S: '10',
    };
    expect(incompleteConnectorSettings(settings(env), cfg(env))).toEqual([
      'VAKT_JETSTREAM_REWIND_S is set but the Bluesky connector is off: set VAKT_JETSTREAM_ENABLED=true',
      'VAKT_MASTODON_HASHTAGS is set but the Mastodon connector is off: set VAKT_MASTODON_INSTANCES',
      'VAKT_RSS_INTERVAL_S is set but the RSS connector is off: set VAKT_RSS_FEEDS or VAKT_RSS_FEEDS_FILE',
      'VAKT_REDDIT_QUERIES is set but the Reddit connector is off: set VAKT_REDDIT_CLIENT_ID',
    ]);
    const masto = { VAKT_MASTODON_INSTANCES: 'https://mastodon.nu' };
    expect(incompleteConnectorSettings(settings(masto), cfg(masto))).toEqual([
      expect.stringContaining('no token for mastodon.nu'),
    ]);
    expect(incompleteConnectorSettings(settings({}), cfg({}))).toEqual([]);
  });
});
