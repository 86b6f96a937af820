import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { MentionInput } from '@vakt/schema/mention';
import { createRedditConnector } from '../src/reddit.js';
import { MemoryCursorStore } from '../src/cursor-store.js';

const SEARCH = JSON.parse(readFileSync(new URL('../src/fixtures/reddit-search.json', import.meta.url), 'utf8'));
const COMMENTS = JSON.parse(readFileSync(new URL('../src/fixtures/reddit-comments.json', import.meta.url), 'utf8'));

/**
 * A local Reddit: client-credentials token endpoint (Basic auth), bearer-protected listings, and the
 * X-Ratelimit-Used/Remaining/Reset headers on every API answer. Knobs: `remaining`/`reset` for the headers,
 * `expireNext` (next API call answers 401), `cutNext` (next listing body is cut mid-stream), `extra` (new posts
 * on top of the search listing).
 */
async function startServer() {
  const state = { remaining: 99, reset: 420, expireNext: false, cutNext: false, extra: [] as unknown[], tokens: 0 };
  const log: Array<{ method: string; path: string; headers: IncomingHttpHeaders; body: string; at: number }> = [];
  const sockets = new Set<Socket>();
  let clock = () => 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      log.push({ method: req.method!, path: req.url!, headers: req.headers, body, at: clock() });
      if (req.url === '/api/v1/access_token') {
        const ok =
          req.method === 'POST' &&
          req.headers.authorization === `Basic ${Buffer.from('cid:csecret').toString('base64')}` &&
          body === 'grant_type=client_credentials';
        if (!ok) return void res.writeHead(401).end('{"message":"Unauthorized","error":401}');
        state.tokens++;
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            access_token: `tok-${state.tokens}`,
            token_type: 'bearer',
            expires_in: 86400,
            scope: '*',
          }),
        );
      }
      const headers = {
        'content-type': 'application/json; charset=UTF-8',
        'x-ratelimit-used': String(100 - state.remaining),
        'x-ratelimit-remaining': state.remaining.toFixed(1),
        'x-ratelimit-reset': String(state.reset),
      };
      if (req.headers.authorization !== `Bearer tok-${state.tokens}` || state.expireNext) {
        state.expireNext = false;
        return void res.writeHead(401, headers).end('{"message": "Unauthorized", "error": 401}');
      }
      const u = new URL(req.url!, 'http://x');
      let payload: unknown;
      if (u.pathname === '/search')
        payload = { ...SEARCH, data: { ...SEARCH.data, children: [...state.extra, ...SEARCH.data.children] } };
      else if (u.pathname === '/r/sweden+svenskpolitik/comments') payload = COMMENTS;
      else return void res.writeHead(404, headers).end();
      const text = JSON.stringify(payload);
      res.writeHead(200, headers);
      if (state.cutNext) {
        state.cutNext = false;
        res.write(text.slice(0, 200));
        return void setTimeout(() => res.socket?.destroy(), 10);
      }
      res.end(text);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    state,
    log,
    setClock: (c: () => number) => (clock = c),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(store = new MemoryCursorStore()) {
  const srv = await startServer();
  cleanups.push(srv.close);
  // Virtual time: waits (rate limits, backoff) advance it instantly and are recorded.
  let t = Date.parse('2024-11-23T10:30:00Z');
  const waits: number[] = [];
  srv.setClock(() => t);
  const got: MentionInput[] = [];
  const make = () =>
    createRedditConnector({
      clientId: 'cid',
      clientSecret: 'csecret',
      userAgent: 'linux:se.vakt.test:v0.1.0 (by /u/vakt)',
      authUrl: srv.base,
      apiUrl: srv.base,
      queries: ['Försäkringskassan OR FK'],
      commentSubreddits: ['sweden', 'svenskpolitik'],
      cursorStore: store,
      now: () => t,
      wait: async (ms) => {
        waits.push(ms);
        t += ms;
      },
    });
  return {
    srv,
    got,
    store,
    make,
    waits,
    sink: async (b: MentionInput[]) => void got.push(...b),
    advance: (ms: number) => (t += ms),
  };
}

