import type { FastifyInstance } from 'fastify';
import { VaktError } from '@vakt/errors/vakt-error';
import { hasRole } from '../auth/principal.js';
import type { DashboardStore, Logger, WatchInput, WatchRegistry } from '../deps.js';
import { WatchId } from './data-routes.js';

const Query = { type: 'string', minLength: 1, maxLength: 2_000 } as const;
const WatchBody = {
  type: 'object',
  required: ['name', 'query', 'entities', 'owners', 'routes', 'retentionDays'],
  additionalProperties: false,
  properties: {
    id: WatchId,
    name: { type: 'string', minLength: 1, maxLength: 128 },
    query: Query,
    entities: {
      type: 'array',
      maxItems: 64,
      items: {
        type: 'object',
        required: ['name', 'kind', 'query'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 128 },
          kind: { type: 'string', enum: ['service', 'touchpoint', 'person'] },
          query: Query,
        },
      },
    },
    owners: { type: 'array', maxItems: 32, items: { type: 'string', minLength: 1, maxLength: 128 } },
    routes: { type: 'array', maxItems: 32, items: { type: 'string', minLength: 1, maxLength: 128 } },
    // Retention is enforced in ClickHouse; 10 years is the longest an agency is asked to keep anything.
    retentionDays: { type: 'integer', minimum: 1, maximum: 3_650 },
  },
} as const;
const IdParams = { type: 'object', required: ['id'], properties: { id: WatchId } } as const;

/** How many recent mentions the live preview scans: enough to see a pattern, cheap enough to run per keystroke. */
export const PREVIEW_SCAN = 1_000;

/**
 * Watch CRUD (editors) and the live preview of what a query would match over recent mentions. Shortening a watch's
 * retention deletes its history at the next retention run, which no one can undo: only admins may, and each change of
 * retention is logged as an audit line (who, watch, from, to).
 */
export function watchRoutes(
  app: FastifyInstance,
  d: { watches: WatchRegistry; store: DashboardStore; now: () => number; log: Logger },
): void {
  const editor = { access: 'editor' as const };

  app.get('/api/watches', async () => ({ watches: await d.watches.list() }));
  app.get<{ Params: { id: string } }>('/api/watches/:id', { schema: { params: IdParams } }, async (req) => ({
    watch: await d.watches.get(req.params.id),
  }));

  app.post<{ Body: WatchInput }>(
    '/api/watches',
    { config: editor, schema: { body: WatchBody } },
    async (req, reply) => {
      reply.status(201);
      return { watch: await d.watches.create(req.body, req.principal!.name) };
    },
  );

  app.put<{ Params: { id: string }; Body: WatchInput }>(
    '/api/watches/:id',
    {
      config: editor,
      schema: { params: IdParams, body: WatchBody },
    },
    async (req) => {
      const p = req.principal!;
      const before = await d.watches.get(req.params.id);
      const shrinks = req.body.retentionDays < before.retentionDays;
      if (shrinks && !hasRole(p, 'admin')) {
        throw new VaktError(
          'VAKT_FORBIDDEN',
          `shortening retention from ${before.retentionDays} to ${req.body.retentionDays} days deletes history: an admin must do it`,
        );
      }
      const watch = await d.watches.update(req.params.id, req.body, p.name);
      if (watch.retentionDays !== before.retentionDays) {
        d.log.info(
          {
            audit: 'watch.retention',
            by: p.name,
            byKind: p.kind,
            watch: watch.id,
            fromDays: before.retentionDays,
            toDays: watch.retentionDays,
          },
          shrinks ? 'watch retention shortened' : 'watch retention lengthened',
        );
      }
      return { watch };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/watches/:id',
    { config: editor, schema: { params: IdParams } },
    async (req) => {
      await d.watches.remove(req.params.id, req.principal!.name);
      return { ok: true };
    },
  );

  app.post<{ Body: { query: string; hours: number; limit: number } }>(
    '/api/watches/preview',
    {
      config: editor,
      schema: {
        body: {
          type: 'object',
          required: ['query'],
          additionalProperties: false,
          properties: {
            query: Query,
            hours: { type: 'integer', minimum: 1, maximum: 168, default: 24 },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
        },
      },
    },
    async (req) => {
      // Compile first: a parse error is a 400 naming the position, before any store work.
      const match = d.watches.compile(req.body.query);
      const now = d.now();
      const recent = await d.store.mentions({
        from: now - req.body.hours * 3_600_000,
        to: now,
        order: 'newest',
        limit: PREVIEW_SCAN,
      });
      const hits = recent.filter((m) => match(m.text));
      const negative = hits.filter((m) => m.sentiment.label === 'negative').length;
      return { scanned: recent.length, matched: hits.length, negative, mentions: hits.slice(0, req.body.limit) };
    },
  );
}
