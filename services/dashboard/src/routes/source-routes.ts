import type { FastifyInstance } from 'fastify';
import type { SourceHealth } from '../deps.js';

/**
 * `GET /api/sources` (admin): per connector and per feed/instance/query, the last successful fetch, mentions
 * delivered and the last error with its time. `running: false` when this dashboard has no view of the connectors.
 */
export function sourceRoutes(
  app: FastifyInstance,
  d: { sources: (() => Promise<SourceHealth[]> | SourceHealth[]) | undefined },
): void {
  app.get('/api/sources', { config: { access: 'admin' as const } }, async () =>
    d.sources ? { running: true, sources: await d.sources() } : { running: false, sources: [] },
  );
}
