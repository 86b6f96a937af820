import type { FastifyInstance } from 'fastify';
import type { ConnectorHealth } from '@vakt/connectors/health';
import { VaktError } from '@vakt/errors/vakt-error';

/**
 * `GET /v1/sources`: every running connector and, per feed/instance/query, the last successful fetch, mentions
 * delivered and the last error with its time. Behind the ingest API tokens when there are any: feed URLs can be
 * private. Credentials in URLs are masked by the connectors (`displayUrl`).
 */
export function sourcesRoute(
  app: FastifyInstance,
  sources: () => ConnectorHealth[],
  authorised: (header: string | undefined) => boolean,
): void {
  app.get('/v1/sources', async (req) => {
    if (!authorised(req.headers.authorization))
      throw new VaktError('VAKT_UNAUTHORIZED', 'missing or invalid API token');
    return { sources: sources() };
  });
}
