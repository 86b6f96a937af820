import WebSocket from 'ws';
import { toVaktError, VaktError } from '@vakt/errors/vakt-error';
import { Backoff, type BackoffOptions } from '@vakt/retry/backoff';
import { sleep } from '@vakt/retry/sleep';
import { Batcher } from './batcher.js';
import { countDrop, emptyMetrics, type Connector, type ConnectorMetrics, type MentionSink } from './connector.js';
import type { CursorStore } from './cursor-store.js';
import { parseJetstreamEvent } from './jetstream-parse.js';
import { RecentIds } from './normalise.js';
import { displayUrl, HealthBook } from './health.js';

/** Public Bluesky instance; cursors are time-based so any instance can resume another's cursor. */
export const DEFAULT_JETSTREAM_URL = 'wss://jetstream2.us-east.bsky.network/subscribe';

export interface JetstreamOptions {
  /** `/subscribe` endpoint; `wantedCollections` and `cursor` are added. */
  readonly url?: string;
  readonly cursorStore: CursorStore;
  /** Connector name, cursor key and mention `source`. */
  readonly name?: string;
  /** How far to rewind the cursor on (re)connect, for gapless playback across instances (Jetstream README). */
  readonly rewindMs?: number;
  readonly batchSize?: number;
  readonly flushMs?: number;
  /** No message for this long means a dead connection (Jetstream sends posts many times a second). */
  readonly idleTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
}

/** What is persisted: the newest durable event time and the ids inside the rewind window, to drop replays. */
interface JetstreamCursor {
  timeUs: number;
  recent: string[];
}

const RECENT_MAX = 20_000;

/**
 * Bluesky Jetstream: websocket JSON firehose, no auth, no server-side keyword filter (every post is matched
 * locally by ingest). Resume: `cursor` = last durable `time_us` minus `rewindMs`; replayed events are dropped by
 * id. At-least-once into the sink, exactly-once in practice across reconnects and restarts.
 */
