import type { BusRecord, OutgoingRecord } from '@vakt/bus/types';
import { DEAD_LETTER_HEADER, deadLetterValidator, type DeadLetter } from '@vakt/schema/dead-letter';
import { truncateRaw } from '@vakt/schema/validate';
import type { VaktError } from '@vakt/errors/vakt-error';

/**
 * Builds the `vakt.dlq` record for a poison input: the original bytes unchanged as the value (so a fixed consumer
 * can replay them), the reason as a validated DeadLetter envelope in a header, keyed like its origin.
 */
export function deadLetterRecord(
  input: { raw: Buffer; origin?: BusRecord },
  error: VaktError,
  stage: string,
  now: number,
): OutgoingRecord {
  const letter: DeadLetter = {
    schemaVersion: 1,
    code: error.code,
    reason: error.message.slice(0, 1024),
    stage,
    failed_at: new Date(now).toISOString(),
    raw_truncated: truncateRaw(input.raw),
    raw_bytes: input.raw.length,
    ...(input.origin
      ? {
          origin: {
            topic: input.origin.topic,
            partition: input.origin.partition,
            offset: input.origin.offset,
            key: input.origin.key,
          },
        }
      : {}),
  };
  const checked = deadLetterValidator.check(letter);
  // A DeadLetter we build ourselves failing its own schema is a bug, not bad input.
  if (!checked.ok) throw checked.error;
  return {
    key: input.origin?.key ?? null,
    value: input.raw,
    headers: { [DEAD_LETTER_HEADER]: JSON.stringify(letter) },
  };
}

export function readDeadLetter(record: { headers: Record<string, string> }): DeadLetter | undefined {
  const header = record.headers[DEAD_LETTER_HEADER];
  if (!header) return undefined;
  const r = deadLetterValidator.parse(header);
  return r.ok ? r.value : undefined;
}
