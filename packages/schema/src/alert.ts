import { Type, type Static } from '@sinclair/typebox';
import { compile } from './validate.js';
import { ExplanationSpan, Label } from './scored-mention.js';

/** A mention that contributed to an alert, with the explanation the dashboard highlights. */
export const AlertMention = Type.Object(
  {
    id: Type.String(),
    source: Type.String(),
    url: Type.Optional(Type.String()),
    text: Type.String({ maxLength: 1024 }),
    author: Type.Optional(Type.String()),
    reach: Type.Number({ minimum: 0 }),
    label: Label,
    score: Type.Number(),
    explanation: Type.Array(ExplanationSpan),
  },
  { additionalProperties: false },
);

/**
 * An alert in Alertmanager's vocabulary (status, startsAt/endsAt, labels, annotations, fingerprint, generatorURL),
 * so receivers and an existing Alertmanager understand it as is. `fingerprint` is the stable dedup key:
 * a hash of the watch, series and window labels.
 */
export const Alert = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    fingerprint: Type.String({ minLength: 1, maxLength: 64 }),
    status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
    startsAt: Type.String({ format: 'date-time' }),
    /** Set when resolved. */
    endsAt: Type.Optional(Type.String({ format: 'date-time' })),
    updatedAt: Type.String({ format: 'date-time' }),
    labels: Type.Object(
      {
        alertname: Type.String(),
        watch: Type.String(),
        series: Type.String(),
        /** The detector window the series is aggregated over (e.g. "1m"); part of the fingerprint. */
        window: Type.String(),
        severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]),
      },
      { additionalProperties: Type.String() },
    ),
    annotations: Type.Object(
      {
        summary: Type.String(),
        description: Type.Optional(Type.String()),
        /** Who acts on this alert (routing owners), comma-separated. */
        owners: Type.Optional(Type.String()),
      },
      { additionalProperties: Type.String() },
    ),
    /** What the detector saw: observed vs expected in the triggering window. */
    evidence: Type.Object(
      {
        window: Type.String(),
        observed: Type.Number(),
        expected: Type.Number(),
        score: Type.Number({ minimum: 0, maximum: 1 }),
        topMentions: Type.Array(AlertMention, { maxItems: 20 }),
        surgingTerms: Type.Array(Type.Object({ term: Type.String(), weight: Type.Number() }), { maxItems: 20 }),
      },
      { additionalProperties: false },
    ),
    generatorURL: Type.String(),
  },
  { additionalProperties: false, $id: 'Alert' },
);
export type Alert = Static<typeof Alert>;
export type AlertMention = Static<typeof AlertMention>;

export const alertValidator = compile('Alert', Alert);
