/**
 * `vakt.alerts` (migration 003): one row per firing episode (fingerprint, starts_at), ReplacingMergeTree(updated_ms)
 * so the latest lifecycle change wins; read FINAL. Top mentions are stored as keys and rehydrated from
 * vakt.mentions on read, so an erased author disappears from alert history too.
 */
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import { alertValidator, type Alert, type AlertMention } from '@vakt/schema/alert';
import type { StoreClient } from '../client.js';
import { toStoreError } from '../errors.js';
import { selectRows, toDate, wellFormedRow, type TimeArg } from '../query.js';
import { join, literal, MAX_DATETIME_MS, raw, sql, toClickHouseDateTime, type SqlFragment } from '../sql-literal.js';
import { fromMentionRow, MENTION_COLUMNS } from './mentions.js';

export const ALERTS_TABLE = 'vakt.alerts';

/** The key of a top mention, as stored in `top_mentions` (JSON array). */
interface MentionKey {
  source: string;
  id: string;
}

export interface AlertRow {
  fingerprint: string;
  starts_at: string;
  status: 'firing' | 'resolved';
  ends_at: string | null;
  updated_at: string;
  updated_ms: number;
  starts_iso: string;
  ends_iso: string;
  updated_iso: string;
  alertname: string;
  watch: string;
  series: string;
  severity: string;
  labels: string;
  annotations: string;
  evidence: string;
  top_mentions: string;
  generator_url: string;
}

function time(iso: string, field: string, index: number): Result<{ ch: string; ms: number }> {
  const ms = Date.parse(iso);
  if (!(ms >= 0 && ms <= MAX_DATETIME_MS))
    return err(
      new VaktError('VAKT_SCHEMA_INVALID', `Alert[${index}] /${field}: outside 1970–2106`, { context: { index } }),
    );
  return ok({ ch: toClickHouseDateTime(ms), ms });
}

/** Validates an Alert and maps it to its row. */
export function toAlertRow(a: unknown, index = 0): Result<AlertRow> {
  const checked = alertValidator.check(a);
  if (!checked.ok)
    return err(
      new VaktError('VAKT_SCHEMA_INVALID', `Alert[${index}] ${checked.error.message.replace(/^Alert /, '')}`, {
        context: { index, path: checked.error.context['path'] },
      }),
    );
  const v = checked.value;
  const starts = time(v.startsAt, 'startsAt', index);
  const updated = time(v.updatedAt, 'updatedAt', index);
  const ends = v.endsAt === undefined ? undefined : time(v.endsAt, 'endsAt', index);
  if (!starts.ok) return starts;
  if (!updated.ok) return updated;
  if (ends && !ends.ok) return ends;
  const { topMentions, ...evidence } = v.evidence;
  const keys: MentionKey[] = topMentions.map((m) => ({ source: m.source, id: m.id }));
  return ok(
    wellFormedRow({
      fingerprint: v.fingerprint,
      starts_at: starts.value.ch,
      status: v.status,
      ends_at: ends?.ok ? ends.value.ch : null,
      updated_at: updated.value.ch,
      updated_ms: updated.value.ms,
      starts_iso: v.startsAt,
      ends_iso: v.endsAt ?? '',
      updated_iso: v.updatedAt,
      alertname: v.labels.alertname,
      watch: v.labels.watch,
      series: v.labels.series,
      severity: v.labels.severity,
      labels: JSON.stringify(v.labels),
      annotations: JSON.stringify(v.annotations),
      evidence: JSON.stringify(evidence),
      top_mentions: JSON.stringify(keys),
      generator_url: v.generatorURL,
    }),
  );
}

/** Inserts alert states (a new row per lifecycle change). All-or-nothing validation like insertMentions. */
export const insertAlerts =
  (store: StoreClient) =>
  async (alerts: readonly Alert[]): Promise<Result<void>> => {
    const rows: AlertRow[] = [];
    for (const [i, a] of alerts.entries()) {
      const r = toAlertRow(a, i);
      if (!r.ok) return r;
      rows.push(r.value);
    }
    if (rows.length === 0) return ok(undefined);
    try {
      await store.ch.insert({ table: ALERTS_TABLE, values: rows, format: 'JSONEachRow' });
      return ok(undefined);
    } catch (e) {
      return err(toStoreError(e, 'VAKT_CLICKHOUSE_INSERT', `the insert of ${rows.length} rows into ${ALERTS_TABLE}`));
    }
  };

