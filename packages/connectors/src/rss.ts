import { toVaktError, VaktError } from '@vakt/errors/vakt-error';
import type { MentionInput } from '@vakt/schema/mention';
import { Backoff } from '@vakt/retry/backoff';
import { sleep } from '@vakt/retry/sleep';
import { countDrop, emptyMetrics, type Connector, type ConnectorMetrics, type MentionSink } from './connector.js';
import type { CursorStore } from './cursor-store.js';
import { parseFeed } from './feed-parse.js';
import { displayUrl, HealthBook } from './health.js';
import { buildMention, htmlToText, langHint, RecentIds, stableHash, toIso } from './normalise.js';
import { parseRetryAfter } from '@vakt/retry/retry-after';
import { RateLimiter } from './rate-limit.js';

/** A feed to poll; `watch` tags every item for a watch when the feed is about one organisation already. */
export interface FeedSpec {
  readonly url: string;
  readonly watch?: string;
}

export interface RssOptions {
  readonly feeds: ReadonlyArray<string | FeedSpec>;
  readonly cursorStore: CursorStore;
  readonly name?: string;
  /** Time between polls of one feed. */
  readonly intervalMs?: number;
  /** Feeds fetched at once. */
  readonly concurrency?: number;
  /** Requests per minute per host, so 50 feeds on one news site do not hit it 50 times at once. */
  readonly perHostPerMinute?: number;
  readonly timeoutMs?: number;
  /** Largest feed body read (default 10 MiB). */
  readonly maxBytes?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

/** The body as text, or null past `maxBytes` (a feed that streams forever or a misconfigured URL to a video). */
async function readCapped(res: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    return null;
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Per-feed cursor: HTTP validators plus the keys of items already delivered (feeds re-list old items). */
interface FeedCursor {
  etag?: string;
  lastModified?: string;
  seen: string[];
}

const SEEN_MAX = 2_000;

/** The RSS connector; `pollOnce` runs one round over all due feeds (what the timer loop calls). */
export interface RssConnector extends Connector {
  pollOnce(sink: MentionSink): Promise<void>;
}

/**
 * RSS/Atom polling with conditional GET (RFC 9110 §13: If-None-Match / If-Modified-Since → 304). New items are
 * those whose guid/id is not in the feed's seen-set; the set and validators are saved only after the sink
 * resolved, so a crash re-delivers (never skips) and a restart does not duplicate. One sink call per feed, awaited
 * before the next feed is read: polling stops while the sink is slow.
 */
export function createRssConnector(o: RssOptions): RssConnector {
  const name = o.name ?? 'rss';
  const now = o.now ?? Date.now;
  const doFetch = o.fetch ?? fetch;
  const metrics = emptyMetrics();
  const stopper = new AbortController();
  const feeds: FeedSpec[] = o.feeds.map((f) => (typeof f === 'string' ? { url: f } : f));
  const health = new HealthBook(
    name,
    feeds.map((f) => displayUrl(f.url)),
    now,
  );
  const limiters = new Map<string, RateLimiter>();
  const notBefore = new Map<string, number>();
  const backoffs = new Map<string, Backoff>();
  let loop: Promise<void> | null = null;
  let sinkBusy: Promise<void> | null = null;

  const limiter = (host: string): RateLimiter => {
    let l = limiters.get(host);
    if (!l) limiters.set(host, (l = new RateLimiter(o.perHostPerMinute ?? 30, 2, now)));
    return l;
  };
  const fail = (feed: FeedSpec, e: unknown, waitMs: number | null): void => {
    metrics.lastErrorCode = toVaktError(e, 'VAKT_CONNECTOR_FAILED').code;
    health.failure(displayUrl(feed.url), e);
    let b = backoffs.get(feed.url);
    if (!b) backoffs.set(feed.url, (b = new Backoff({ initialMs: 5_000, maxMs: 30 * 60_000 })));
    notBefore.set(feed.url, now() + Math.max(waitMs ?? 0, b.next()));
  };

  const pollFeed = async (feed: FeedSpec, sink: MentionSink): Promise<void> => {
    const key = `${name}:${feed.url}`;
    const cursor: FeedCursor = (await o.cursorStore.get<FeedCursor>(key)) ?? { seen: [] };
    const host = new URL(feed.url).host;
    // Backpressure: no new request while a sink call is pending (fetches already running may finish: at most
    // `concurrency` feed bodies are held).
    while (sinkBusy) await sinkBusy;
    if (!(await limiter(host).take(stopper.signal))) return;
    const headers: Record<string, string> = {
      accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5',
      'user-agent': 'vakt-rss/0.1',
    };
    if (cursor.etag) headers['if-none-match'] = cursor.etag;
    if (cursor.lastModified) headers['if-modified-since'] = cursor.lastModified;
    let body: string;
    let res: Response;
    try {
      res = await doFetch(feed.url, {
        headers,
        signal: AbortSignal.any([stopper.signal, AbortSignal.timeout(o.timeoutMs ?? 30_000)]),
        redirect: 'follow',
      });
      if (res.status === 304) {
        health.success(displayUrl(feed.url));
        return void backoffs.get(feed.url)?.reset();
      }
      if (res.status === 429 || res.status === 503) {
        const wait = parseRetryAfter(res.headers.get('retry-after'), now()) ?? null;
        if (wait !== null) limiter(host).blockUntil(now() + wait);
        return fail(feed, new VaktError('VAKT_RATE_LIMITED', `feed host ${host} answered ${res.status}`), wait);
      }
      if (!res.ok)
        return fail(
          feed,
          new VaktError('VAKT_CONNECTOR_FAILED', `feed ${displayUrl(feed.url)} answered ${res.status}`, {
            context: { status: res.status },
          }),
          null,
        );
      // A connection cut mid-body rejects here: nothing is emitted, the cursor stays.
      const text = await readCapped(res, o.maxBytes ?? 10 * 1024 * 1024);
      if (text === null) {
        countDrop(metrics, 'feed_too_large');
        return fail(
          feed,
          new VaktError('VAKT_PAYLOAD_TOO_LARGE', `feed ${displayUrl(feed.url)} is larger than the limit`),
          null,
        );
      }
      body = text;
    } catch (e) {
      if (!stopper.signal.aborted) fail(feed, e, null);
      return;
    }
    const parsed = parseFeed(body);
    if (!parsed) {
      countDrop(metrics, 'unparseable_feed');
      return fail(feed, new VaktError('VAKT_SCHEMA_INVALID', `feed ${displayUrl(feed.url)} is not RSS or Atom`), null);
    }
    const seen = new RecentIds(SEEN_MAX, cursor.seen);
    const batch: MentionInput[] = [];
    const fresh = parsed.items
      .map((it) => ({ it, t: it.date ? Date.parse(it.date) : NaN }))
      .sort((a, b) => (Number.isNaN(a.t) || Number.isNaN(b.t) ? 0 : a.t - b.t)); // oldest first
    for (const { it } of fresh) {
      metrics.received++;
      const id = stableHash(it.key);
      if (seen.has(id)) {
        countDrop(metrics, 'duplicate');
        continue;
      }
      seen.add(id);
      const text = [htmlToText(it.title), htmlToText(it.html)].filter((x) => x.trim() !== '').join('\n');
      if (text.trim() === '') {
        countDrop(metrics, 'empty_text');
        continue;
      }
      const r = buildMention({
        id,
        source: name,
        text,
        created_at: toIso(it.date) ?? new Date(now()).toISOString(),
        url: it.link,
        lang: langHint(parsed.lang),
        author: { id: host, name: it.author },
      });
      if (!r.ok) {
        countDrop(metrics, 'invalid');
        continue;
      }
      batch.push(feed.watch ? { ...r.value, watch: feed.watch } : r.value);
    }
    try {
      if (batch.length > 0) {
        while (sinkBusy) await sinkBusy;
        const call = sink(batch);
        // The gate only orders calls; the error itself is handled by the await below.
        sinkBusy = call.then(
          () => {
            sinkBusy = null;
          },
          () => {
            sinkBusy = null;
          },
        );
        await call;
      }
      await o.cursorStore.set<FeedCursor>(key, {
        ...(res.headers.get('etag') ? { etag: res.headers.get('etag')! } : {}),
        ...(res.headers.get('last-modified') ? { lastModified: res.headers.get('last-modified')! } : {}),
        seen: seen.toJSON(),
      });
      metrics.emitted += batch.length;
      health.success(displayUrl(feed.url), batch.length);
      backoffs.get(feed.url)?.reset();
      const newest = Math.max(...fresh.map((f) => f.t).filter((t) => !Number.isNaN(t)));
      if (Number.isFinite(newest)) metrics.lastSourceTimeMs = Math.max(metrics.lastSourceTimeMs ?? 0, newest);
    } catch (e) {
      fail(feed, e, null); // not durable: the same items come again next poll (the cursor was not saved)
    }
  };

  const pollOnce = async (sink: MentionSink): Promise<void> => {
    const due = feeds.filter((f) => (notBefore.get(f.url) ?? 0) <= now());
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < due.length && !stopper.signal.aborted) await pollFeed(due[next++]!, sink);
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 4, due.length) }, worker));
  };

  return {
    name,
    pollOnce,
    metrics: (): ConnectorMetrics => structuredClone(metrics),
    health: () => health.snapshot(),
    async start(sink) {
      loop = (async () => {
        while (!stopper.signal.aborted) {
          await pollOnce(sink);
          await sleep(o.intervalMs ?? 5 * 60_000, stopper.signal);
        }
      })();
    },
    async stop() {
      stopper.abort();
      await loop;
    },
  };
}
