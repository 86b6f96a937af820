import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PipelineMetrics } from './metrics.js';

export interface HealthCheck {
  /** Name shown in the health body, e.g. "kafka", "clickhouse". */
  name: string;
  check(): Promise<boolean> | boolean;
}

/**
 * `GET /healthz` (200 when every check passes, 503 otherwise, with the per-check status) and `GET /metrics` in
 * Prometheus text format. Every Vakt service registers these on its PORT.
 */
export function registerOpsRoutes<L extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L>,
  deps: { metrics: PipelineMetrics; checks?: HealthCheck[]; service: string },
): void {
  app.get('/healthz', async (_req, reply) => {
    const results: Record<string, boolean> = {};
    for (const c of deps.checks ?? []) {
      try {
        results[c.name] = await c.check();
      } catch {
        results[c.name] = false;
      }
    }
    const healthy = Object.values(results).every(Boolean);
    return reply
      .code(healthy ? 200 : 503)
      .send({ status: healthy ? 'ok' : 'degraded', service: deps.service, checks: results });
  });
  app.get('/metrics', async (_req, reply) => {
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
}
