import { afterEach, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { alert, buildApp, login, mention, type Fixture } from './helpers.js';
import type { LiveBatch } from '../src/live.js';

const apps: Fixture[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const f of apps.splice(0)) await f.app.stop(1000);
});

async function started(opts = {}): Promise<{ f: Fixture; url: string }> {
  const f = await buildApp({ ...opts, listen: { port: 0, host: '127.0.0.1' } });
  apps.push(f);
  await f.app.start();
  const url = f.app.url();
  return { f, url };
}

function client(url: string, opts: { token?: string; cookie?: string; origin?: string } = {}): Socket {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  const s = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    auth: opts.token ? { token: opts.token } : {},
    extraHeaders: headers,
  });
  sockets.push(s);
  return s;
}

const connected = (s: Socket) =>
  new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
const subscribe = (s: Socket, watch: string) =>
  s.emitWithAck('subscribe', { watch }) as Promise<{ ok: boolean; error?: string }>;

/** Collects batches until `done` says so. */
function collect(s: Socket, done: (all: LiveBatch[]) => boolean): Promise<LiveBatch[]> {
  const all: LiveBatch[] = [];
  return new Promise((resolve) => {
    s.on('batch', (b: LiveBatch) => {
      all.push(b);
      if (done(all)) resolve(all);
    });
  });
}

describe('socket.io live push', () => {
  it('refuses a handshake without credentials or with a forged token', async () => {
    const { url } = await started();
    await expect(connected(client(url))).rejects.toThrow('unauthorized');
    await expect(connected(client(url, { token: 'vakt_forged_token_0123456789' }))).rejects.toThrow('unauthorized');
  });

  it('accepts a session cookie from our origin only (no cross-site websocket hijacking)', async () => {
    const { f, url } = await started();
    const s = await login(f.app, 'viewer');
    await expect(connected(client(url, { cookie: s.cookie, origin: 'https://evil.example' }))).rejects.toThrow(
      'forbidden origin',
    );
    await connected(client(url, { cookie: s.cookie, origin: 'http://127.0.0.1:3000' }));
  });

  it('closes a cookie-authenticated socket when its session expires', async () => {
    const { f, url } = await started({ sessionTtlMs: 300 });
    const s = await login(f.app, 'viewer');
    const sock = client(url, { cookie: s.cookie, origin: 'http://127.0.0.1:3000' });
    const closed = new Promise<string>((r) => sock.once('disconnect', r));
    await connected(sock);
    expect(await closed).toBe('io server disconnect');
  });

  it('batches a burst per room: exact counts, capped mentions, nothing from other watches', async () => {
    const { f, url } = await started({ maxMentionsPerBatch: 50, batchIntervalMs: 60_000 });
    const s = client(url, { token: f.tokens.viewer });
    await connected(s);
    expect(await subscribe(s, 'kassan')).toEqual({ ok: true });
    expect((await subscribe(s, '<script>')).ok).toBe(false);
    const got = collect(s, () => true);
    let newestId = '';
    for (let i = 0; i < 120; i++) {
      const m = mention({ sentiment: { ...mention().sentiment, label: i % 3 === 0 ? 'positive' : 'negative' } });
      newestId = m.id;
      f.feed.pushMention(m);
    }
    for (let i = 0; i < 7; i++) f.feed.pushMention(mention({}, 'other'));
    f.feed.pushAlert(alert());
    f.app.hub.flush(); // the interval is a minute here: flush by hand so the test does not depend on timing
    const [batch] = await got;
    expect(batch!.watch).toBe('kassan');
    expect(batch!.mentions).toHaveLength(50);
    expect(batch!.mentions[49]!.id).toBe(newestId); // the newest are kept, the oldest counted as dropped
    expect(batch!.dropped).toBe(70);
    expect(batch!.counts).toEqual({ negative: 80, neutral: 0, positive: 40 });
    expect(batch!.alerts.map((a) => a.fingerprint)).toEqual(['fp1']);
    expect(batch!.mentions.every((m) => m.matches[0]!.watch === 'kassan')).toBe(true);
  });

  it('the "*" room receives every watch; switching rooms leaves the old one', async () => {
    const { f, url } = await started({ batchIntervalMs: 60_000 });
    const s = client(url, { token: f.tokens.viewer });
    await connected(s);
    await subscribe(s, 'other');
    await subscribe(s, '*');
    const got = collect(s, () => true);
    f.feed.pushMention(mention({}, 'kassan'));
    f.feed.pushMention(mention({}, 'other'));
    f.app.hub.flush();
    const [batch] = await got;
    expect(batch!.watch).toBe('*');
    expect(batch!.counts.negative).toBe(2);
  });

  it('pushes operator actions to every client', async () => {
    const { f, url } = await started();
    f.alerts.record(alert());
    const s = client(url, { token: f.tokens.viewer });
    await connected(s);
    const state = new Promise<{ acknowledgedBy?: string }>((r) => s.once('alertState', r));
    const res = await f.app.fastify.inject({
      method: 'POST',
      url: '/api/alerts/fp1/ack',
      headers: { authorization: `Bearer ${f.tokens.editor}` },
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    expect((await state).acknowledgedBy).toBe('token:editor');
  });
});

describe('more than one dashboard process', () => {
  // The chosen design: every process consumes the bus with its own consumer group (so each sees every event) and
  // pushes to its own sockets. Here two apps each get their own feed, and a fan-out stands in for the bus delivering
  // every record to both groups. A client on either process must see every mention, with no adapter between them.
  it('clients on different processes both receive every mention', async () => {
    const a = await started({ batchIntervalMs: 20 });
    const b = await started({ batchIntervalMs: 20 });
    const bus = (m: ReturnType<typeof mention>) => {
      a.f.feed.pushMention(m);
      b.f.feed.pushMention(m);
    };
    const sa = client(a.url, { token: a.f.tokens.viewer });
    const sb = client(b.url, { token: b.f.tokens.viewer });
    await Promise.all([connected(sa), connected(sb)]);
    await Promise.all([subscribe(sa, 'kassan'), subscribe(sb, 'kassan')]);
    const count = (all: LiveBatch[]) => all.reduce((n, x) => n + x.mentions.length, 0);
    const gotA = collect(sa, (all) => count(all) >= 10);
    const gotB = collect(sb, (all) => count(all) >= 10);
    const sent = Array.from({ length: 10 }, () => mention());
    for (const m of sent) bus(m);
    const ids = (all: LiveBatch[]) => all.flatMap((x) => x.mentions.map((m) => m.id));
    expect(ids(await gotA)).toEqual(sent.map((m) => m.id));
    expect(ids(await gotB)).toEqual(sent.map((m) => m.id));
  });

  it('an operator action on one process reaches clients of another through the feed', async () => {
    const a = await started();
    const b = await started();
    a.f.alerts.record(alert());
    // Stand-in for the alerter publishing state changes on the bus, which every process consumes.
    const sb = client(b.url, { token: b.f.tokens.viewer });
    await connected(sb);
    const seen = new Promise<{ acknowledgedBy?: string }>((r) => sb.once('alertState', r));
    const res = await a.f.app.fastify.inject({
      method: 'POST',
      url: '/api/alerts/fp1/ack',
      headers: { authorization: `Bearer ${a.f.tokens.editor}` },
      payload: {},
    });
    b.f.feed.pushAlertState(res.json().state);
    expect((await seen).acknowledgedBy).toBe('token:editor');
  });
});
