import type { Alert } from '@vakt/schema/alert';
import { VaktError } from '@vakt/errors/vakt-error';
import type { AlertAction, AlertActions, AlertState } from '../deps.js';

/**
 * An in-memory AlertActions for embedded mode and tests. `record` takes alerts from the live feed (upsert by
 * fingerprint); operator actions are kept as history with the injected clock. `@vakt/alerting` replaces it in
 * production, where actions must also reach the notifier (silences suppress webhooks).
 */
export function createMemoryAlerts(now: () => number): AlertActions & { record(a: Alert): AlertState } {
  const states = new Map<string, AlertState>();
  const history = new Map<string, AlertAction[]>();
  const iso = (ms: number): string => new Date(ms).toISOString();
  const log = (fingerprint: string, a: Omit<AlertAction, 'fingerprint' | 'at'>): void => {
    const list = history.get(fingerprint) ?? [];
    list.push({ fingerprint, at: iso(now()), ...a });
    history.set(fingerprint, list);
  };
  const need = (fp: string): AlertState => {
    const s = states.get(fp);
    if (!s) throw new VaktError('VAKT_NOT_FOUND', `alert ${fp} does not exist`);
    return s;
  };
  return {
    record(alert) {
      const prev = states.get(alert.fingerprint);
      const state: AlertState = { ...prev, alert };
      if (!prev || (prev.alert.status === 'resolved' && alert.status === 'firing')) {
        // A new incident (or a re-fire) starts with no acknowledgement.
        delete state.acknowledgedAt;
        delete state.acknowledgedBy;
        delete state.resolvedBy;
        log(alert.fingerprint, { action: 'fired', by: 'vakt' });
      } else if (prev.alert.status === 'firing' && alert.status === 'resolved' && !prev.resolvedBy) {
        log(alert.fingerprint, { action: 'auto-resolved', by: 'vakt' });
      }
      states.set(alert.fingerprint, state);
      return state;
    },
    async list({ watch, status, limit }) {
      return [...states.values()]
        .filter((s) => (!watch || s.alert.labels.watch === watch) && (!status || s.alert.status === status))
        .sort((a, b) => Date.parse(b.alert.startsAt) - Date.parse(a.alert.startsAt))
        .slice(0, limit);
    },
    get: async (fp) => need(fp),
    async ack(fp, by, comment) {
      const s = { ...need(fp), acknowledgedBy: by, acknowledgedAt: iso(now()) };
      states.set(fp, s);
      log(fp, { action: 'ack', by, ...(comment ? { comment } : {}) });
      return s;
    },
    async silence(fp, until, by, comment) {
      const s = { ...need(fp), silencedUntil: iso(until) };
      states.set(fp, s);
      log(fp, { action: 'silence', by, until: iso(until), ...(comment ? { comment } : {}) });
      return s;
    },
    async resolve(fp, by, comment) {
      const prev = need(fp);
      const t = iso(now());
      const s: AlertState = {
        ...prev,
        resolvedBy: by,
        alert: { ...prev.alert, status: 'resolved', endsAt: t, updatedAt: t },
      };
      states.set(fp, s);
      log(fp, { action: 'resolve', by, ...(comment ? { comment } : {}) });
      return s;
    },
    history: async (fp) => {
      need(fp);
      return history.get(fp) ?? [];
    },
  };
}
