import type { BatchHandler, BusRecord } from '@vakt/bus/types';
import type { Result } from '@vakt/errors/result';
import type { DeadLetter } from '@vakt/schema/dead-letter';
import { truncateRaw } from '@vakt/schema/validate';
import { readDeadLetter } from './dead-letter.js';
import type { Logger } from './logger.js';

/**
 * The DeadLetter a `vakt.dlq` record carries. A record without a valid envelope (put there by another tool, or by
 * hand) is still archived, described from its own bytes, rather than dropped: the DLQ table is where on-call and
 * analysts look for what the pipeline refused.
 */
export function deadLetterOf(record: BusRecord, now: number): DeadLetter {
  return (
    readDeadLetter(record) ?? {
      schemaVersion: 1,
      code: 'VAKT_SCHEMA_INVALID',
      reason: 'record on the dead-letter topic without a valid vakt-dead-letter header',
      stage: 'unknown',
      failed_at: new Date(record.timestamp > 0 ? record.timestamp : now).toISOString(),
      origin: { topic: record.topic, partition: record.partition, offset: record.offset, key: record.key },
      raw_truncated: truncateRaw(record.value),
      raw_bytes: record.value.length,
    }
  );
}

export interface DeadLetterArchiveOptions {
  /** Inserts dead letters into the store (vakt.dead_letters); ok only when durable. */
  write: (letters: DeadLetter[]) => Promise<Result<void>>;
  log: Logger;
  now: () => number;
  /** Called with the records once archived (embedded mode answers the ingest requests that were waiting). */
  onArchived?: (records: BusRecord[]) => void;
}

/**
 * Consumes `vakt.dlq` into `vakt.dead_letters`, so what the pipeline refused is queryable with its reason. A
 * retriable store failure rejects (the bus redelivers after a backoff and commits nothing); rows the store refuses
 * for good are logged and skipped, because the dead-letter topic has no dead-letter topic of its own. Redelivery
 * writes the same row (same origin, stage and failed_at), which ReplacingMergeTree collapses.
 */
export function deadLetterArchive(opts: DeadLetterArchiveOptions): BatchHandler {
  return async (records) => {
    const letters = records.map((r) => deadLetterOf(r, opts.now()));
    const written = await opts.write(letters);
    if (!written.ok) {
      if (written.error.retriable) throw written.error;
      opts.log.error(
        {
          code: written.error.code,
          records: records.length,
          partition: records[0]?.partition,
          offset: records[0]?.offset,
        },
        'dead letters refused by the store; skipped (they stay on vakt.dlq)',
      );
    }
    opts.onArchived?.(records);
  };
}
