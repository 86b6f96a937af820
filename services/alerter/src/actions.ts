import type { AlertLifecycle, Transition } from '@vakt/alerting/lifecycle';
import { VaktError } from '@vakt/errors/vakt-error';
import type { Alert } from '@vakt/schema/alert';
import type { AlertState as AlertStateView, AlertAction as AlertActionRecord } from '@vakt/schema/alert-state';

/** The operator API's wire types live in @vakt/schema (the dashboard validates them on its side). */
export type { AlertState as AlertStateView, AlertAction as AlertActionRecord } from '@vakt/schema/alert-state';

/**
 * The operator verbs the dashboard calls (structurally its `AlertActions`). Unknown fingerprints reject with
 * VAKT_NOT_FOUND. Silence is per watch, as on-call staff think of it ("mute Trygghetskassan for two hours"): silencing
 * one alert silences its watch. History is kept in memory, bounded (the store has the durable trail).
 */
export interface AlertActionsImpl {
  list(q: { watch?: string; status?: 'firing' | 'resolved'; limit: number }): Promise<AlertStateView[]>;
  get(fingerprint: string): Promise<AlertStateView>;
  ack(fingerprint: string, by: string, comment?: string): Promise<AlertStateView>;
  silence(fingerprint: string, until: number, by: string, comment?: string): Promise<AlertStateView>;
  resolve(fingerprint: string, by: string, comment?: string): Promise<AlertStateView>;
  history(fingerprint: string): Promise<AlertActionRecord[]>;
  /** Records lifecycle transitions (fired / auto-resolved) in the history. */
  record(t: Transition): void;
}

const MAX_HISTORY = 5_000;

export function createAlertActions(d: {
  lifecycle: AlertLifecycle;
  now: () => number;
  ackMs: number;
  persistSilence: (watch: string, until: number) => void;
  apply: (t: Transition[]) => Promise<void>;
}): AlertActionsImpl {
  const acks = new Map<string, { by: string; at: number }>();
  const resolvedBy = new Map<string, string>();
  const history: AlertActionRecord[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  const push = (r: AlertActionRecord) => {
    history.push(r);
    if (history.length > MAX_HISTORY) history.shift();
  };

  const view = (a: Alert): AlertStateView => {
    const ack = acks.get(a.fingerprint);
    const silenced = d.lifecycle.silencedUntil(a.labels.watch);
    return {
      alert: a,
      ...(ack ? { acknowledgedBy: ack.by, acknowledgedAt: iso(ack.at) } : {}),
      ...(silenced !== undefined ? { silencedUntil: iso(silenced) } : {}),
      ...(resolvedBy.has(a.fingerprint) ? { resolvedBy: resolvedBy.get(a.fingerprint) } : {}),
    };
  };
  const must = (fp: string): Alert => {
    const a = d.lifecycle.get(fp);
    if (!a) throw new VaktError('VAKT_NOT_FOUND', `no alert with fingerprint ${fp}`, { context: { fingerprint: fp } });
    return a;
  };

  return {
    async list(q) {
      const all = d.lifecycle
        .snapshot()
        .alerts.filter((a) => (!q.watch || a.labels.watch === q.watch) && (!q.status || a.status === q.status));
      all.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      return all.slice(0, Math.max(0, q.limit)).map(view);
    },
    async get(fp) {
      return view(must(fp));
    },
    async ack(fp, by, comment) {
      must(fp);
      const now = d.now();
      d.lifecycle.ack(fp, by, now + d.ackMs);
      acks.set(fp, { by, at: now });
      push({ fingerprint: fp, action: 'ack', by, at: iso(now), ...(comment ? { comment } : {}) });
      return view(must(fp));
    },
    async silence(fp, until, by, comment) {
      const a = must(fp);
      d.lifecycle.silence(a.labels.watch, until);
      d.persistSilence(a.labels.watch, until);
      push({
        fingerprint: fp,
        action: 'silence',
        by,
        at: iso(d.now()),
        until: iso(until),
        ...(comment ? { comment } : {}),
      });
      return view(must(fp));
    },
    async resolve(fp, by, comment) {
      must(fp);
      const t = d.lifecycle.resolve(fp);
      if (t) {
        resolvedBy.set(fp, by);
        await d.apply([t]);
      }
      push({ fingerprint: fp, action: 'resolve', by, at: iso(d.now()), ...(comment ? { comment } : {}) });
      return view(must(fp));
    },
    async history(fp) {
      must(fp);
      return history.filter((h) => h.fingerprint === fp);
    },
    record(t) {
      if (t.kind === 'updated') return;
      push({
        fingerprint: t.alert.fingerprint,
        action: t.kind === 'firing' ? 'fired' : 'auto-resolved',
        by: 'vakt',
        at: t.alert.updatedAt,
      });
    },
  };
}
