import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { MentionInput } from '@vakt/schema/mention';
import { createRssConnector } from '../src/rss.js';
import { MemoryCursorStore } from '../src/cursor-store.js';
import { deferred, waitFor } from './helpers/wait.js';

const RSS = readFileSync(new URL('../src/fixtures/rss2.xml', import.meta.url), 'utf8');
const ATOM = readFileSync(new URL('../src/fixtures/atom.xml', import.meta.url), 'utf8');
const NEW_ITEM = `<item><title>Försäkringskassan öppnar nytt servicekontor</title><link>https://nyheter.example.se/inrikes/fk-kontor-1.19260</link><guid isPermaLink="false">nyheter-example-1.19260</guid><pubDate>Sat, 23 Nov 2024 10:30:00 +0100</pubDate><description>Kontoret i Kiruna öppnar i januari.</description></item>`;

/**
 * Feeds with real validators: `/rss` has an ETag and honours If-None-Match; `/atom` has only Last-Modified and
 * honours If-Modified-Since. `cutNext` makes the next /rss answer stop mid-body (socket destroyed).
 */
async function startServer() {
  const state = { rss: RSS, rssEtag: '"v1"', cutNext: false, ignoreValidators: false, status: 200, retryAfter: '' };
  const atomModified = 'Fri, 22 Nov 2024 18:45:00 GMT';
  const requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push({ path: req.url!, headers: req.headers });
    if (state.status !== 200) {
      res.writeHead(state.status, state.retryAfter ? { 'retry-after': state.retryAfter } : {}).end();
      return;
    }
    if (req.url === '/rss') {
      if (!state.ignoreValidators && req.headers['if-none-match'] === state.rssEtag)
        return void res.writeHead(304, { etag: state.rssEtag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: state.rssEtag });
      if (state.cutNext) {
        state.cutNext = false;
        res.write(state.rss.slice(0, state.rss.length / 2));
        setTimeout(() => res.socket?.destroy(), 10);
        return;
      }
      return void res.end(state.rss);
    }
    if (req.url === '/atom') {
      if (!state.ignoreValidators && req.headers['if-modified-since'] === atomModified)
        return void res.writeHead(304).end();
      return void res
        .writeHead(200, { 'content-type': 'application/atom+xml', 'last-modified': atomModified })
        .end(ATOM);
    }
    res.writeHead(404).end();
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
    requests,
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
  // A clock that moves with real time (the per-host limiter refills) and can be pushed forward (backoffs).
  let t = Date.parse('2024-11-23T12:00:00Z');
  const t0 = Date.now();
  const got: MentionInput[] = [];
  const make = (concurrency = 4) =>
    createRssConnector({
      concurrency,
      feeds: [`${srv.base}/rss`, { url: `${srv.base}/atom`, watch: 'Försäkringskassan' }],
      cursorStore: store,
      perHostPerMinute: 6000,
      now: () => t + (Date.now() - t0),
    });
  return {
    srv,
    got,
    store,
    make,
    sink: async (b: MentionInput[]) => void got.push(...b),
    advance: (ms: number) => (t += ms),
  };
}

