import type { MentionInput } from '@vakt/schema/mention';
import type { ConnectorHealth } from './health.js';

/**
 * Where a connector delivers mentions. The promise resolves when the batch is durable (produced to Kafka and
 * acknowledged); only then does the connector advance and persist its cursor. While it is pending the connector
 * reads nothing more (pauses its socket or stops polling): backpressure, not buffers. A rejection means "not
 * durable": the connector keeps its cursor, backs off and re-reads from it, so nothing is lost (at-least-once;
 * (source, id) dedups downstream).
 */
export type MentionSink = (batch: MentionInput[]) => Promise<void>;

/** Counters a connector keeps; low-cardinality reasons only, never mention text. */
export interface ConnectorMetrics {
  /** Raw items read from the source (posts, events, feed items) before any filtering. */
  received: number;
  /** Mentions handed to the sink and acknowledged. */
  emitted: number;
  /** Items not emitted, by reason (`duplicate`, `invalid`, `not_a_post`, `deleted`, `empty_text`, …). */
  dropped: Record<string, number>;
  reconnects: number;
  /** Code of the last error (VaktError code), if any; never its message. */
  lastErrorCode: string | null;
  /** Source time (ms since epoch) of the newest durable item, for lag dashboards. */
  lastSourceTimeMs: number | null;
}

/**
 * A source of mentions. `start` resolves once the connector is running (it does not wait for data) and never
 * rejects because the network is down: connection errors are retried with backoff and counted in metrics.
 * `stop` stops reading, waits for an in-flight sink call to settle (so its cursor is saved), then closes.
 */
export interface Connector {
  /** Stable id, also the cursor key and the `source` prefix of its mentions (`bluesky`, `mastodon`, `rss`, `reddit`). */
  readonly name: string;
  start(sink: MentionSink): Promise<void>;
  stop(): Promise<void>;
  metrics(): ConnectorMetrics;
  /** Per feed/instance/query: last success, mentions delivered, last error with its time (for /v1/sources). */
  health(): ConnectorHealth;
}

export function emptyMetrics(): ConnectorMetrics {
  return { received: 0, emitted: 0, dropped: {}, reconnects: 0, lastErrorCode: null, lastSourceTimeMs: null };
}

export function countDrop(m: ConnectorMetrics, reason: string, n = 1): void {
  m.dropped[reason] = (m.dropped[reason] ?? 0) + n;
}
