import type { FastifyInstance } from 'fastify';
import type { AlertActions, AlertState, WatchRegistry } from '../deps.js';
import { cleanAlertTerms, watchNameWords, type NameWords } from './watch-names.js';
import { WatchId } from './data-routes.js';

const FpParams = {
  type: 'object',
  required: ['fp'],
  properties: { fp: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } },
} as const;
const Comment = { type: 'string', maxLength: 500 } as const;

/** Alert list/detail for viewers; ack, silence and resolve for editors. Every action is attributed to the caller. */
export function alertRoutes(
  app: FastifyInstance,
  d: {
    alerts: AlertActions;
    now: () => number;
    onChange: (s: AlertState) => void;
    watches?: Pick<WatchRegistry, 'get'>;
  },
): void {
  const names = (): NameWords => watchNameWords(d.watches);
  app.get<{ Querystring: { watch?: string; status?: 'firing' | 'resolved'; limit: number } }>(
    '/api/alerts',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            watch: WatchId,
            status: { type: 'string', enum: ['firing', 'resolved'] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
        },
      },
    },
    async (req) => {
      const words = names();
      return { alerts: await Promise.all((await d.alerts.list(req.query)).map((s) => cleanAlertTerms(s, words))) };
    },
  );

  app.get<{ Params: { fp: string } }>('/api/alerts/:fp', { schema: { params: FpParams } }, async (req) => ({
    state: await cleanAlertTerms(await d.alerts.get(req.params.fp), names()),
    history: await d.alerts.history(req.params.fp),
  }));

  app.get<{ Params: { fp: string } }>('/api/alerts/:fp/history', { schema: { params: FpParams } }, async (req) => ({
    history: await d.alerts.history(req.params.fp),
  }));

  const editor = { access: 'editor' as const };
  const commentBody = { type: 'object', additionalProperties: false, properties: { comment: Comment } } as const;

  app.post<{ Params: { fp: string }; Body: { comment?: string } }>(
    '/api/alerts/:fp/ack',
    {
      config: editor,
      schema: { params: FpParams, body: commentBody },
    },
    async (req) => {
      const state = await d.alerts.ack(req.params.fp, req.principal!.name, req.body?.comment);
      d.onChange(state);
      return { state };
    },
  );

  app.post<{ Params: { fp: string }; Body: { minutes: number; comment?: string } }>(
    '/api/alerts/:fp/silence',
    {
      config: editor,
      schema: {
        params: FpParams,
        body: {
          type: 'object',
          required: ['minutes'],
          additionalProperties: false,
          // Up to a week: longer silences hide real incidents; disable the watch's route instead.
          properties: { minutes: { type: 'integer', minimum: 1, maximum: 10_080 }, comment: Comment },
        },
      },
    },
    async (req) => {
      const until = d.now() + req.body.minutes * 60_000;
      const state = await d.alerts.silence(req.params.fp, until, req.principal!.name, req.body.comment);
      d.onChange(state);
      return { state };
    },
  );

  app.post<{ Params: { fp: string }; Body: { comment?: string } }>(
    '/api/alerts/:fp/resolve',
    {
      config: editor,
      schema: { params: FpParams, body: commentBody },
    },
    async (req) => {
      const state = await d.alerts.resolve(req.params.fp, req.principal!.name, req.body?.comment);
      d.onChange(state);
      return { state };
    },
  );
}
