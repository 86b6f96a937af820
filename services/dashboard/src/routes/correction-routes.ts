import type { FastifyInstance } from 'fastify';
import { VaktError } from '@vakt/errors/vakt-error';
import type { Label } from '@vakt/schema/scored-mention';
import { toTrainingJsonl } from '@vakt/store/tables/label-corrections';
import type { DashboardStore, Logger } from '../deps.js';
import { WatchId } from './data-routes.js';

/** Mention keys are opaque source strings (any script, quotes); the store escapes them, so only length is limited. */
const Key = { type: 'string', minLength: 1, maxLength: 512 } as const;
const LabelSchema = { type: 'string', enum: ['negative', 'neutral', 'positive'] } as const;
const Millis = { type: 'integer', minimum: 0, maximum: 8_640_000_000_000 } as const;
/** Corrections are made by hand: 100 000 is years of an analyst team's work, and bounds one export's memory. */
const EXPORT_MAX = 100_000;

interface CorrectBody {
  watch: string;
  source: string;
  id: string;
  label: Label;
}

/**
 * Label corrections (online adaptation).
 * - `POST /api/corrections` (editor, i.e. analyst, or admin): "this mention's sentiment is really `label`". 400 with
 *   a message for a bad label or a mention that is not stored (never ingested, erased or past retention).
 * - `GET /api/corrections` (viewer): the current correction per mention, newest first, with the model's verdict.
 * - `GET /api/corrections/export` (viewer): the same as a `vakt train --add` file, `{"text","label","lang"}` per line.
 * Viewers may read them because they can already read every mention text through `/api/mentions`.
 */
export function correctionRoutes(
  app: FastifyInstance,
  d: { store: DashboardStore; now: () => number; log: Logger },
): void {
  app.post<{ Body: CorrectBody }>(
    '/api/corrections',
    {
      config: { access: 'editor' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['watch', 'source', 'id', 'label'],
          properties: { watch: WatchId, source: Key, id: Key, label: LabelSchema },
        },
      },
    },
    async (req) => {
      const { watch, source, id, label } = req.body;
      const by = req.principal!.name;
      const correction = await d.store.correctLabel({ watch, source, id, label, by, at: d.now() });
      if (!correction) {
        throw new VaktError(
          'VAKT_REQUEST_INVALID',
          `body: no stored mention with this source and id in watch ${watch} (it may be past retention or erased)`,
        );
      }
      // Audit without the mention's text or id: who relabelled what kind of verdict, in which watch.
      d.log.info(
        { audit: 'label.correct', watch, by, byKind: req.principal!.kind, label, modelLabel: correction.modelLabel },
        'mention label corrected',
      );
      return { correction };
    },
  );

  const listQuery = {
    type: 'object',
    additionalProperties: false,
    properties: { watch: WatchId, since: Millis, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
  } as const;
  app.get<{ Querystring: { watch?: string; since?: number; limit: number } }>(
    '/api/corrections',
    { schema: { querystring: listQuery } },
    async (req) => {
      const { watch, since, limit } = req.query;
      return {
        corrections: await d.store.corrections({
          ...(watch ? { watch } : {}),
          ...(since !== undefined ? { since } : {}),
          limit,
        }),
      };
    },
  );

  const exportQuery = {
    type: 'object',
    additionalProperties: false,
    properties: { watch: WatchId, since: Millis },
  } as const;
  app.get<{ Querystring: { watch?: string; since?: number } }>(
    '/api/corrections/export',
    { schema: { querystring: exportQuery } },
    async (req, reply) => {
      const { watch, since } = req.query;
      const all = await d.store.corrections({
        ...(watch ? { watch } : {}),
        ...(since !== undefined ? { since } : {}),
        limit: EXPORT_MAX,
      });
      // A full page means older corrections were cut: say so rather than hand over a silently partial training set.
      if (all.length >= EXPORT_MAX) reply.header('x-vakt-truncated', 'true');
      const name = `vakt-corrections${watch ? `-${watch}` : ''}.jsonl`;
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(toTrainingJsonl(all));
    },
  );
}
