import type { ScoredMention, Label } from '@vakt/schema/scored-mention';
import type { Alert } from '@vakt/schema/alert';
import type { AlertAction, AlertState } from '@vakt/schema/alert-state';
import type { Result } from '@vakt/errors/result';
import type { ErasureReport, ErasureRequest } from '@vakt/store/privacy';
import type { LabelCorrection } from '@vakt/store/tables/label-corrections';
import type { UserStore } from './auth/users.js';
import type { FailureLimits } from './auth/login-throttle.js';
import type { Logger } from '@vakt/bus/logger';
import type { ListenAddress } from '@vakt/runtime/app';

/** Zoom levels of the timeline; each maps to a ClickHouse rollup (per-minute, per-hour, per-day). */
export type Step = 'minute' | 'hour' | 'day';
export type BreakdownDimension = 'source' | 'lang' | 'entity';

/** One bucket of the volume/sentiment timeline. `t` is the bucket start (ms since epoch, UTC). */
export interface TimelinePoint {
  t: number;
  total: number;
  negative: number;
  neutral: number;
  positive: number;
  /** Mean sentiment score in [-1, 1]; 0 for an empty bucket. */
  avgScore: number;
}

export interface BreakdownRow {
  key: string;
  total: number;
  negative: number;
}

export interface MentionQuery {
  watch?: string;
  entity?: string;
  label?: Label;
  lang?: string;
  source?: string;
  /** Inclusive lower bound on `created_at`, ms since epoch. */
  from?: number;
  /** Exclusive upper bound on `created_at`, ms since epoch. */
  to?: number;
  /** 'newest' by created_at desc; 'reach' by author followers + engagement desc (the "most-reaching" list). */
  order: 'newest' | 'reach';
  limit: number;
}

/**
 * The narrow read side the dashboard needs from `@vakt/store`. Every method is a bounded query over a time range;
 * implementations must bind every value (never concatenate mention text or filters into SQL). Rejections are
 * VaktErrors (`VAKT_CLICKHOUSE_*`); the routes turn them into 503/500 without echoing the cause.
 */
export interface DashboardStore {
  /** Buckets in [from, to) at `step`, ascending by `t`; empty buckets may be omitted. */
  timeline(q: { watch: string; from: number; to: number; step: Step }): Promise<TimelinePoint[]>;
  /** Totals per key in [from, to), descending by total, at most `limit` rows. */
  breakdown(q: {
    watch: string;
    from: number;
    to: number;
    by: BreakdownDimension;
    limit: number;
  }): Promise<BreakdownRow[]>;
  /** `watch` undefined means across all watches: the watch preview and the all-watches views rely on it. */
  mentions(q: MentionQuery): Promise<ScoredMention[]>;
  /** Terms whose frequency in [from, to) most exceeds their baseline; weight > 1 means surging. */
  surgingTerms(q: {
    watch: string;
    from: number;
    to: number;
    limit: number;
  }): Promise<{ term: string; weight: number }[]>;
  /**
   * Records an analyst's label correction of one stored mention of `watch`, copying its text and the model's verdict
   * (so training outlives retention). Resolves undefined when no such mention is stored; a later correction of the
   * same mention replaces the earlier one (`at` orders them).
   */
  correctLabel(req: CorrectionRequest): Promise<LabelCorrection | undefined>;
  /** The current correction of each corrected mention, newest first, at most `limit`. */
  corrections(q: { watch?: string; since?: number; limit: number }): Promise<LabelCorrection[]>;
  /** The current corrections of these mentions of one watch, keyed `${source}\u0000${id}` (at most 1000 keys). */
  correctionsFor(watch: string, keys: readonly { source: string; id: string }[]): Promise<Map<string, LabelCorrection>>;
}

export type { LabelCorrection };

/** A label correction as the route hands it to the store: who (`by`) and when (`at`, ms) come from the request. */
export interface CorrectionRequest {
  watch: string;
  source: string;
  id: string;
  label: Label;
  by: string;
  at: number;
}

