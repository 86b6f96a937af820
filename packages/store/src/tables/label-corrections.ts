/**
 * `vakt.label_corrections` (migration 005): an analyst's correction of one mention's sentiment label, the training
 * data of `vakt train --add-corrections` (online adaptation). One row per correction,
 * ReplacingMergeTree(corrected_ms) on (watch, source, id): correcting again replaces, reads use FINAL.
 *
 * The mention's text, language and the model's label/score are copied from vakt.mentions when the correction is
 * made, so the training set survives retention; GDPR erasure (privacy.ts) deletes these rows too.
 */
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import type { Label } from '@vakt/schema/scored-mention';
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

export const LABEL_CORRECTIONS_TABLE = 'vakt.label_corrections';
export const LABELS: readonly Label[] = ['negative', 'neutral', 'positive'];

/** What an analyst asks for: "mention (watch, source, id) is really `label`". `by` is who (user name or token). */
export interface LabelCorrectionRequest {
  watch: string;
  source: string;
  id: string;
  label: Label;
  by: string;
}

/** A stored correction as read back. Author fields are kept in the table for erasure only and never returned. */
export interface LabelCorrection {
  watch: string;
  source: string;
  id: string;
  /** The corrected label. */
  label: Label;
  /** What the model said when the analyst corrected it. */
  modelLabel: Label;
  modelScore: number;
  model: string;
  /** The mention text as it was at correction time. */
  text: string;
  lang: string;
  /** The mention's created_at, ISO 8601. */
  createdAt: string;
  correctedBy: string;
  /** ISO 8601, millisecond precision. */
  correctedAt: string;
}

/** One line of a `vakt train --add` file: exactly the fields the training loader reads. */
export interface TrainingExample {
  text: string;
  label: Label;
  lang?: string;
}

const COLUMNS = [
  'watch',
  'source',
  'id',
  'label',
  'model_label',
  'model_score',
  'model',
  'text',
  'lang',
  'author',
  'author_id',
  'created_at',
  'corrected_by',
  'corrected_at',
  'corrected_ms',
] as const;
const READ_COLUMNS = COLUMNS.filter((c) => c !== 'author' && c !== 'author_id').join(', ');

type Row = Record<(typeof COLUMNS)[number], unknown>;

function fromRow(r: Row): LabelCorrection {
  return {
    watch: String(r.watch),
    source: String(r.source),
    id: String(r.id),
    label: r.label as Label,
    modelLabel: r.model_label as Label,
    modelScore: num(r.model_score),
    model: String(r.model),
    text: String(r.text),
    lang: String(r.lang),
    createdAt: fromClickHouseDateTime(String(r.created_at)),
    correctedBy: String(r.corrected_by),
    correctedAt: new Date(num(r.corrected_ms)).toISOString(),
  };
}

const invalid = (message: string): Result<never> => err(new VaktError('VAKT_SCHEMA_INVALID', message));

function checkRequest(req: LabelCorrectionRequest): Result<void> {
  for (const f of ['watch', 'source', 'id', 'by'] as const) {
    if (typeof req[f] !== 'string' || req[f] === '') return invalid(`correctLabel: ${f} is required`);
  }
  if (!LABELS.includes(req.label))
    return invalid(`correctLabel: label must be negative, neutral or positive, got ${JSON.stringify(req.label)}`);
  return ok(undefined);
}

/**
 * Records a correction. Reads the mention (FINAL: its latest scoring) to copy text and the model's verdict, then
 * inserts one row. Resolves ok(undefined) when no such mention is stored (never ingested, erased or past retention),
 * so the caller can say so; VAKT_SCHEMA_INVALID for a bad request; VAKT_CLICKHOUSE_* for the store.
 * Correcting the same mention again replaces the earlier correction (latest `now()` wins).
 */
export const correctLabel =
  (store: StoreClient, deps: { now?: () => number } = {}) =>
  async (req: LabelCorrectionRequest): Promise<Result<LabelCorrection | undefined>> => {
    const checked = checkRequest(req);
    if (!checked.ok) return checked;
    const at = (deps.now ?? Date.now)();
    if (!(at >= 0 && at <= MAX_DATETIME_MS)) return invalid('correctLabel: the clock is outside 1970–2106');
    const found = await selectRows<Record<string, unknown>>(
      store,
      sql`SELECT label, score, model, text, lang, author, author_id, created_at FROM vakt.mentions FINAL WHERE watch = ${req.watch} AND source = ${req.source} AND id = ${req.id} LIMIT 1`,
      'correctLabel (reading the mention)',
    );
    if (!found.ok) return found;
    const m = found.value[0];
    if (!m) return ok(undefined);
    const row = wellFormedRow({
      watch: req.watch,
      source: req.source,
      id: req.id,
      label: req.label,
      model_label: String(m['label']),
      model_score: num(m['score']),
      model: String(m['model']),
      text: String(m['text']),
      lang: String(m['lang']),
      author: String(m['author']),
      author_id: String(m['author_id']),
      created_at: String(m['created_at']),
      corrected_by: req.by,
      corrected_at: toClickHouseDateTime(at),
      corrected_ms: at,
    });
    try {
      await store.ch.insert({ table: LABEL_CORRECTIONS_TABLE, values: [row], format: 'JSONEachRow' });
    } catch (e) {
      return err(toStoreError(e, 'VAKT_CLICKHOUSE_INSERT', `the insert into ${LABEL_CORRECTIONS_TABLE}`));
    }
    return ok(fromRow(row as unknown as Row));
  };