describe('RSS/Atom connector', () => {
  it('emits each item once, sends validators, treats 304 as nothing new and picks up a new item', async () => {
    const { srv, got, make, sink } = await setup();
    const c = make();
    await c.pollOnce(sink);
    // 1. all items of both feeds, oldest first per feed, normalised
    expect(got.map((m) => m.text.split('\n')[0])).toEqual([
      'Försäkringskassan: handläggningstiderna för sjukpenning har ökat',
      'Skatteverket varnar för falska sms om återbäring',
      'Telia höjer priserna för fast bredband',
      'Fem saker vi lärde oss av 17 bolags kundtjänst',
      'Varför Försäkringskassans nya app faktiskt fungerar',
    ]);
    expect(got[0]).toMatchObject({
      source: 'rss',
      created_at: '2024-11-23T08:12:00.000Z',
      url: 'https://nyheter.example.se/inrikes/fk-handlaggningstider-1.19234',
      lang: 'sv',
      author: { id: '127.0.0.1:' + new URL(srv.base).port, name: 'Anna Lindqvist' },
    });
    expect(got[0]!.id).toMatch(/^[0-9a-f]{32}$/);
    expect(got[1]!.text).toContain('Skatteverket & lovar "återbäring"');
    expect(got[3]!.watch).toBe('Försäkringskassan');
    // 2. the second poll is conditional and both feeds answer 304
    await c.pollOnce(sink);
    const second = srv.requests.slice(2);
    expect(second.find((r) => r.path === '/rss')!.headers['if-none-match']).toBe('"v1"');
    expect(second.find((r) => r.path === '/atom')!.headers['if-modified-since']).toBe('Fri, 22 Nov 2024 18:45:00 GMT');
    expect(got).toHaveLength(5);
    // 3. the feed changes: only the new item comes
    srv.state.rss = RSS.replace('<item>', `${NEW_ITEM}<item>`);
    srv.state.rssEtag = '"v2"';
    await c.pollOnce(sink);
    expect(got.slice(5).map((m) => m.text.split('\n')[0])).toEqual(['Försäkringskassan öppnar nytt servicekontor']);
  });

  it('a body cut mid-stream emits nothing and keeps the cursor; the next poll delivers; a restart does not duplicate', async () => {
    const { srv, got, store, make, sink, advance } = await setup();
    srv.state.cutNext = true;
    const c = make();
    await c.pollOnce(sink);
    expect(got.map((m) => m.url)).toEqual([
      'https://cxblogg.example.se/2024/11/fem-saker',
      'https://cxblogg.example.se/2024/11/fk-appen',
    ]);
    expect(await store.get(`rss:${srv.base}/rss`)).toBeUndefined();
    expect(c.metrics().lastErrorCode).toBe('VAKT_CONNECTOR_FAILED');
    advance(60 * 60_000); // past the feed's backoff
    await c.pollOnce(sink);
    expect(got).toHaveLength(5);
    // restart: a server that ignores validators re-sends everything; the stored seen-set drops it
    srv.state.ignoreValidators = true;
    const again = make();
    await again.pollOnce(sink);
    expect(got).toHaveLength(5);
    expect(again.metrics().dropped['duplicate']).toBe(5);
  });

  it('stops requesting while the sink is pending, and a failed sink re-delivers next poll', async () => {
    const { srv, got, make } = await setup();
    const gate = deferred();
    let calls = 0;
    const c = make(1);
    const polling = c.pollOnce(async (b) => {
      calls++;
      await gate.promise;
      got.push(...b);
    });
    await waitFor(() => calls === 1, 'first sink call');
    await new Promise((r) => setTimeout(r, 50));
    const before = srv.requests.length;
    expect(calls).toBe(1);
    gate.resolve();
    await polling;
    // one feed read, its sink pending: the second feed was not requested until the sink resolved
    expect(before).toBe(1);
    expect(srv.requests).toHaveLength(2);
    expect(got).toHaveLength(5);

    const { got: got2, make: make2 } = await setup();
    const failing = make2();
    await failing.pollOnce(async () => {
      throw new Error('kafka down');
    });
    expect(failing.metrics().emitted).toBe(0);
    const ok = make2();
    await ok.pollOnce(async (b) => void got2.push(...b));
    expect(got2).toHaveLength(5);
  });

  it('backs off on 429 with Retry-After and counts an HTML error page as unparseable', async () => {
    const { srv, make, sink, advance } = await setup();
    srv.state.status = 429;
    srv.state.retryAfter = '120';
    const c = make();
    await c.pollOnce(sink);
    expect(c.metrics().lastErrorCode).toBe('VAKT_RATE_LIMITED');
    const n = srv.requests.length;
    await c.pollOnce(sink); // still inside Retry-After: no request
    expect(srv.requests.length).toBe(n);
    srv.state.status = 200;
    srv.state.rss = '<html><body>502 Bad Gateway</body></html>';
    advance(10 * 60_000);
    await c.pollOnce(sink);
    expect(c.metrics().dropped['unparseable_feed']).toBe(1);
    // a body over the size limit is not read to the end
    srv.state.rss = RSS.replace('</channel>', `<!-- ${'x'.repeat(200_000)} --></channel>`);
    srv.state.rssEtag = '"big"';
    advance(60 * 60_000);
    const small = createRssConnector({
      feeds: [`${srv.base}/rss`],
      cursorStore: new MemoryCursorStore(),
      maxBytes: 100_000,
    });
    await small.pollOnce(sink);
    expect(small.metrics().dropped['feed_too_large']).toBe(1);
    expect(small.metrics().lastErrorCode).toBe('VAKT_PAYLOAD_TOO_LARGE');
  });
});