/**
 * Live events for this process. The lead feeds it from the bus with a consumer group unique to the process, so every
 * dashboard process sees every event and no socket.io adapter is needed (see docs in README.md). Returns an
 * unsubscribe function.
 */
export interface LiveFeed {
  onMention(cb: (m: ScoredMention) => void): () => void;
  onAlert(cb: (a: Alert) => void): () => void;
  /**
   * Optional: operator actions (ack/silence/resolve) taken on any process, so every process's clients see them live.
   * Without it, a process pushes only the actions it served itself; the others show them on the next reload.
   */
  onAlertState?(cb: (s: AlertState) => void): () => void;
}

// Operator state and actions are the alerter's HTTP wire format, owned by @vakt/schema.
export type { AlertState, AlertAction } from '@vakt/schema/alert-state';

/**
 * The alert lifecycle (`@vakt/alerting`). Methods reject with VaktError('VAKT_NOT_FOUND') for an unknown fingerprint.
 * Each action is recorded in the history with the actor and the injected clock's time.
 */
export interface AlertActions {
  list(q: { watch?: string; status?: 'firing' | 'resolved'; limit: number }): Promise<AlertState[]>;
  get(fingerprint: string): Promise<AlertState>;
  ack(fingerprint: string, by: string, comment?: string): Promise<AlertState>;
  silence(fingerprint: string, until: number, by: string, comment?: string): Promise<AlertState>;
  resolve(fingerprint: string, by: string, comment?: string): Promise<AlertState>;
  history(fingerprint: string): Promise<AlertAction[]>;
  /**
   * GDPR erasure in the alerter: forgets the erased mentions (`source:id` keys) and the author's handles
   * in every alert it holds and in its delivery log. Optional: a wiring without an alerter has nothing to forget.
   */
  eraseMentions?(req: {
    keys: readonly string[];
    authors: readonly string[];
  }): Promise<{ alerts: number; deliveries: number }>;
}

/** A watch: an organisation, its services/touchpoints and key people, with who owns it and where alerts go. */
export interface Watch {
  id: string;
  name: string;
  /** The match query in the watch query language (terms, "phrases", OR, -exclusions). */
  query: string;
  /** Named sub-entities, each with its own query: services, touchpoints, people. */
  entities: { name: string; kind: 'service' | 'touchpoint' | 'person'; query: string }[];
  owners: string[];
  routes: string[];
  retentionDays: number;
  updatedAt: string;
  updatedBy: string;
  /** `file`: the watch comes from the watches file and is read-only here (update and delete answer 403). */
  managedBy?: 'file';
}

export type WatchInput = Omit<Watch, 'id' | 'updatedAt' | 'updatedBy' | 'managedBy'> & { id?: string };

/**
 * The watch registry (`@vakt/watch`). `create`/`update` reject with VaktError('VAKT_QUERY_PARSE') naming the position
 * of a bad query and with VAKT_REQUEST_INVALID for a duplicate id; `get`/`update`/`remove` with VAKT_NOT_FOUND.
 */
export interface WatchRegistry {
  list(): Promise<Watch[]>;
  get(id: string): Promise<Watch>;
  create(input: WatchInput, by: string): Promise<Watch>;
  update(id: string, input: WatchInput, by: string): Promise<Watch>;
  remove(id: string, by: string): Promise<void>;
  /** Compiles a query; throws VaktError('VAKT_QUERY_PARSE') when it does not parse. Used for the live preview. */
  compile(query: string): (text: string) => boolean;
}

/** The structured logger every package accepts (declared in `@vakt/bus/logger`). Never pass mention text to it. */
export type { Logger };

/**
 * Privacy operations over the store. Wire `eraseAuthor` to `eraseAuthor(store, { pseudonymise })` from
 * `@vakt/store/privacy` (with the same pseudonymiser as the sink, so pseudonymised rows are found too). It resolves
 * with a Result once every delete mutation has finished; a failure is a VaktError (VAKT_SCHEMA_INVALID for an empty
 * request, VAKT_CLICKHOUSE_* for the store, retriable when the mutation is still running in the background).
 */
