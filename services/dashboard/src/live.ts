import type { Server, Socket } from 'socket.io';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import type { Alert } from '@vakt/schema/alert';
import type { AlertState, LiveFeed, Logger } from './deps.js';
import type { Authenticate, Principal } from './auth/principal.js';

/** The credentials a socket was admitted with, kept so access can be re-checked while it stays open. */
interface Credentials {
  cookie: string | undefined;
  authorization: string | undefined;
}

/** What a client receives every interval for a room it joined. */
export interface LiveBatch {
  watch: string;
  /** The newest of the interval, oldest first; at most `maxMentionsPerBatch`. */
  mentions: ScoredMention[];
  /** Mentions in this interval that were counted but not sent (over the per-batch cap). */
  dropped: number;
  /** Counts over every mention in the interval, sent or not, so charts stay exact under load. */
  counts: { negative: number; neutral: number; positive: number };
  alerts: Alert[];
  /** Server time the batch was emitted (ms); clients subtract from their clock for delivery latency. */
  sentAt: number;
}

interface RoomBuffer {
  mentions: ScoredMention[];
  dropped: number;
  counts: { negative: number; neutral: number; positive: number };
  alerts: Alert[];
}

const WATCH_RE = /^[a-z0-9][a-z0-9_.-]{0,127}$/;
export const ALL_WATCHES = '*';
const room = (watch: string): string => `watch:${watch}`;

/**
 * Pushes live mentions and alerts to socket.io rooms, one room per watch ('*' receives every watch), batched per
 * interval so 100+ updates/s become 4 messages/s per client and one render per frame. Buffers are bounded by the
 * per-batch cap; rooms with no members buffer nothing.
 *
 * Scaling: each dashboard process subscribes to the bus with its own consumer group and so receives every event
 * itself; rooms are process-local and no socket.io adapter is involved (tested in test/scale.test.ts).
 */
export function createLiveHub(
  io: Server,
  d: { live: LiveFeed; authenticate: Authenticate; origin: string; now: () => number; log: Logger },
  opts: {
    intervalMs: number;
    maxMentionsPerBatch: number;
    /** Longest a token-authenticated socket stays open before it must reconnect (and so re-authenticate). */
    tokenSocketMaxAgeMs: number;
    /** How often every open socket's credentials are re-checked, for revocations made by another process. */
    recheckMs: number;
  },
) {
  const buffers = new Map<string, RoomBuffer>();
  const buf = (w: string): RoomBuffer | undefined => {
    if (!io.sockets.adapter.rooms.get(room(w))?.size) return undefined;
    let b = buffers.get(w);
    if (!b)
      buffers.set(w, (b = { mentions: [], dropped: 0, counts: { negative: 0, neutral: 0, positive: 0 }, alerts: [] }));
    return b;
  };

  io.use((socket, next) => {
    const h = socket.handshake;
    const token = typeof h.auth?.token === 'string' ? `Bearer ${h.auth.token}` : h.headers.authorization;
    // Cookies ride along on cross-site websocket handshakes (no CORS for ws): refuse foreign origins for them.
    if (!token && h.headers.origin !== undefined && h.headers.origin !== d.origin)
      return next(new Error('forbidden origin'));
    const credentials: Credentials = { cookie: token ? undefined : h.headers.cookie, authorization: token };
    d.authenticate(credentials)
      .then((p) => {
        if (!p) return next(new Error('unauthorized'));
        socket.data.principal = p;
        socket.data.credentials = credentials;
        next();
      })
      .catch(() => next(new Error('unauthorized')));
  });

  io.on('connection', (socket: Socket) => {
    const p = socket.data.principal as Principal;
    // A session cookie expires, and so must its socket; API tokens do not expire, so their sockets get a maximum age
    // after which the client reconnects and is authenticated afresh.
    const closeAt = p.session ? p.session.expiresAt : d.now() + opts.tokenSocketMaxAgeMs;
    const t = setTimeout(() => socket.disconnect(true), Math.max(0, closeAt - d.now()));
    t.unref();
    socket.on('disconnect', () => clearTimeout(t));
    socket.on('subscribe', (msg: unknown, ack?: unknown) => {
      const watch = (msg as { watch?: unknown } | null)?.watch;
      const ok = typeof watch === 'string' && (watch === ALL_WATCHES || WATCH_RE.test(watch));
      if (ok) {
        for (const r of socket.rooms) if (r.startsWith('watch:')) void socket.leave(r);
        void socket.join(room(watch));
      }
      if (typeof ack === 'function') ack(ok ? { ok: true } : { ok: false, error: 'watch must be a watch id or "*"' });
    });
  });

  const addMention = (b: RoomBuffer | undefined, m: ScoredMention): void => {
    if (!b) return;
    b.counts[m.sentiment.label] += 1;
    // Keep the newest: a live screen wants what just happened, and it keeps delivery latency low.
    b.mentions.push(m);
    if (b.mentions.length > opts.maxMentionsPerBatch) {
      b.mentions.shift();
      b.dropped += 1;
    }
  };
  const offMention = d.live.onMention((m) => {
    addMention(buf(ALL_WATCHES), m);
    for (const match of m.matches) addMention(buf(match.watch), m);
  });
  const offAlert = d.live.onAlert((a) => {
    buf(ALL_WATCHES)?.alerts.push(a);
    buf(a.labels.watch)?.alerts.push(a);
  });

  const offState = d.live.onAlertState?.((st) => io.emit('alertState', st));

  const flush = (): void => {
    const sentAt = d.now();
    for (const [w, b] of buffers) {
      if (b.mentions.length || b.dropped || b.alerts.length) {
        const batch: LiveBatch = {
          watch: w,
          mentions: b.mentions,
          dropped: b.dropped,
          counts: b.counts,
          alerts: b.alerts,
          sentAt,
        };
        io.to(room(w)).emit('batch', batch);
      }
    }
    buffers.clear();
  };
  const timer = setInterval(flush, opts.intervalMs);
  timer.unref();

  /**
   * Re-authenticates every open socket with the credentials it was admitted with and disconnects those that no
   * longer pass: a disabled or deleted user, a changed password, a logged-out session, a deleted token. Routes that
   * revoke access await it, so the revoked sockets are closed before the answer is sent.
   */
  const revalidate = async (): Promise<number> => {
    const open = [...io.of('/').sockets.values()];
    const verdicts = await Promise.all(
      open.map((s) => d.authenticate(s.data.credentials as Credentials).catch(() => undefined)),
    );
    let closed = 0;
    open.forEach((s, i) => {
      if (verdicts[i] || !s.connected) return;
      s.disconnect(true);
      closed += 1;
    });
    if (closed) d.log.info({ closed }, 'closed live sockets whose access was revoked');
    return closed;
  };
  const recheck = setInterval(() => void revalidate(), opts.recheckMs);
  recheck.unref();

  return {
    /** Operator actions (ack/silence/resolve) reach every client at once; they are rare, so no batching. */
    pushAlertState(state: AlertState): void {
      io.emit('alertState', state);
    },
    flush,
    revalidate,
    stop(): void {
      clearInterval(timer);
      clearInterval(recheck);
      offMention();
      offAlert();
      offState?.();
      flush();
    },
  };
}
export type LiveHub = ReturnType<typeof createLiveHub>;