/** Filters for `queryCorrections`. */
export interface CorrectionQuery {
  /** Only this watch; all watches when absent. */
  watch?: string;
  /** Only corrections made at or after this time (ms since epoch). */
  since?: number;
  /** 1..100 000, default 1000; newest first. */
  limit?: number;
}

/** The current correction of each corrected mention (FINAL), newest first. */
export const queryCorrections =
  (store: StoreClient) =>
  async (q: CorrectionQuery = {}): Promise<Result<LabelCorrection[]>> => {
    const limit = q.limit ?? 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
      return invalid('queryCorrections: limit must be an integer 1..100000');
    const where: SqlFragment[] = [raw('1')];
    if (q.watch !== undefined) where.push(sql`watch = ${q.watch}`);
    if (q.since !== undefined) {
      if (!Number.isFinite(q.since)) return invalid('queryCorrections: since must be a time in ms');
      where.push(sql`corrected_ms >= ${Math.max(0, Math.floor(q.since))}`);
    }
    const rows = await selectRows<Row>(
      store,
      sql`SELECT ${raw(READ_COLUMNS)} FROM vakt.label_corrections FINAL WHERE ${join(where, ' AND ')} ORDER BY corrected_ms DESC, watch, source, id LIMIT ${limit}`,
      'queryCorrections',
    );
    return rows.ok ? ok(rows.value.map(fromRow)) : rows;
  };

/** Map key of a mention within one watch, as `correctionsFor` returns them. */
export const mentionKey = (source: string, id: string): string => `${source}\u0000${id}`;

/**
 * The current corrections of the given mentions of one watch, keyed by `mentionKey(source, id)`: how the dashboard
 * marks corrected mentions in a list. At most 1000 keys per call.
 */
export const correctionsFor =
  (store: StoreClient) =>
  async (
    watch: string,
    keys: readonly { source: string; id: string }[],
  ): Promise<Result<Map<string, LabelCorrection>>> => {
    const out = new Map<string, LabelCorrection>();
    if (keys.length === 0) return ok(out);
    if (keys.length > 1000) return invalid('correctionsFor: at most 1000 mentions per call');
    const tuples = join(
      keys.map((k) => sql`(${k.source}, ${k.id})`),
      ', ',
    );
    const rows = await selectRows<Row>(
      store,
      sql`SELECT ${raw(READ_COLUMNS)} FROM vakt.label_corrections FINAL WHERE watch = ${watch} AND (source, id) IN (${tuples})`,
      'correctionsFor',
    );
    if (!rows.ok) return rows;
    for (const r of rows.value) {
      const c = fromRow(r);
      out.set(mentionKey(c.source, c.id), c);
    }
    return ok(out);
  };

/**
 * Corrections as training examples. A mention matched by several watches may be corrected in each; it is one text,
 * so it becomes one example, labelled by its latest correction (ties: the first watch in name order).
 */
export function trainingExamples(corrections: readonly LabelCorrection[]): TrainingExample[] {
  const latest = new Map<string, LabelCorrection>();
  for (const c of corrections) {
    const k = mentionKey(c.source, c.id);
    const prev = latest.get(k);
    const newer =
      prev === undefined ||
      c.correctedAt > prev.correctedAt ||
      (c.correctedAt === prev.correctedAt && c.watch < prev.watch);
    if (newer) latest.set(k, c);
  }
  return [...latest.values()]
    .sort(
      (a, b) =>
        a.correctedAt.localeCompare(b.correctedAt) || a.source.localeCompare(b.source) || a.id.localeCompare(b.id),
    )
    .map((c) => ({ text: c.text, label: c.label, ...(c.lang ? { lang: c.lang } : {}) }));
}

/** The `vakt train --add` file: one JSON object per line, `{"text","label","lang"}`, oldest correction first. */
export function toTrainingJsonl(corrections: readonly LabelCorrection[]): string {
  return trainingExamples(corrections)
    .map((e) => `${JSON.stringify(e)}\n`)
    .join('');
}