describe('Reddit connector', () => {
  it('authenticates with client credentials, emits posts and comments oldest first, normalised', async () => {
    const { srv, got, make, sink } = await setup();
    const c = make();
    await c.pollOnce(sink);
    expect(srv.log[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/access_token',
      body: 'grant_type=client_credentials',
    });
    expect(srv.log[1]!.path).toBe(
      '/search?q=F%C3%B6rs%C3%A4kringskassan%20OR%20FK&sort=new&type=link&limit=100&raw_json=1',
    );
    expect(srv.log[1]!.headers['user-agent']).toBe('linux:se.vakt.test:v0.1.0 (by /u/vakt)');
    expect(got.map((m) => m.id)).toEqual(['t3_1gxk40c', 't3_1gxk5b1', 't3_1gxk7zq', 't3_1gxk9a5', 't1_lz9q2ab']);
    expect(got[3]).toEqual({
      id: 't3_1gxk9a5',
      source: 'reddit',
      text: 'Försäkringskassan tog 4 månader på sig\nMin ansökan om bostadstillägg låg orörd i fyra månader. Någon annan?',
      created_at: '2024-11-23T10:05:00.000Z',
      url: 'https://www.reddit.com/r/sweden/comments/1gxk9a5/försäkringskassan_tog_4_månader_på_sig/',
      author: { handle: 'svensson_84', id: 't2_5a9kxg1' },
      engagement: { likes: 57, replies: 41 },
    });
    expect(c.metrics().dropped).toMatchObject({ deleted: 2 });
    expect(JSON.stringify(c.metrics())).not.toContain('csecret');
    expect(c.health().targets.map((t) => [t.target, t.delivered, t.failing])).toEqual([
      ['search: Försäkringskassan OR FK', 4, false],
      ['r/sweden+svenskpolitik comments', 1, false],
    ]);
  });

  it('delivers only new posts on the next poll and after a restart; a cut body delivers nothing and is retried', async () => {
    const { srv, got, store, make, sink, advance } = await setup();
    const c = make();
    await c.pollOnce(sink);
    expect(got).toHaveLength(5);
    const fresh = structuredClone(SEARCH.data.children[0]);
    Object.assign(fresh.data, {
      id: '1gxkb01',
      name: 't3_1gxkb01',
      title: 'Försäkringskassan svarar äntligen',
      selftext: '',
      created_utc: 1732356900,
    });
    srv.state.extra = [fresh];
    srv.state.cutNext = true;
    await c.pollOnce(sink);
    expect(got).toHaveLength(5);
    expect(c.metrics().lastErrorCode).toBe('VAKT_CONNECTOR_FAILED');
    expect(c.health().targets[0]).toMatchObject({ failing: true, lastError: { code: 'VAKT_CONNECTOR_FAILED' } });
    advance(60 * 60_000); // past the stream's backoff
    await c.pollOnce(sink);
    expect(got.slice(5).map((m) => m.id)).toEqual(['t3_1gxkb01']);
    const again = make(); // restart over the same cursor store
    await again.pollOnce(sink);
    expect(got).toHaveLength(6);
    expect(await store.get('reddit:search:Försäkringskassan OR FK')).toBeDefined();
  });

  it('obeys X-Ratelimit-Remaining/Reset: waits for the reset before the next request', async () => {
    const { srv, make, sink, waits } = await setup();
    srv.state.remaining = 0;
    srv.state.reset = 37;
    const c = make();
    await c.pollOnce(sink);
    // 1. token, 2. search (answers remaining=0, reset=37 s), 3. comments only after waiting 37 s
    const [, search, comments] = srv.log;
    expect(comments!.at - search!.at).toBeGreaterThanOrEqual(37_000);
    expect(waits).toContain(37_000);
    expect(c.client.lastRateLimit).toEqual({ used: 100, remaining: 0, resetS: 37 });
  });

  it('renews an expired token once and carries on; never more than 100 requests a minute', async () => {
    const { srv, got, make, sink, waits } = await setup();
    const c = make();
    srv.state.expireNext = true;
    await c.pollOnce(sink);
    expect(srv.state.tokens).toBe(2);
    expect(got).toHaveLength(5);
    // A burst of polls: the bucket spaces them so any 60 s window holds at most 100 API requests.
    for (let i = 0; i < 80; i++) await c.pollOnce(sink);
    const times = srv.log.map((l) => l.at);
    for (let i = 0; i + 100 < times.length; i++) expect(times[i + 100]! - times[i]!).toBeGreaterThanOrEqual(60_000);
    expect(waits.length).toBeGreaterThan(0);
  });
});
