import { toVaktError } from '@vakt/errors/vakt-error';
import type { MentionInput } from '@vakt/schema/mention';
import { Backoff } from '@vakt/retry/backoff';
import { sleep } from '@vakt/retry/sleep';
import { countDrop, emptyMetrics, type Connector, type ConnectorMetrics, type MentionSink } from './connector.js';
import type { CursorStore } from './cursor-store.js';
import { RedditClient, type RedditClientOptions } from './reddit-client.js';
import { redditThing, type RedditListing } from './reddit-parse.js';
import { RecentIds } from './normalise.js';
import { HealthBook } from './health.js';
import { VaktError } from '@vakt/errors/vakt-error';

export interface RedditOptions extends RedditClientOptions {
  /** Search queries for new posts (Reddit search syntax, e.g. `Försäkringskassan OR "FK"`). */
  readonly queries?: readonly string[];
  /** Subreddits whose new comments are read (`/r/a+b/comments`); search does not cover comments. */
  readonly commentSubreddits?: readonly string[];
  readonly cursorStore: CursorStore;
  readonly name?: string;
  readonly intervalMs?: number;
  /** Pages followed (`after`) when a whole page is new, so a burst between polls leaves no gap. */
  readonly maxPages?: number;
}

interface RedditCursor {
  seen: string[];
}

const SEEN_MAX = 3_000;

export interface RedditConnector extends Connector {
  pollOnce(sink: MentionSink): Promise<void>;
  readonly client: RedditClient;
}

/**
 * Reddit: polls `/search?sort=new` per query and `/r/<subs>/comments` for new comments. Listings are newest
 * first; the connector reads until it meets an item it already delivered (or `maxPages`), emits oldest first, and
 * saves the seen-set after the sink resolved. One request at a time, spaced by the client's rate limiter.
 */
export function createRedditConnector(o: RedditOptions): RedditConnector {
  const name = o.name ?? 'reddit';
  const metrics = emptyMetrics();
  const client = new RedditClient(o);
  const stopper = new AbortController();
  const backoff = new Backoff({ initialMs: 5_000, maxMs: 15 * 60_000 });
  let loop: Promise<void> | null = null;

  const streams: Array<{ key: string; label: string; path: (after: string | null) => string }> = [
    ...(o.queries ?? []).map((q) => ({
      key: `${name}:search:${q}`,
      label: `search: ${q}`,
      path: (after: string | null) =>
        `/search?q=${encodeURIComponent(q)}&sort=new&type=link&limit=100&raw_json=1${after ? `&after=${after}` : ''}`,
    })),
    ...((o.commentSubreddits ?? []).length
      ? [
          {
            key: `${name}:comments:${o.commentSubreddits!.join('+')}`,
            label: `r/${o.commentSubreddits!.join('+')} comments`,
            path: (after: string | null) =>
              `/r/${o.commentSubreddits!.map(encodeURIComponent).join('+')}/comments?limit=100&raw_json=1${after ? `&after=${after}` : ''}`,
          },
        ]
      : []),
  ];

  const now = o.now ?? Date.now;
  const health = new HealthBook(
    name,
    streams.map((s) => s.label),
    now,
  );
  const failed = (s: (typeof streams)[number], e: unknown): false => {
    metrics.lastErrorCode = toVaktError(e, 'VAKT_CONNECTOR_FAILED').code;
    health.failure(s.label, e);
    return false;
  };

  /** One stream: returns false when the poll failed (nothing emitted, cursor unchanged). */
  const pollStream = async (s: (typeof streams)[number], sink: MentionSink): Promise<boolean> => {
    const cursor = (await o.cursorStore.get<RedditCursor>(s.key)) ?? { seen: [] };
    const seen = new RecentIds(SEEN_MAX, cursor.seen);
    const fresh: Array<{ fullname: string; createdUtc: number; mention: MentionInput | null }> = [];
    let after: string | null = null;
    for (let page = 0; page < (o.maxPages ?? 3); page++) {
      let r;
      try {
        r = await client.get(s.path(after), stopper.signal);
      } catch (e) {
        return stopper.signal.aborted ? false : failed(s, e);
      }
      if (!r.ok) return failed(s, r.error);
      const listing = r.value as RedditListing;
      const children = listing?.data?.children;
      if (!Array.isArray(children)) {
        countDrop(metrics, 'invalid_listing');
        return failed(s, new VaktError('VAKT_SCHEMA_INVALID', 'Reddit answered something that is not a listing'));
      }
      let metSeen = false;
      for (const child of children) {
        const t = redditThing(child, name);
        if (t.fullname && seen.has(t.fullname)) {
          metSeen = true;
          continue; // not counted as received: listings re-list old items on every poll
        }
        metrics.received++;
        if ('drop' in t) countDrop(metrics, t.drop);
        if (t.fullname && t.createdUtc !== null)
          fresh.push({ fullname: t.fullname, createdUtc: t.createdUtc, mention: 'mention' in t ? t.mention : null });
      }
      after = listing.data.after;
      if (metSeen || !after || cursor.seen.length === 0) break; // first run: one page is the starting point
    }
    fresh.sort((a, b) => a.createdUtc - b.createdUtc);
    const batch = fresh.flatMap((f) => (f.mention ? [f.mention] : []));
    try {
      if (batch.length > 0) await sink(batch);
      for (const f of fresh) seen.add(f.fullname);
      await o.cursorStore.set<RedditCursor>(s.key, { seen: seen.toJSON() });
    } catch (e) {
      return failed(s, e);
    }
    metrics.emitted += batch.length;
    health.success(s.label, batch.length);
    if (fresh.length)
      metrics.lastSourceTimeMs = Math.max(metrics.lastSourceTimeMs ?? 0, fresh.at(-1)!.createdUtc * 1000);
    return true;
  };

  const notBefore = new Map<string, number>();
  /** One round over the streams that are not backing off after a failure. */
  const pollOnce = async (sink: MentionSink): Promise<void> => {
    for (const s of streams) {
      if (stopper.signal.aborted) return;
      if ((notBefore.get(s.key) ?? 0) > now()) continue;
      if (await pollStream(s, sink)) {
        backoff.reset();
        notBefore.delete(s.key);
      } else notBefore.set(s.key, now() + backoff.next());
    }
  };

  return {
    name,
    client,
    pollOnce,
    metrics: (): ConnectorMetrics => structuredClone(metrics),
    health: () => health.snapshot(),
    async start(sink) {
      loop = (async () => {
        while (!stopper.signal.aborted) {
          await pollOnce(sink);
          await sleep(o.intervalMs ?? 60_000, stopper.signal);
        }
      })();
    },
    async stop() {
      stopper.abort();
      await loop;
    },
  };
}
