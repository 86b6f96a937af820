import type { FastifyInstance } from 'fastify';
import { VaktError } from '@vakt/errors/vakt-error';
import type { BreakdownDimension, DashboardStore, MentionQuery, Step, WatchRegistry } from '../deps.js';
import { withCorrections } from './correction-marks.js';
import { withoutNames } from '@vakt/detector/terms';
import { watchNameWords, type NameWords } from './watch-names.js';

export const WatchId = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[a-z0-9][a-z0-9_.-]*$' } as const;
const Millis = { type: 'integer', minimum: 0, maximum: 8_640_000_000_000 } as const;
const STEP_MS: Record<Step, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
/** A chart never needs more points than a wall screen has pixels; this also bounds the ClickHouse scan. */
export const MAX_BUCKETS = 2_000;
const DEFAULT_SPAN: Record<Step, number> = { minute: 2 * 3_600_000, hour: 7 * 86_400_000, day: 90 * 86_400_000 };

/** Resolves an optional [from, to) against the clock and rejects inverted or unbounded ranges. */
export function resolveRange(
  q: { from?: number; to?: number },
  now: number,
  defaultSpan: number,
): { from: number; to: number } {
  const to = q.to ?? now;
  const from = q.from ?? to - defaultSpan;
  if (from >= to) throw new VaktError('VAKT_REQUEST_INVALID', 'querystring/from must be before querystring/to');
  return { from, to };
}

interface RangeQs {
  from?: number;
  to?: number;
}

/** Read-only views over the store: timeline, breakdowns, surging terms, the mention stream. */
export function dataRoutes(
  app: FastifyInstance,
  d: { store: DashboardStore; now: () => number; watches?: Pick<WatchRegistry, 'get'> },
): void {
  const names = (): NameWords => watchNameWords(d.watches);
  const params = { type: 'object', required: ['watch'], properties: { watch: WatchId } } as const;

  app.get<{ Params: { watch: string }; Querystring: RangeQs & { step: Step } }>(
    '/api/watches/:watch/timeline',
    {
      schema: {
        params,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            step: { type: 'string', enum: ['minute', 'hour', 'day'], default: 'minute' },
            from: Millis,
            to: Millis,
          },
        },
      },
    },
    async (req) => {
      const { step } = req.query;
      const range = resolveRange(req.query, d.now(), DEFAULT_SPAN[step]);
      if ((range.to - range.from) / STEP_MS[step] > MAX_BUCKETS) {
        throw new VaktError(
          'VAKT_REQUEST_INVALID',
          `range too long for step ${step}: at most ${MAX_BUCKETS} buckets; zoom out`,
        );
      }
      const points = await d.store.timeline({ watch: req.params.watch, step, ...range });
      return { watch: req.params.watch, step, ...range, points };
    },
  );

  app.get<{ Params: { watch: string }; Querystring: RangeQs & { by: BreakdownDimension; limit: number } }>(
    '/api/watches/:watch/breakdown',
    {
      schema: {
        params,
        querystring: {
          type: 'object',
          required: ['by'],
          additionalProperties: false,
          properties: {
            by: { type: 'string', enum: ['source', 'lang', 'entity'] },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
            from: Millis,
            to: Millis,
          },
        },
      },
    },
    async (req) => {
      const range = resolveRange(req.query, d.now(), 86_400_000);
      const rows = await d.store.breakdown({
        watch: req.params.watch,
        by: req.query.by,
        limit: req.query.limit,
        ...range,
      });
      return { watch: req.params.watch, by: req.query.by, ...range, rows };
    },
  );

  app.get<{ Params: { watch: string }; Querystring: RangeQs & { limit: number } }>(
    '/api/watches/:watch/surging',
    {
      schema: {
        params,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 }, from: Millis, to: Millis },
        },
      },
    },
    async (req) => {
      const range = resolveRange(req.query, d.now(), 3_600_000);
      // Ask for more than shown: the watch's own names and stop words are dropped from the store's list.
      const [raw, words] = await Promise.all([
        d.store.surgingTerms({ watch: req.params.watch, limit: req.query.limit + 20, ...range }),
        names()(req.params.watch),
      ]);
      return { watch: req.params.watch, ...range, terms: withoutNames(raw, words).slice(0, req.query.limit) };
    },
  );

  app.get<{ Querystring: Omit<MentionQuery, 'from' | 'to'> & RangeQs }>(
    '/api/mentions',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            watch: WatchId,
            entity: { type: 'string', minLength: 1, maxLength: 128 },
            label: { type: 'string', enum: ['negative', 'neutral', 'positive'] },
            lang: { type: 'string', pattern: '^[a-z]{2,5}$' },
            source: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_.:-]*$' },
            order: { type: 'string', enum: ['newest', 'reach'], default: 'newest' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            from: Millis,
            to: Millis,
          },
        },
      },
    },
    async (req) => {
      if (req.query.from !== undefined && req.query.to !== undefined && req.query.from >= req.query.to) {
        throw new VaktError('VAKT_REQUEST_INVALID', 'querystring/from must be before querystring/to');
      }
      // Each mention an analyst relabelled carries `correction` (its label, who, when) next to the model's verdict.
      return { mentions: await withCorrections(d.store, await d.store.mentions(req.query), req.query.watch) };
    },
  );
}
