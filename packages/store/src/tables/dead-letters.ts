/**
 * `vakt.dead_letters` (migration 003): what a stage gave up on, with code and reason, keyed by origin so a
 * re-delivered poison message is one row after merges. `raw_truncated` may hold user text: it is data, not logs.
 */
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import { deadLetterValidator, type DeadLetter } from '@vakt/schema/dead-letter';
import type { StoreClient } from '../client.js';
import { toStoreError } from '../errors.js';
import { num, selectRows, wellFormedRow } from '../query.js';
import {
  fromClickHouseDateTime,
  join,
  MAX_DATETIME_MS,
  raw,
  sql,
  toClickHouseDateTime,
  type SqlFragment,
} from '../sql-literal.js';

export const DEAD_LETTERS_TABLE = 'vakt.dead_letters';

export interface DeadLetterRow {
  failed_at: string;
  stage: string;
  code: string;
  reason: string;
  origin_topic: string;
  origin_partition: number;
  origin_offset: string;
  origin_key: string | null;
  raw_truncated: string;
  raw_bytes: number;
}

export function toDeadLetterRow(d: unknown, index = 0): Result<DeadLetterRow> {
  const checked = deadLetterValidator.check(d);
  if (!checked.ok)
    return err(
      new VaktError(
        'VAKT_SCHEMA_INVALID',
        `DeadLetter[${index}] ${checked.error.message.replace(/^DeadLetter /, '')}`,
        { context: { index } },
      ),
    );
  const v = checked.value;
  const ms = Date.parse(v.failed_at);
  if (!(ms >= 0 && ms <= MAX_DATETIME_MS))
    return err(
      new VaktError('VAKT_SCHEMA_INVALID', `DeadLetter[${index}] /failed_at: outside 1970–2106`, {
        context: { index },
      }),
    );
  return ok(
    wellFormedRow({
      failed_at: toClickHouseDateTime(ms),
      stage: v.stage,
      code: v.code,
      reason: v.reason,
      origin_topic: v.origin?.topic ?? '',
      origin_partition: v.origin?.partition ?? -1,
      origin_offset: v.origin?.offset ?? '',
      origin_key: v.origin ? v.origin.key : null,
      raw_truncated: v.raw_truncated,
      raw_bytes: v.raw_bytes,
    }),
  );
}

/** Inserts dead letters; all-or-nothing validation, errors without row text (like insertMentions). */
export const insertDeadLetters =
  (store: StoreClient) =>
  async (letters: readonly DeadLetter[]): Promise<Result<void>> => {
    const rows: DeadLetterRow[] = [];
    for (const [i, d] of letters.entries()) {
      const r = toDeadLetterRow(d, i);
      if (!r.ok) return r;
      rows.push(r.value);
    }
    if (rows.length === 0) return ok(undefined);
    try {
      await store.ch.insert({ table: DEAD_LETTERS_TABLE, values: rows, format: 'JSONEachRow' });
      return ok(undefined);
    } catch (e) {
      return err(
        toStoreError(e, 'VAKT_CLICKHOUSE_INSERT', `the insert of ${rows.length} rows into ${DEAD_LETTERS_TABLE}`),
      );
    }
  };

export interface DeadLetterQuery {
  stage?: string;
  code?: string;
  /** 1..1000, default 100; newest first. */
  limit?: number;
}

/** Newest dead letters, deduplicated (FINAL), back in the wire format. */
export const queryDeadLetters =
  (store: StoreClient) =>
  async (q: DeadLetterQuery = {}): Promise<Result<DeadLetter[]>> => {
    const limit = q.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return err(new VaktError('VAKT_SCHEMA_INVALID', 'queryDeadLetters: limit must be an integer 1..1000'));
    const where: SqlFragment[] = [raw('1')];
    if (q.stage !== undefined) where.push(sql`stage = ${q.stage}`);
    if (q.code !== undefined) where.push(sql`code = ${q.code}`);
    const rows = await selectRows<DeadLetterRow>(
      store,
      sql`SELECT * FROM vakt.dead_letters FINAL WHERE ${join(where, ' AND ')} ORDER BY failed_at DESC LIMIT ${limit}`,
      'queryDeadLetters',
    );
    if (!rows.ok) return rows;
    return ok(
      rows.value.map((r) => ({
        schemaVersion: 1 as const,
        code: r.code,
        reason: r.reason,
        stage: r.stage,
        failed_at: fromClickHouseDateTime(r.failed_at),
        ...(r.origin_topic
          ? {
              origin: {
                topic: r.origin_topic,
                partition: num(r.origin_partition),
                offset: r.origin_offset,
                key: r.origin_key,
              },
            }
          : {}),
        raw_truncated: r.raw_truncated,
        raw_bytes: num(r.raw_bytes),
      })),
    );
  };
