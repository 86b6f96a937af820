import { createHash } from 'node:crypto';
import type { Alert } from '@vakt/schema/alert';

/**
 * The alert lifecycle as one explicit state machine (Alertmanager's vocabulary): an alert is `firing` until its
 * detector says the storm is over, then `resolved`. Acknowledgement and per-watch silences do not change the state;
 * they only decide whether a transition is *notified*. Time comes from the injected clock, so the whole lifecycle is
 * testable as a timeline.
 *
 *   (none) ──fire──▶ firing ──update──▶ firing (evidence refreshed, no new page)
 *                      │ └──ack──▶ firing+acked (re-notification suppressed until the ack expires)
 *                      └──resolve──▶ resolved ──fire──▶ firing (a new storm: new startsAt, notified again)
 */

export type Severity = Alert['labels']['severity'];

/** Labels that identify an alert; the fingerprint hashes exactly these. */
export interface AlertIdentity {
  watch: string;
  series: string;
  window: string;
}

/** Stable dedup key: sha256 of the identity labels (sorted, NUL-separated), 16 hex chars like Alertmanager. */
export function fingerprint(id: AlertIdentity): string {
  const h = createHash('sha256');
  for (const k of ['series', 'watch', 'window'] as const) h.update(`${k}\u0000${id[k]}\u0000`);
  return h.digest('hex').slice(0, 16);
}

/** What the detector reports when a series fires or keeps firing. */
export interface FireInput extends AlertIdentity {
  severity: Severity;
  summary: string;
  description?: string;
  evidence: Alert['evidence'];
  generatorURL: string;
  /**
   * Event time the detector decided at (ms). Becomes `startsAt`; defaults to the clock. With event time, replaying
   * the same input after a restart reproduces the same alert (same startsAt, same idempotency keys) instead of a
   * "new" storm, and a replayed fire older than the alert's resolution is recognised as a replay.
   */
  at?: number;
}

/** A lifecycle transition. `notify` is false when a silence or an ack suppresses the notification. */
export interface Transition {
  kind: 'firing' | 'resolved' | 'updated';
  alert: Alert;
  notify: boolean;
  /** Why `notify` is false, for the dashboard. `group`: another series of the same watch already paged this storm. */
  suppressedBy?: 'silence' | 'ack' | 'group';
}

interface Entry {
  alert: Alert;
  /** This alert's firing was notified (so its resolution is too). */
  notified?: boolean;
  ackedUntil?: number;
  ackedBy?: string;
}

