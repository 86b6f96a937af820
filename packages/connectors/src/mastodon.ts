import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { toVaktError, VaktError } from '@vakt/errors/vakt-error';
import type { MentionInput } from '@vakt/schema/mention';
import { Backoff, type BackoffOptions } from '@vakt/retry/backoff';
import { sleep } from '@vakt/retry/sleep';
import { Batcher } from './batcher.js';
import { countDrop, emptyMetrics, type Connector, type ConnectorMetrics, type MentionSink } from './connector.js';
import type { CursorStore } from './cursor-store.js';
import { compareIds, statusToMention, type MastodonStatus } from './mastodon-parse.js';
import { RecentIds } from './normalise.js';
import { parseRetryAfter } from '@vakt/retry/retry-after';
import { SseParser } from './sse.js';
import { HealthBook } from './health.js';

/** One instance to stream from. Since Mastodon 4.2 the public streams need an access token (read:statuses). */
export interface MastodonInstance {
  /** Base URL, e.g. `https://mastodon.social`. */
  readonly url: string;
  readonly token?: string;
  /** Follow the federated public timeline (default true when no hashtags are given). */
  readonly public?: boolean;
  /** Hashtags to follow (without `#`), each its own stream. */
  readonly hashtags?: readonly string[];
}

export interface MastodonOptions {
  readonly instances: readonly MastodonInstance[];
  readonly cursorStore: CursorStore;
  readonly name?: string;
  readonly batchSize?: number;
  readonly flushMs?: number;
  /** Mastodon sends a `:thump` heartbeat every ~15 s; silence longer than this means a dead connection. */
  readonly idleTimeoutMs?: number;
  /** Most REST pages fetched to fill a gap after a disconnect (40 statuses each). */
  readonly maxBackfillPages?: number;
  readonly backoff?: BackoffOptions;
  readonly now?: () => number;
}

interface StreamCursor {
  lastId: string | null;
  recent: string[];
}

interface StreamSpec {
  readonly key: string;
  /** How the stream is shown in health: `mastodon.social public`, `mastodon.social #fkfail`. */
  readonly label: string;
  readonly base: URL;
  readonly token: string | undefined;
  readonly streamPath: string;
  readonly timelinePath: string;
}

const RECENT_MAX = 2_000;