export interface AlertQuery {
  watch?: string;
  status?: 'firing' | 'resolved';
  fingerprint?: string;
  /** Episodes that started in [from, to). */
  from?: TimeArg;
  to?: TimeArg;
  /** 1..1000, default 100; most recently updated first. */
  limit?: number;
}

const AlertMentionTextMax = 1024;

/** Latest state of each alert episode, most recently updated first, with top mentions rehydrated. */
export const queryAlerts =
  (store: StoreClient) =>
  async (q: AlertQuery = {}): Promise<Result<Alert[]>> => {
    const limit = q.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return err(new VaktError('VAKT_SCHEMA_INVALID', 'queryAlerts: limit must be an integer 1..1000'));
    const where: SqlFragment[] = [raw('1')];
    if (q.watch !== undefined) where.push(sql`watch = ${q.watch}`);
    if (q.status !== undefined) where.push(sql`status = ${q.status}`);
    if (q.fingerprint !== undefined) where.push(sql`fingerprint = ${q.fingerprint}`);
    for (const [v, op] of [
      [q.from, '>='],
      [q.to, '<'],
    ] as const) {
      if (v === undefined) continue;
      const d = toDate(v);
      if (!d) return err(new VaktError('VAKT_SCHEMA_INVALID', `queryAlerts: ${String(v)} is not a valid time`));
      where.push(sql`starts_at ${raw(op)} ${d}`);
    }
    const rows = await selectRows<AlertRow>(
      store,
      sql`SELECT * FROM vakt.alerts FINAL WHERE ${join(where, ' AND ')} ORDER BY updated_ms DESC LIMIT ${limit}`,
      'queryAlerts',
    );
    if (!rows.ok) return rows;
    const mentions = await loadTopMentions(store, rows.value);
    if (!mentions.ok) return mentions;
    return ok(rows.value.map((r) => fromAlertRow(r, mentions.value)));
  };

async function loadTopMentions(
  store: StoreClient,
  rows: readonly AlertRow[],
): Promise<Result<Map<string, AlertMention>>> {
  const tuples = new Set<string>();
  for (const r of rows) {
    for (const k of JSON.parse(r.top_mentions) as MentionKey[])
      tuples.add(`(${literal(r.watch)}, ${literal(k.source)}, ${literal(k.id)})`);
  }
  const out = new Map<string, AlertMention>();
  if (tuples.size === 0) return ok(out);
  const query = sql`SELECT ${raw(MENTION_COLUMNS.join(', '))} FROM vakt.mentions FINAL WHERE (watch, source, id) IN (${raw([...tuples].join(', '))})`;
  const found = await selectRows<Record<(typeof MENTION_COLUMNS)[number], unknown>>(
    store,
    query,
    'queryAlerts (top mentions)',
  );
  if (!found.ok) return found;
  for (const raw of found.value) {
    const m = fromMentionRow(raw);
    out.set(`${m.watch}\u0000${m.source}\u0000${m.id}`, {
      id: m.id,
      source: m.source,
      ...(m.url ? { url: m.url } : {}),
      text: m.text.length > AlertMentionTextMax ? `${m.text.slice(0, AlertMentionTextMax - 1)}…` : m.text,
      ...(m.author ? { author: m.author } : {}),
      reach: m.reach,
      label: m.label,
      score: m.score,
      explanation: m.explanation,
    });
  }
  return ok(out);
}

function fromAlertRow(r: AlertRow, mentions: Map<string, AlertMention>): Alert {
  const evidence = JSON.parse(r.evidence) as Omit<Alert['evidence'], 'topMentions'>;
  const keys = JSON.parse(r.top_mentions) as MentionKey[];
  const topMentions = keys.flatMap((k) => {
    const m = mentions.get(`${r.watch}\u0000${k.source}\u0000${k.id}`);
    return m ? [m] : []; // erased (GDPR) or expired (retention): the alert keeps its numbers, loses the mention
  });
  return {
    schemaVersion: 1,
    fingerprint: r.fingerprint,
    status: r.status,
    startsAt: r.starts_iso,
    ...(r.ends_iso ? { endsAt: r.ends_iso } : {}),
    updatedAt: r.updated_iso,
    labels: JSON.parse(r.labels) as Alert['labels'],
    annotations: JSON.parse(r.annotations) as Alert['annotations'],
    evidence: { ...evidence, topMentions },
    generatorURL: r.generator_url,
  };
}
