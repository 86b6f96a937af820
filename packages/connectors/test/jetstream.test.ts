import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MentionInput } from '@vakt/schema/mention';
import { createJetstreamConnector } from '../src/jetstream.js';
import { FileCursorStore, MemoryCursorStore } from '../src/cursor-store.js';
import type { Connector } from '../src/connector.js';
import { deferred, waitFor } from './helpers/wait.js';

const fixture = readFileSync(new URL('../src/fixtures/jetstream-v1.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n');
const timeOf = (line: string): number => (JSON.parse(line) as { time_us: number }).time_us;

/** Texts of the posts in the fixture that must reach the sink, in order (creates and the one edit). */
const EXPECTED = fixture
  .map((l) => JSON.parse(l) as { kind: string; commit?: { operation: string; record?: { text?: string } } })
  .filter((e) => e.kind === 'commit' && e.commit!.operation !== 'delete' && e.commit!.record?.text)
  .map((e) => e.commit!.record!.text!);

/**
 * A local Jetstream: replays the fixture from `cursor` (inclusive, like the real service) and can cut the
 * connection after N events to simulate a drop mid-stream.
 */
async function startServer(opts: { cutAfter?: number[] } = {}) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const lines = [...fixture];
  const connects: Array<{ cursor: number | null; collections: string | null }> = [];
  const sockets = new Set<WebSocket>();
  wss.on('connection', (ws, req) => {
    sockets.add(ws);
    const u = new URL(req.url!, 'http://x');
    const cursor = u.searchParams.has('cursor') ? Number(u.searchParams.get('cursor')) : null;
    connects.push({ cursor, collections: u.searchParams.get('wantedCollections') });
    const cut = opts.cutAfter?.[connects.length - 1];
    const todo = lines.filter((l) => cursor === null || timeOf(l) >= cursor);
    let sent = 0;
    for (const l of todo) {
      if (cut !== undefined && sent === cut) {
        ws.terminate();
        return;
      }
      ws.send(l);
      sent++;
    }
  });
  const port = (wss.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}/subscribe`,
    connects,
    /** Appends an event and pushes it to connected clients (live tail). */
    push(line: string) {
      lines.push(line);
      for (const s of sockets) if (s.readyState === s.OPEN) s.send(line);
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.terminate();
        wss.close(() => r());
      }),
  };
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function collect() {
  const got: MentionInput[] = [];
  return { got, sink: async (b: MentionInput[]) => void got.push(...b) };
}

function start(c: Connector, sink: (b: MentionInput[]) => Promise<void>) {
  cleanups.push(() => c.stop());
  return c.start(sink);
}

describe('Jetstream connector', () => {
  it('normalises posts, resumes after a mid-stream disconnect without gaps or duplicates', async () => {
    const srv = await startServer({ cutAfter: [4] });
    cleanups.push(srv.close);
    const store = new MemoryCursorStore();
    const c = createJetstreamConnector({
      url: srv.url,
      cursorStore: store,
      batchSize: 2,
      flushMs: 5,
      backoff: { initialMs: 5, maxMs: 20 },
    });
    const { got, sink } = collect();
    await start(c, sink);
    await waitFor(() => got.length >= EXPECTED.length, 'all posts');
    await waitFor(
      async () => (await store.get<{ timeUs: number }>('bluesky'))?.timeUs === timeOf(fixture.at(-1)!),
      'final cursor',
    );

    // 1. every post exactly once, in source order, the edit as a second version of the same id
    expect(got.map((m) => m.text)).toEqual(EXPECTED);
    // 2. the reconnect asked for the durable cursor rewound by 5 s, and the replay was deduplicated
    expect(srv.connects).toHaveLength(2);
    expect(srv.connects[0]!.cursor).toBeNull();
    expect(srv.connects[0]!.collections).toBe('app.bsky.feed.post');
    expect(srv.connects[1]!.cursor).toBeLessThanOrEqual(timeOf(fixture[3]!) - 5_000_000);
    const m = c.metrics();
    expect(m.reconnects).toBe(1);
    expect(m.dropped['duplicate']).toBeGreaterThan(0);
    expect(c.health().targets).toEqual([
      expect.objectContaining({ target: srv.url, delivered: EXPECTED.length, failing: false }),
    ]);
    // drops are counted per read, so the replay counts them again
    expect(m.dropped['deleted']).toBeGreaterThanOrEqual(1);
    expect(m.dropped['not_a_post']).toBeGreaterThanOrEqual(2);
    expect(m.dropped['empty_text']).toBeGreaterThanOrEqual(1);
    expect(m.emitted).toBe(EXPECTED.length);
    // 3. normalisation: stable AT-URI id, web URL, DID as author, language hint
    expect(got[0]).toEqual({
      id: 'at://did:plc:eygmaihciaxprqvxpfvl6flk/app.bsky.feed.post/3lbkrqzjq7c2a',
      source: 'bluesky',
      text: EXPECTED[0],
      created_at: '2024-11-23T10:00:00.052Z',
      url: 'https://bsky.app/profile/did:plc:eygmaihciaxprqvxpfvl6flk/post/3lbkrqzjq7c2a',
      lang: 'sv',
      author: { id: 'did:plc:eygmaihciaxprqvxpfvl6flk' },
    });
    expect(got.filter((x) => x.id.endsWith('/3lbkrr2mz4k2c'))).toHaveLength(2);
  });

  it('after a restart resumes from the file cursor: replayed events are dropped, new ones delivered once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vakt-js-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const srv = await startServer();
    cleanups.push(srv.close);
    const first = collect();
    const c1 = createJetstreamConnector({
      url: srv.url,
      cursorStore: new FileCursorStore(join(dir, 'cursors.json')),
      flushMs: 5,
    });
    await c1.start(first.sink);
    await waitFor(() => first.got.length === EXPECTED.length, 'first run');
    await c1.stop();

    const second = collect();
    const c2 = createJetstreamConnector({
      url: srv.url,
      cursorStore: new FileCursorStore(join(dir, 'cursors.json')),
      flushMs: 5,
    });
    await start(c2, second.sink);
    await waitFor(() => srv.connects.length === 2, 'second connection');
    const fresh = JSON.parse(fixture[0]!) as {
      time_us: number;
      commit: { rkey: string; rev: string; record: { text: string } };
    };
    fresh.time_us = timeOf(fixture.at(-1)!) + 1_000;
    fresh.commit.rkey = '3lbkzzzzzzz2a';
    fresh.commit.rev = '3lbkzzzzzzz2b';
    fresh.commit.record.text = 'Försäkringskassan igen';
    srv.push(JSON.stringify(fresh));
    await waitFor(() => second.got.length >= 1, 'new post');
    await waitFor(() => c2.metrics().received >= fixture.length + 1, 'replay read');
    expect(second.got.map((m) => m.text)).toEqual(['Försäkringskassan igen']);
    expect(c2.metrics().dropped['duplicate']).toBe(EXPECTED.length);
  });

  it('does not advance the cursor or send more while the sink is pending (backpressure)', async () => {
    const srv = await startServer();
    cleanups.push(srv.close);
    const store = new MemoryCursorStore();
    const gate = deferred();
    const batches: MentionInput[][] = [];
    const c = createJetstreamConnector({ url: srv.url, cursorStore: store, batchSize: 2, flushMs: 5 });
    await start(c, async (b) => {
      batches.push(b);
      await gate.promise;
    });
    await waitFor(() => batches.length === 1, 'first batch');
    await new Promise((r) => setTimeout(r, 50)); // give a misbehaving connector the chance to send more
    expect(batches).toHaveLength(1);
    expect(await store.get('bluesky')).toBeUndefined();
    gate.resolve();
    await waitFor(() => batches.flat().length === EXPECTED.length, 'all batches');
    expect(batches.every((b) => b.length <= 2)).toBe(true);
  });

  it('a failing sink keeps the cursor and the batch is re-read after reconnecting', async () => {
    const srv = await startServer();
    cleanups.push(srv.close);
    let calls = 0;
    const { got, sink } = collect();
    const c = createJetstreamConnector({
      url: srv.url,
      cursorStore: new MemoryCursorStore(),
      batchSize: 3,
      flushMs: 5,
      backoff: { initialMs: 5 },
    });
    await start(c, async (b) => {
      if (calls++ === 1) throw new Error('kafka down');
      await sink(b);
    });
    await waitFor(() => got.length >= EXPECTED.length, 'all posts after the failure');
    expect(got.map((m) => m.text)).toEqual(EXPECTED);
    expect(c.metrics().lastErrorCode).toBe('VAKT_CONNECTOR_FAILED');
  });
  it('under a backlog the socket stays paused: memory is bounded by the socket buffers, not the backlog', async () => {
    const srv = await startServer();
    cleanups.push(srv.close);
    const gate = deferred();
    let delivered = 0;
    const c = createJetstreamConnector({
      url: srv.url,
      cursorStore: new MemoryCursorStore(),
      batchSize: 100,
      flushMs: 5,
    });
    await start(c, async (b) => {
      await gate.promise;
      delivered += b.length;
    });
    await waitFor(() => c.metrics().received >= fixture.length, 'fixture read');
    // 20,000 posts (~9 MB) pushed while the sink is stuck on the first batch
    const base = JSON.parse(fixture[0]!) as { time_us: number; commit: { rkey: string; rev: string } };
    for (let i = 0; i < 20_000; i++) {
      base.time_us = timeOf(fixture.at(-1)!) + 1000 * (i + 1);
      base.commit.rkey = `bulk${i}`;
      base.commit.rev = `rev${i}`;
      srv.push(JSON.stringify(base));
    }
    await new Promise((r) => setTimeout(r, 300));
    const readWhileStuck = c.metrics().received;
    // paused: a handful of messages already in the socket buffer (12 measured); not paused: thousands (~5,000)
    expect(readWhileStuck).toBeLessThan(2_000);
    gate.resolve();
    await waitFor(() => delivered === EXPECTED.length + 20_000, 'backlog drained', 20_000);
    expect(c.metrics().dropped['duplicate'] ?? 0).toBe(0);
  }, 30_000);
  it('keeps retrying with backoff while the server is down, then connects', async () => {
    const { createServer } = await import('node:net');
    // Reserve a port, free it: connections are refused until the server starts there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const { got, sink } = collect();
    const c = createJetstreamConnector({
      url: `ws://127.0.0.1:${port}/subscribe`,
      cursorStore: new MemoryCursorStore(),
      flushMs: 5,
      backoff: { initialMs: 5, maxMs: 20 },
    });
    await start(c, sink);
    await waitFor(() => c.metrics().reconnects >= 3, 'refused connects retried');
    const wss = new WebSocketServer({ host: '127.0.0.1', port });
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const cl of wss.clients) cl.terminate();
          wss.close(() => r());
        }),
    );
    wss.on('connection', (ws) => ws.send(fixture[0]!));
    await waitFor(() => got.length === 1, 'post after the server came up');
    expect(got[0]!.text).toBe(EXPECTED[0]);
  });
});