/** A serialisable view of the machine, persisted in the delivery log so a restart does not page twice. */
export interface LifecycleSnapshot {
  alerts: Alert[];
  silences: Record<string, number>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export class AlertLifecycle {
  private readonly entries = new Map<string, Entry>();
  private readonly silences = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Restores state (after a restart). Resolved alerts are kept so a late duplicate fire is recognised. */
  restore(snapshot: LifecycleSnapshot): void {
    // Restored alerts count as notified: sending a resolution too many beats leaving a page open forever.
    for (const a of snapshot.alerts) this.entries.set(a.fingerprint, { alert: a, notified: true });
    for (const [w, until] of Object.entries(snapshot.silences)) this.silences.set(w, until);
  }

  snapshot(): LifecycleSnapshot {
    return { alerts: [...this.entries.values()].map((e) => e.alert), silences: Object.fromEntries(this.silences) };
  }

  get(fp: string): Alert | undefined {
    return this.entries.get(fp)?.alert;
  }

  /** Alerts currently firing. */
  active(): Alert[] {
    return [...this.entries.values()].filter((e) => e.alert.status === 'firing').map((e) => e.alert);
  }

  /** A detector fired (rising edge) or is still firing. Returns the transition, or `updated` when already firing. */
  fire(input: FireInput): Transition {
    const fp = fingerprint(input);
    const t = this.now();
    const prev = this.entries.get(fp);
    const base = {
      schemaVersion: 1 as const,
      fingerprint: fp,
      updatedAt: iso(t),
      labels: { alertname: 'VaktNegativeStorm', watch: input.watch, series: input.series, window: input.window, severity: input.severity },
      annotations: { summary: input.summary, ...(input.description ? { description: input.description } : {}) },
      evidence: input.evidence,
      generatorURL: input.generatorURL,
    };
    if (prev && prev.alert.status === 'firing') {
      // Escalation (warning → critical) is notified; everything else just refreshes the evidence.
      const escalated = rank(input.severity) > rank(prev.alert.labels.severity);
      const alert: Alert = { ...base, status: 'firing', startsAt: prev.alert.startsAt };
      prev.alert = alert;
      if (!escalated) return { kind: 'updated', alert, notify: false };
      return this.gate(prev, { kind: 'firing', alert, notify: true });
    }
    // A fire that happened (in event time) before this alert's last resolution is a replay of that storm.
    if (prev && prev.alert.endsAt && input.at !== undefined && input.at <= Date.parse(prev.alert.endsAt)) return { kind: 'updated', alert: prev.alert, notify: false };
    const alert: Alert = { ...base, status: 'firing', startsAt: iso(input.at ?? t) };
    const entry: Entry = { alert };
    this.entries.set(fp, entry);
    return this.gate(entry, { kind: 'firing', alert, notify: true });
  }

  /** The storm is over (at event time `at`, default now). Returns undefined when the alert is not firing (idempotent). */
  resolve(fp: string, at?: number): Transition | undefined {
    const e = this.entries.get(fp);
    if (!e || e.alert.status !== 'firing') return undefined;
    const t = this.now();
    const end = Math.max(at ?? t, Date.parse(e.alert.startsAt));
    e.alert = { ...e.alert, status: 'resolved', endsAt: iso(end), updatedAt: iso(t) };
    // Resolved is always worth telling unless the watch is silenced: on-call wants to know the storm passed.
    const silenced = (this.silences.get(e.alert.labels.watch) ?? -Infinity) > t;
    e.ackedUntil = undefined;
    const wasNotified = e.notified === true;
    e.notified = false;
    if (silenced) return { kind: 'resolved', alert: e.alert, notify: false, suppressedBy: 'silence' };
    // An alert that was grouped into another series' page was never paged; its end is not either.
    if (!wasNotified) return { kind: 'resolved', alert: e.alert, notify: false, suppressedBy: 'group' };
    return { kind: 'resolved', alert: e.alert, notify: true };
  }

  /** Acknowledges a firing alert: escalations are not re-notified until `until`. False when not firing. */
  ack(fp: string, by: string, until: number): boolean {
    const e = this.entries.get(fp);
    if (!e || e.alert.status !== 'firing') return false;
    e.ackedUntil = until;
    e.ackedBy = by;
    return true;
  }

  /** Silences every notification of one watch until `until` (ms). A past time lifts the silence. */
  silence(watch: string, until: number): void {
    if (until <= this.now()) this.silences.delete(watch);
    else this.silences.set(watch, until);
  }

  silencedUntil(watch: string): number | undefined {
    const u = this.silences.get(watch);
    return u !== undefined && u > this.now() ? u : undefined;
  }

  private gate(e: Entry, t: Transition): Transition {
    const now = this.now();
    if ((this.silences.get(e.alert.labels.watch) ?? -Infinity) > now) return { ...t, notify: false, suppressedBy: 'silence' };
    if ((e.ackedUntil ?? -Infinity) > now) return { ...t, notify: false, suppressedBy: 'ack' };
    // Group by watch (Alertmanager's group_by: [watch]): one storm usually lifts several series at once; on-call
    // gets one page per storm, plus one more only if a series escalates beyond what was paged.
    const sev = rank(e.alert.labels.severity);
    for (const o of this.entries.values()) {
      if (o === e || !o.notified || o.alert.status !== 'firing' || o.alert.labels.watch !== e.alert.labels.watch) continue;
      if (rank(o.alert.labels.severity) >= sev) return { ...t, notify: false, suppressedBy: 'group' };
    }
    e.notified = true;
    return t;
  }
}

const rank = (s: Severity): number => (s === 'critical' ? 2 : s === 'warning' ? 1 : 0);