export interface PrivacyActions {
  eraseAuthor(req: ErasureRequest): Promise<Result<ErasureReport>>;
}

/** One erasure, as audited: who asked and when, which kinds of identifier (never their values), and the outcome. */
export interface ErasureAudit {
  at: string;
  by: string;
  byKind: 'user' | 'token';
  identifiers: ('authorId' | 'handle')[];
  /** The data-protection case this erasure answers, if given. */
  reference?: string;
  ok: boolean;
  /** Rows deleted per table, when ok. */
  deleted?: Record<string, number>;
  /** The error code, when not ok. */
  code?: string;
}

export interface DashboardDeps {
  store: DashboardStore;
  live: LiveFeed;
  users: UserStore;
  alerts: AlertActions;
  watches: WatchRegistry;
  now: () => number;
  log: Logger;
  /**
   * Health of the source connectors (per feed/instance/query), for the admin page. Embedded: the connectors in this
   * process; distributed: read from the ingest service's `GET /v1/sources`. Absent: the admin page says none run.
   */
  sources?: () => Promise<SourceHealth[]> | SourceHealth[];
  /** GDPR erasure; optional so existing wiring compiles. Without it, the erasure routes answer 404 "not enabled". */
  privacy?: PrivacyActions;
}

/** One connector's health as `@vakt/connectors` reports it (`ConnectorHealth`), per target. */
export interface SourceHealth {
  connector: string;
  targets: {
    target: string;
    lastSuccessAt: string | null;
    delivered: number;
    lastError: { code: string; message: string; at: string } | null;
    failing: boolean;
  }[];
}

export interface DashboardOptions {
  /** External URL, e.g. https://vakt.example.se. Its origin is the only one allowed for cookies and websockets. */
  publicUrl: string;
  /** ≥ 32 chars; signs session cookies and derives CSRF tokens. Same value on every dashboard process. */
  sessionSecret: string;
  /** Directory of the built `dashboards/web` (index.html, login.html, assets/). */
  webRoot?: string;
  /**
   * First admin, created when the user store is empty. Without `password` one is generated and shown once: handed to
   * `announce` when given (`vakt up` prints it in its banner), else logged. A supplied password is never printed.
   */
  bootstrapAdmin?: { username: string; password?: string; announce?: (generatedPassword: string) => void };
  sessionTtlMs?: number;
  /** Requests per minute per client address. Default 600; failed password checks have their own limits. */
  rateLimitPerMinute?: number;
  /** Failed password checks allowed per account and per address in a window. Default `DEFAULT_FAILURE_LIMITS`. */
  loginFailures?: FailureLimits;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses, CIDRs, or `loopback`, `linklocal`, `uniquelocal`).
   * Empty (default): the socket address is the client, and X-Forwarded-For is ignored.
   */
  trustProxy?: readonly string[];
  /**
   * Longest a live socket opened with an API token stays open before the client must reconnect. Default 12 h, as a
   * session. Revoking the token closes its sockets at once; this bounds what a missed revocation could leak.
   */
  tokenSocketMaxAgeMs?: number;
  /** How often open live sockets are re-authenticated, to catch revocations made by another process. Default 30 s. */
  liveRecheckMs?: number;
  /** Live push interval. Default 250 ms. */
  batchIntervalMs?: number;
  /** Where the dashboard listens. Omitted: `start` only readies it and tests use `fastify.inject()`. */
  listen?: ListenAddress;
  /**
   * Most mentions per room per batch; the rest are counted (exact chart counts), not sent. Default 50 (200/s at 250 ms):
   * a screen shows the newest few, and 500/s of full mentions to 200 clients is 80 MB/s of JSON to parse.
   */
  maxMentionsPerBatch?: number;
}
