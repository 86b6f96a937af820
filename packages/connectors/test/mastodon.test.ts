import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { MentionInput } from '@vakt/schema/mention';
import { createMastodonConnector } from '../src/mastodon.js';
import { MemoryCursorStore } from '../src/cursor-store.js';
import { SseParser } from '../src/sse.js';
import { waitFor } from './helpers/wait.js';

const raw = readFileSync(new URL('../src/fixtures/mastodon-sse.txt', import.meta.url), 'utf8');
/** The fixture as SSE blocks (events and heartbeat comments), each sent as written. */
const BLOCKS = raw
  .split(/\n\n/)
  .filter((b) => b !== '')
  .map((b) => `${b}\n\n`);
const statusOf = (block: string): { id: string; reblog: unknown; content: string } | null => {
  const ev = new SseParser().push(block)[0];
  return ev && (ev.event === 'update' || ev.event === 'status.update') ? JSON.parse(ev.data) : null;
};

/**
 * A local Mastodon: SSE on /api/v1/streaming/{public,hashtag}, REST timelines with min_id paging, Bearer auth.
 * `plan[n]` says which blocks connection n streams and whether it is then cut; blocks not streamed by anyone
 * before a connection are "published while you were away" and only reachable through REST.
 */
async function startServer(token: string, plan: Array<{ from: number; to: number; cut: boolean }>) {
  let published = 0;
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  let conn = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(req.url!);
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"The access token is invalid"}');
      return;
    }
    const u = new URL(req.url!, 'http://x');
    if (u.pathname.startsWith('/api/v1/streaming/')) {
      const p = plan[Math.min(conn++, plan.length - 1)]!;
      published = Math.max(published, p.from);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.flushHeaders();
      for (const b of BLOCKS.slice(p.from, p.to)) res.write(b);
      published = Math.max(published, p.to);
      if (p.cut) setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if (u.pathname.startsWith('/api/v1/timelines/')) {
      const min = u.searchParams.get('min_id') ?? '0';
      const limit = Number(u.searchParams.get('limit') ?? 20);
      const newer = BLOCKS.slice(0, published)
        .map(statusOf)
        .filter((s): s is NonNullable<typeof s> => s !== null && BigInt(s.id) > BigInt(min));
      const unique = [...new Map(newer.map((s) => [s.id, s])).values()];
      // Mastodon returns the page adjacent to min_id, newest first.
      const page = unique
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
        .slice(0, limit)
        .reverse();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
      return;
    }
    res.writeHead(404).end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    publish(n: number) {
      published = n;
    },
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

/** What must reach the sink: s1–s3 from the first connection, then s4, s5 (its current, edited version), s6, s7. */
const EXPECTED_TEXT_STARTS = [
  'Försäkringskassan har tappat',
  'Telia\'s invoice this month is 3x the usual & support says "wait".\nAnyone else?',
  'Bra bemötande',
  'Väntetid 94 minuter',
  'FK:s nya app är faktiskt riktigt smidig (uppdaterat',
  'Fakturan från elbolaget',
  'Kundtjänst på Postnord',
];
const starts = (got: MentionInput[]): string[] =>
  got.map((m, i) => m.text.slice(0, (EXPECTED_TEXT_STARTS[i] ?? '').length || 12));

describe('Mastodon connector', () => {
  it('streams SSE, fills the gap of a mid-stream disconnect from REST, without gaps or duplicates', async () => {
    // 1. first connection streams blocks 0..4 (:), s1, s2, :thump, s3) and is cut;
    // 2. blocks 5..7 (delete, boost, s4) are published while disconnected;
    // 3. the second connection streams from block 8 on.
    const srv = await startServer('tok-1', [
      { from: 0, to: 5, cut: true },
      { from: 8, to: BLOCKS.length, cut: false },
    ]);
    cleanups.push(srv.close);
    const got: MentionInput[] = [];
    const c = createMastodonConnector({
      instances: [{ url: srv.url, token: 'tok-1' }],
      cursorStore: new MemoryCursorStore(),
      flushMs: 5,
      backoff: { initialMs: 5, maxMs: 20 },
    });
    cleanups.push(() => c.stop());
    await c.start(async (b) => void got.push(...b));
    await waitFor(() => got.length >= EXPECTED_TEXT_STARTS.length, 'all statuses');
    await new Promise((r) => setTimeout(r, 30));

    expect(starts(got)).toEqual(EXPECTED_TEXT_STARTS);
    // the gap was filled from REST starting at the last durable id
    expect(srv.seen.filter((u) => u.startsWith('/api/v1/timelines/public?min_id=113530183275070003'))).toHaveLength(1);
    const m = c.metrics();
    expect(m.reconnects).toBe(1);
    // REST already returned what the paused stream then repeats: dropped, including the pre-edit original
    expect(m.dropped).toMatchObject({ repost: 1, stale_version: 1 });
    expect(m.dropped['duplicate']).toBeGreaterThanOrEqual(3);
    expect(m.emitted).toBe(EXPECTED_TEXT_STARTS.length);
    // normalisation: ActivityPub uri as id, full acct, reach and engagement
    expect(got[0]).toMatchObject({
      id: 'https://mastodon.example/users/anna/statuses/113530183275070001',
      source: 'mastodon',
      created_at: '2024-11-23T10:01:01.000Z',
      url: 'https://mastodon.example/@anna/113530183275070001',
      lang: 'sv',
      author: {
        handle: `anna@${new URL(srv.url).host}`,
        name: 'Anna',
        followers: 340,
        id: 'https://mastodon.example/@anna',
      },
      engagement: { reposts: 4, likes: 11, replies: 2 },
    });
    expect(got[0]!.text).toContain('#fkfail');
    expect(got[0]!.text).not.toContain('<');
  });

  it('after a restart delivers only what was published since the stored cursor', async () => {
    const store = new MemoryCursorStore();
    const srv = await startServer('tok', [
      { from: 0, to: 9, cut: false },
      { from: BLOCKS.length, to: BLOCKS.length, cut: false },
    ]);
    cleanups.push(srv.close);
    const first: MentionInput[] = [];
    const c1 = createMastodonConnector({ instances: [{ url: srv.url, token: 'tok' }], cursorStore: store, flushMs: 5 });
    await c1.start(async (b) => void first.push(...b));
    await waitFor(() => first.length === 5, 'first run', 2000);
    await waitFor(
      async () =>
        (await store.get<{ lastId: string }>(`mastodon:${new URL(srv.url).host}:public`))?.lastId ===
        '113530183275070006',
      'cursor',
      2000,
    );
    await c1.stop();
    srv.publish(BLOCKS.length); // the rest is published while Vakt is down
    const second: MentionInput[] = [];
    const c2 = createMastodonConnector({ instances: [{ url: srv.url, token: 'tok' }], cursorStore: store, flushMs: 5 });
    cleanups.push(() => c2.stop());
    await c2.start(async (b) => void second.push(...b));
    await waitFor(() => second.length >= 2, 'backfill after restart');
    await new Promise((r) => setTimeout(r, 30));
    // The edit of s5 (same id as the durable cursor) is an edit, not a newer id: REST cannot return it; the
    // two newer statuses arrive exactly once.
    expect(second.map((m) => m.text.slice(0, 12))).toEqual(['Fakturan frå', 'Kundtjänst p']);
  });

  it('several instances and hashtag streams; a rejected token is counted, never logged, and retried', async () => {
    const a = await startServer('good', [{ from: 0, to: 3, cut: false }]);
    const b = await startServer('other', [{ from: 0, to: 3, cut: false }]);
    cleanups.push(a.close, b.close);
    const got: MentionInput[] = [];
    const c = createMastodonConnector({
      instances: [
        { url: a.url, token: 'good', hashtags: ['fkfail'] },
        { url: b.url, token: 'wrong-secret' },
      ],
      cursorStore: new MemoryCursorStore(),
      flushMs: 5,
      backoff: { initialMs: 5, maxMs: 10 },
    });
    cleanups.push(() => c.stop());
    await c.start(async (x) => void got.push(...x));
    await waitFor(() => got.length === 2, 'hashtag stream');
    await waitFor(() => c.metrics().reconnects >= 2, 'retries on 401');
    expect(a.seen[0]).toBe('/api/v1/streaming/hashtag?tag=fkfail');
    expect(c.metrics().lastErrorCode).toBe('VAKT_UNAUTHORIZED');
    expect(JSON.stringify(c.metrics())).not.toContain('wrong-secret');
    // Health per stream: the hashtag stream delivered both, the instance with the wrong token is failing.
    const [tag, pub] = c.health().targets;
    expect(tag).toMatchObject({ target: `${new URL(a.url).host} #fkfail`, delivered: 2, failing: false });
    expect(pub).toMatchObject({
      target: `${new URL(b.url).host} public`,
      delivered: 0,
      failing: true,
      lastError: { code: 'VAKT_UNAUTHORIZED' },
    });
    expect(JSON.stringify(c.health())).not.toContain('wrong-secret');
  });
});

describe('SseParser', () => {
  it('reassembles events split at any byte, with CRLF and multi-line data', () => {
    const text = ':hi\r\nevent: update\r\ndata: {"a":\r\ndata: 1}\r\n\r\nevent: delete\ndata: 42\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const p = new SseParser();
      const evs = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(evs).toEqual([
        { event: 'update', data: '{"a":\n1}' },
        { event: 'delete', data: '42' },
      ]);
    }
  });
});