function specsOf(o: MastodonOptions, name: string): StreamSpec[] {
  const out: StreamSpec[] = [];
  for (const inst of o.instances) {
    const base = new URL(inst.url);
    const tags = inst.hashtags ?? [];
    if (inst.public ?? tags.length === 0) {
      out.push({
        key: `${name}:${base.host}:public`,
        label: `${base.host} public`,
        base,
        token: inst.token,
        streamPath: '/api/v1/streaming/public',
        timelinePath: '/api/v1/timelines/public',
      });
    }
    for (const t of tags) {
      const tag = encodeURIComponent(t.replace(/^#/, ''));
      out.push({
        key: `${name}:${base.host}:tag:${tag}`,
        label: `${base.host} #${t.replace(/^#/, '')}`,
        base,
        token: inst.token,
        streamPath: `/api/v1/streaming/hashtag?tag=${tag}`,
        timelinePath: `/api/v1/timelines/tag/${tag}`,
      });
    }
  }
  return out;
}

/**
 * Mastodon streaming (SSE) on several instances and hashtags. The streaming API has no replay, so after a
 * (re)connect the gap since the durable cursor is filled from the REST timeline (`min_id` paging, oldest first)
 * before the live stream is read; ids already delivered are dropped. Posts that federate in late with ids older
 * than the cursor during a disconnect cannot be recovered from the API (documented limit).
 */
export function createMastodonConnector(o: MastodonOptions): Connector {
  const name = o.name ?? 'mastodon';
  const metrics = emptyMetrics();
  const stopper = new AbortController();
  const live = new Set<IncomingMessage>();
  const health = new HealthBook(
    name,
    specsOf(o, name).map((s) => s.label),
    o.now,
  );
  const loops: Promise<void>[] = [];

  const get = (spec: StreamSpec, path: string, sse: boolean): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const u = new URL(path, spec.base);
      const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, {
        headers: {
          accept: sse ? 'text/event-stream' : 'application/json',
          'user-agent': 'vakt-connector (+https://github.com/vakt)',
          ...(spec.token ? { authorization: `Bearer ${spec.token}` } : {}),
        },
        signal: stopper.signal,
        timeout: 30_000,
      });
      req.on('response', resolve);
      req.on('timeout', () => req.destroy(new VaktError('VAKT_CONNECTOR_FAILED', `timeout on ${u.host}`)));
      req.on('error', reject);
      req.end();
    });

  const readJson = async (res: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  };

  /** Classifies a non-200 answer; the token never appears in the error. */
  const httpError = (res: IncomingMessage, spec: StreamSpec): { error: VaktError; waitMs: number | null } => {
    res.resume();
    const code = res.statusCode ?? 0;
    const where = { host: spec.base.host, status: code };
    if (code === 401 || code === 403)
      return {
        error: new VaktError(
          'VAKT_UNAUTHORIZED',
          `Mastodon ${spec.base.host} refused the token (${code}); set a token with read:statuses`,
          { context: where },
        ),
        waitMs: null,
      };
    if (code === 429)
      return {
        error: new VaktError('VAKT_RATE_LIMITED', `Mastodon ${spec.base.host} rate-limited us`, { context: where }),
        waitMs: parseRetryAfter(res.headers['retry-after'], Date.now()) ?? null,
      };
    return {
      error: new VaktError('VAKT_CONNECTOR_FAILED', `Mastodon ${spec.base.host} answered ${code}`, { context: where }),
      waitMs: null,
    };
  };

  const runStream = async (spec: StreamSpec, sink: MentionSink): Promise<void> => {
    const stored = await o.cursorStore.get<StreamCursor>(spec.key);
    let durable: StreamCursor = stored ?? { lastId: null, recent: [] };
    const seen = new RecentIds(RECENT_MAX, durable.recent);
    const edited = new RecentIds(RECENT_MAX);
    const backoff = new Backoff({ initialMs: 500, maxMs: 60_000, ...o.backoff });

    while (!stopper.signal.aborted) {
      let waitMs: number | null = null;
      let res: IncomingMessage | null = null;
      const pendingKeys = new Set<string>();
      let pending: Array<[string, string]> = [];
      let newest = durable.lastId;
      let streaming = false;
      const batcher = new Batcher<string | null>({
        sink,
        metrics,
        batchSize: o.batchSize ?? 100,
        flushMs: o.flushMs ?? 250,
        commit: async (mark) => {
          let delivered = 0;
          while (pending.length && (mark === null || compareIds(pending[0]![1], mark) <= 0)) {
            const [k] = pending.shift()!;
            pendingKeys.delete(k);
            seen.add(k);
            delivered++;
          }
          durable = { lastId: mark, recent: seen.toJSON() };
          await o.cursorStore.set(spec.key, durable);
          health.success(spec.label, delivered);
        },
        pause: () => res?.pause(),
        // Only once the SSE listener is attached: resuming earlier would put the body in flowing mode and lose it.
        resume: () => {
          if (streaming) res?.resume();
        },
        onError: (e) => {
          metrics.lastErrorCode = toVaktError(e, 'VAKT_CONNECTOR_FAILED').code;
          health.failure(spec.label, e);
          res?.destroy();
        },
      });
      const accept = (status: unknown): void => {
        metrics.received++;
        const r = statusToMention(status, name, spec.base.host);
        const id = (status as { id?: unknown } | null)?.id;
        if (typeof id === 'string' && (newest === null || compareIds(id, newest) > 0)) newest = id;
        let m: MentionInput | null = null;
        if ('drop' in r) countDrop(metrics, r.drop);
        else if (!r.ok) countDrop(metrics, 'invalid');
        else {
          const sid = (status as MastodonStatus).id;
          const editedAt = (status as { edited_at?: string | null }).edited_at ?? '';
          const key = `${sid}@${editedAt}`;
          if (seen.has(key) || pendingKeys.has(key)) countDrop(metrics, 'duplicate');
          // REST returns the current (edited) version; the paused stream may still hold the original after it.
          else if (editedAt === '' && edited.has(sid)) countDrop(metrics, 'stale_version');
          else {
            m = r.value;
            if (editedAt !== '') edited.add(sid);
            pendingKeys.add(key);
            pending.push([key, newest!]);
          }
        }
        batcher.add(m, newest);
      };

      try {
        res = await get(spec, spec.streamPath, true);
        if (res.statusCode !== 200) {
          const h = httpError(res, spec);
          waitMs = h.waitMs;
          throw h.error;
        }
        live.add(res);
        health.success(spec.label);
        res.pause(); // the live stream waits (TCP backpressure) until the gap is filled
        if (durable.lastId !== null) await backfill(spec, durable.lastId, accept, batcher);
        streaming = true;
        await pump(res, accept, backoff);
      } catch (e) {
        if (!stopper.signal.aborted) {
          metrics.lastErrorCode = toVaktError(e, 'VAKT_CONNECTOR_FAILED').code;
          health.failure(spec.label, e);
        }
      } finally {
        if (res) live.delete(res);
        res?.destroy();
        await batcher.drain();
        batcher.reset();
        pending = [];
      }
      if (stopper.signal.aborted) break;
      metrics.reconnects++;
      await sleep(Math.max(waitMs ?? 0, backoff.next()), stopper.signal);
    }
  };

  /** Fills the gap after `sinceId` from the REST timeline, oldest page first (`min_id` paging). */
  const backfill = async (
    spec: StreamSpec,
    sinceId: string,
    accept: (s: unknown) => void,
    batcher: Batcher<string | null>,
  ): Promise<void> => {
    let minId = sinceId;
    for (let page = 0; page < (o.maxBackfillPages ?? 25) && !stopper.signal.aborted; page++) {
      const sep = spec.timelinePath.includes('?') ? '&' : '?';
      const res = await get(spec, `${spec.timelinePath}${sep}min_id=${encodeURIComponent(minId)}&limit=40`, false);
      if (res.statusCode !== 200) throw httpError(res, spec).error;
      const statuses = (await readJson(res)) as MastodonStatus[];
      if (!Array.isArray(statuses) || statuses.length === 0) return;
      statuses.sort((a, b) => compareIds(String(a.id), String(b.id)));
      for (const s of statuses) accept(s);
      await batcher.drain();
      if (batcher.hasFailed) throw new VaktError('VAKT_CONNECTOR_FAILED', 'sink failed during backfill');
      minId = String(statuses.at(-1)!.id);
    }
  };

  /** Reads the SSE body until it ends, errors or goes silent. */
  const pump = (res: IncomingMessage, accept: (s: unknown) => void, backoff: Backoff): Promise<void> =>
    new Promise<void>((resolve) => {
      const parser = new SseParser();
      const decoder = new TextDecoder();
      let idle: NodeJS.Timeout | null = null;
      const arm = (): void => {
        if (idle) clearTimeout(idle);
        idle = setTimeout(() => res.destroy(), o.idleTimeoutMs ?? 45_000);
      };
      const done = (): void => {
        if (idle) clearTimeout(idle);
        resolve();
      };
      arm();
      res.on('data', (chunk: Buffer) => {
        arm();
        for (const ev of parser.push(decoder.decode(chunk, { stream: true }))) {
          backoff.reset();
          if (ev.event === 'update' || ev.event === 'status.update') {
            let status: unknown;
            try {
              status = JSON.parse(ev.data);
            } catch {
              metrics.received++;
              countDrop(metrics, 'invalid');
              continue;
            }
            accept(status);
          } else if (ev.event === 'delete') {
            metrics.received++;
            countDrop(metrics, 'deleted');
          }
        }
      });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
      res.resume();
    });

  return {
    name,
    metrics: (): ConnectorMetrics => structuredClone(metrics),
    health: () => health.snapshot(),
    async start(sink) {
      for (const spec of specsOf(o, name)) loops.push(runStream(spec, sink));
    },
    async stop() {
      stopper.abort();
      for (const r of live) r.destroy();
      await Promise.all(loops);
    },
  };
}
