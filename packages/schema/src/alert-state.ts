import { Type, type Static } from '@sinclair/typebox';
import { Alert } from './alert.js';
import { compile } from './validate.js';

/**
 * The alerter's operator API (`/v1/alerts…`) as the dashboard reads it in distributed mode: an alert with what
 * on-call staff did to it, and the history of those actions. One declaration for both sides of that HTTP boundary.
 */
export const AlertState = Type.Object(
  {
    alert: Alert,
    acknowledgedBy: Type.Optional(Type.String({ maxLength: 256 })),
    acknowledgedAt: Type.Optional(Type.String({ format: 'date-time' })),
    silencedUntil: Type.Optional(Type.String({ format: 'date-time' })),
    resolvedBy: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false, $id: 'AlertState' },
);
/** Operator state of an alert, on top of the detector's firing/resolved. */
export type AlertState = Static<typeof AlertState>;

export const AlertAction = Type.Object(
  {
    fingerprint: Type.String({ maxLength: 256 }),
    action: Type.Union([
      Type.Literal('ack'),
      Type.Literal('silence'),
      Type.Literal('resolve'),
      Type.Literal('fired'),
      Type.Literal('auto-resolved'),
    ]),
    by: Type.String({ maxLength: 256 }),
    at: Type.String({ format: 'date-time' }),
    comment: Type.Optional(Type.String({ maxLength: 2048 })),
    until: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false, $id: 'AlertAction' },
);
/** One operator action, for "who did what when". */
export type AlertAction = Static<typeof AlertAction>;

export const alertStateValidator = compile('AlertState', AlertState);
export const alertStateListValidator = compile('AlertStateList', Type.Array(AlertState, { maxItems: 10_000 }));
export const alertActionListValidator = compile('AlertActionList', Type.Array(AlertAction, { maxItems: 100_000 }));

/** The alerter's answer to a GDPR erasure (`POST /v1/privacy/erase-mentions`): what it rewrote. */
export const ErasedCounts = Type.Object(
  { alerts: Type.Integer({ minimum: 0 }), deliveries: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false, $id: 'ErasedCounts' },
);
export type ErasedCounts = Static<typeof ErasedCounts>;
export const erasedCountsValidator = compile('ErasedCounts', ErasedCounts);