export function createJetstreamConnector(o: JetstreamOptions): Connector {
  const name = o.name ?? 'bluesky';
  const rewindUs = (o.rewindMs ?? 5_000) * 1000;
  const metrics = emptyMetrics();
  const backoff = new Backoff({ initialMs: 500, maxMs: 60_000, ...o.backoff });
  const stopper = new AbortController();
  let ws: WebSocket | null = null;
  let loop: Promise<void> | null = null;
  let durable: JetstreamCursor = { timeUs: 0, recent: [] };
  let seen = new RecentIds(RECENT_MAX);
  // Times of ids in `seen`, to persist only those inside the rewind window.
  const seenAt = new Map<string, number>();
  const target = displayUrl(o.url ?? DEFAULT_JETSTREAM_URL);
  const health = new HealthBook(name, [target]);

  const subscribeUrl = (): string => {
    const u = new URL(o.url ?? DEFAULT_JETSTREAM_URL);
    u.searchParams.set('wantedCollections', 'app.bsky.feed.post');
    if (durable.timeUs > 0) u.searchParams.set('cursor', String(Math.max(0, durable.timeUs - rewindUs)));
    else u.searchParams.delete('cursor');
    return u.toString();
  };

  // Ids read on this connection but not yet durable: they join `seen` only once committed, so after a sink
  // failure the re-read delivers them again instead of dropping them as duplicates.
  let pending: Array<[key: string, mark: number, timeUs: number]> = [];
  const pendingKeys = new Set<string>();
  const commit = async (timeUs: number): Promise<void> => {
    let delivered = 0;
    while (pending.length > 0 && pending[0]![1] <= timeUs) {
      delivered++;
      const [key, , t] = pending.shift()!;
      pendingKeys.delete(key);
      seen.add(key);
      seenAt.set(key, t);
    }
    const floor = timeUs - rewindUs;
    const recent = [...seenAt]
      .filter(([, t]) => t >= floor)
      .map(([id]) => id)
      .slice(-RECENT_MAX);
    for (const [id, t] of seenAt) if (t < floor) seenAt.delete(id);
    durable = { timeUs, recent };
    await o.cursorStore.set(name, durable);
    health.success(target, delivered);
    metrics.lastSourceTimeMs = Math.floor(timeUs / 1000);
  };

  /** One connection's life; resolves when it closed (for any reason). */
  const runOnce = (sink: MentionSink): Promise<void> =>
    new Promise<void>((resolve) => {
      const sock = new WebSocket(subscribeUrl(), { handshakeTimeout: 15_000, maxPayload: 1024 * 1024 }); // posts are < 10 kB
      ws = sock;
      let idle: NodeJS.Timeout | null = null;
      const armIdle = (): void => {
        if (idle) clearTimeout(idle);
        idle = setTimeout(() => sock.terminate(), o.idleTimeoutMs ?? 60_000);
      };
      const batcher = new Batcher<number>({
        sink,
        metrics,
        batchSize: o.batchSize ?? 200,
        flushMs: o.flushMs ?? 250,
        commit,
        pause: () => sock.pause(),
        resume: () => sock.resume(),
        onError: (e) => {
          metrics.lastErrorCode = toVaktError(e, 'VAKT_CONNECTOR_FAILED').code;
          health.failure(target, e);
          sock.terminate(); // reconnect from the durable cursor
        },
      });
      sock.on('open', () => {
        health.success(target);
        armIdle();
      });
      let lastUs = durable.timeUs;
      pending = [];
      pendingKeys.clear();
      sock.on('message', (data: WebSocket.RawData) => {
        armIdle();
        backoff.reset();
        metrics.received++;
        const ev = parseJetstreamEvent(data.toString(), name);
        if (ev.timeUs === null) return countDrop(metrics, 'invalid');
        let mention = ev.mention ?? null;
        if (ev.drop) countDrop(metrics, ev.drop);
        else if (ev.dedupKey && (seen.has(ev.dedupKey) || pendingKeys.has(ev.dedupKey))) {
          countDrop(metrics, 'duplicate'); // replayed by the rewind
          mention = null;
        }
        // The rewind replays older events: the cursor never moves backwards.
        lastUs = Math.max(lastUs, ev.timeUs);
        if (mention && ev.dedupKey) {
          pending.push([ev.dedupKey, lastUs, ev.timeUs]);
          pendingKeys.add(ev.dedupKey);
        }
        batcher.add(mention, lastUs);
      });
      sock.on('error', (e) => {
        const err = new VaktError('VAKT_CONNECTOR_FAILED', `Jetstream ${new URL(target).host}: ${e.message}`);
        metrics.lastErrorCode = err.code;
        health.failure(target, err);
      });
      sock.on('close', () => {
        if (idle) clearTimeout(idle);
        // Let an in-flight batch settle (its cursor is then durable), drop the rest: it is re-read from the cursor.
        void batcher.drain().finally(() => {
          batcher.reset();
          resolve();
        });
      });
    });

  return {
    name,
    metrics: (): ConnectorMetrics => structuredClone(metrics),
    health: () => health.snapshot(),
    async start(sink) {
      const stored = await o.cursorStore.get<JetstreamCursor>(name);
      if (stored && Number.isSafeInteger(stored.timeUs)) {
        durable = stored;
        seen = new RecentIds(RECENT_MAX, stored.recent ?? []);
        for (const id of stored.recent ?? []) seenAt.set(id, stored.timeUs);
      }
      loop = (async () => {
        while (!stopper.signal.aborted) {
          await runOnce(sink);
          if (stopper.signal.aborted) break;
          metrics.reconnects++;
          await sleep(backoff.next(), stopper.signal);
        }
      })();
    },
    async stop() {
      stopper.abort();
      ws?.close(1000);
      await loop;
    },
  };
}
