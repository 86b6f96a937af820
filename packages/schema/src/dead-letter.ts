import { Type, type Static } from '@sinclair/typebox';
import { compile } from './validate.js';

/**
 * What `vakt.dlq` carries. The record *value* is the original bytes, unchanged, so a fixed consumer can replay them;
 * this envelope travels JSON-encoded in the `vakt-dead-letter` header (and is what the DLQ table stores).
 */
export const DeadLetter = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    /** A VaktError code (bounded set, safe as a metric label). */
    code: Type.String({ maxLength: 64 }),
    /** Human-readable reason, e.g. the JSON path that failed validation. No more user text than rawTruncated. */
    reason: Type.String({ maxLength: 1024 }),
    /** The stage that gave up: ingest, scorer, sink, alerter. */
    stage: Type.String({ maxLength: 32 }),
    failed_at: Type.String({ format: 'date-time' }),
    origin: Type.Optional(
      Type.Object(
        {
          topic: Type.String(),
          partition: Type.Integer(),
          offset: Type.String(),
          key: Type.Union([Type.String(), Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
    raw_truncated: Type.String({ maxLength: 2048 }),
    raw_bytes: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false, $id: 'DeadLetter' },
);
export type DeadLetter = Static<typeof DeadLetter>;

export const DEAD_LETTER_HEADER = 'vakt-dead-letter';
export const deadLetterValidator = compile('DeadLetter', DeadLetter);
