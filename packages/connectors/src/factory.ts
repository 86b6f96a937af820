import type { Connector } from './connector.js';
import type { ConnectorsConfig } from './config.js';
import { FileCursorStore, type CursorStore } from './cursor-store.js';
import { createJetstreamConnector } from './jetstream.js';
import { createMastodonConnector } from './mastodon.js';
import { createRedditConnector } from './reddit.js';
import { createRssConnector } from './rss.js';

/**
 * Builds the enabled connectors, sharing one cursor store. Nothing connects until `start(sink)`; the caller (the
 * ingest service) starts them with its Kafka-backed sink and stops them first on shutdown.
 */
export function createConnectorsFromConfig(
  cfg: ConnectorsConfig,
  deps: { cursorStore?: CursorStore } = {},
): Connector[] {
  const cursorStore = deps.cursorStore ?? new FileCursorStore(cfg.cursorFile);
  const out: Connector[] = [];
  if (cfg.jetstream) out.push(createJetstreamConnector({ ...cfg.jetstream, cursorStore }));
  if (cfg.mastodon) out.push(createMastodonConnector({ instances: cfg.mastodon.instances, cursorStore }));
  if (cfg.rss) out.push(createRssConnector({ ...cfg.rss, cursorStore }));
  if (cfg.reddit) out.push(createRedditConnector({ ...cfg.reddit, cursorStore }));
  return out;
}
