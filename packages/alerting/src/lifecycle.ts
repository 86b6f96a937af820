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
 *
 * Pages are grouped per watch into *storms*: one storm lifts several series (count, share, reach, velocity), often
 * one after another, and on-call gets one page for it. A storm stays open while any alert of the watch fires and for
 * `stormGapMs` after the last one ended; a fire inside an open storm is recorded, not paged, unless it is more
 * severe than what the storm already paged (an escalation pages once more).
 */

export interface LifecycleOptions {
  /** A watch's storm ends this long after its last alert resolved; a fire after that is a new storm. */
  stormGapMs?: number;
}

export const DEFAULT_STORM_GAP_MS = 60 * 60_000;

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
  /** Further annotations (e.g. `summary_sv`, `description_en`: the same text in every UI language). */
  annotations?: Record<string, string>;
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
  /** Per watch: the most severe rank paged in its current storm, and when any of its alerts last changed. */
  private readonly storms = new Map<string, { severity: number; lastActive: number }>();
  private readonly stormGapMs: number;

  constructor(
    private readonly now: () => number,
    options: LifecycleOptions = {},
  ) {
    this.stormGapMs = options.stormGapMs ?? DEFAULT_STORM_GAP_MS;
  }

  /** Restores state (after a restart). Resolved alerts are kept so a late duplicate fire is recognised. */
  restore(snapshot: LifecycleSnapshot): void {
    // Restored alerts count as notified: sending a resolution too many beats leaving a page open forever.
    for (const a of snapshot.alerts) {
      this.entries.set(a.fingerprint, { alert: a, notified: true });
      // A storm still firing at the restart stays one storm: its other series do not page again.
      if (a.status === 'firing') {
        const s = this.storms.get(a.labels.watch);
        this.storms.set(a.labels.watch, {
          severity: Math.max(s?.severity ?? 0, rank(a.labels.severity)),
          lastActive: this.now(),
        });
      }
    }
    for (const [w, until] of Object.entries(snapshot.silences)) this.silences.set(w, until);
  }

  snapshot(): LifecycleSnapshot {
    return { alerts: [...this.entries.values()].map((e) => e.alert), silences: Object.fromEntries(this.silences) };
  }

  get(fp: string): Alert | undefined {
    return this.entries.get(fp)?.alert;
  }

  /**
   * Replaces every alert by `edit(alert)` without a transition (no notification, no state change): for erasure, which
   * removes quoted mentions. Only the alerts of `fingerprints` when given. Returns the fingerprints whose alert
   * `edit` changed (returned a different object).
   */
  rewriteAlerts(edit: (a: Alert) => Alert, fingerprints?: Iterable<string>): string[] {
    const changed: string[] = [];
    const targets = fingerprints
      ? [...fingerprints].flatMap((fp) => {
          const e = this.entries.get(fp);
          return e ? [[fp, e] as const] : [];
        })
      : this.entries;
    for (const [fp, e] of targets) {
      const next = edit(e.alert);
      if (next === e.alert) continue;
      e.alert = next;
      changed.push(fp);
    }
    return changed;
  }

  /** Alerts currently firing. */
  active(): Alert[] {
    return [...this.entries.values()].filter((e) => e.alert.status === 'firing').map((e) => e.alert);
  }

  /** A detector fired (rising edge) or is still firing. Returns the transition, or `updated` when already firing. */
  fire(input: FireInput): Transition {
    const out = this.fireOne(input);
    // After the page decision: the storm's activity is measured from before this fire.
    this.touch(input.watch, input.at ?? this.now());
    return out;
  }

  private fireOne(input: FireInput): Transition {
    const fp = fingerprint(input);
    const t = this.now();
    const prev = this.entries.get(fp);
    const base = {
      schemaVersion: 1 as const,
      fingerprint: fp,
      updatedAt: iso(t),
      labels: {
        alertname: 'VaktNegativeStorm',
        watch: input.watch,
        series: input.series,
        window: input.window,
        severity: input.severity,
      },
      annotations: {
        ...input.annotations,
        summary: input.summary,
        ...(input.description ? { description: input.description } : {}),
      },
      evidence: input.evidence,
      generatorURL: input.generatorURL,
    };
    if (prev && prev.alert.status === 'firing') {
      // Escalation (warning → critical) is notified; everything else just refreshes the evidence.
      const escalated = rank(input.severity) > rank(prev.alert.labels.severity);
      const alert: Alert = { ...base, status: 'firing', startsAt: prev.alert.startsAt };
      prev.alert = alert;
      if (!escalated) return { kind: 'updated', alert, notify: false };
      return this.gate(prev, { kind: 'firing', alert, notify: true }, input.at ?? t);
    }
    // A fire that happened (in event time) before this alert's last resolution is a replay of that storm.
    if (prev && prev.alert.endsAt && input.at !== undefined && input.at <= Date.parse(prev.alert.endsAt))
      return { kind: 'updated', alert: prev.alert, notify: false };
    const alert: Alert = { ...base, status: 'firing', startsAt: iso(input.at ?? t) };
    const entry: Entry = { alert };
    this.entries.set(fp, entry);
    return this.gate(entry, { kind: 'firing', alert, notify: true }, input.at ?? t);
  }

  /** The storm is over (at event time `at`, default now). Returns undefined when the alert is not firing (idempotent). */
  resolve(fp: string, at?: number): Transition | undefined {
    const e = this.entries.get(fp);
    if (!e || e.alert.status !== 'firing') return undefined;
    const t = this.now();
    const end = Math.max(at ?? t, Date.parse(e.alert.startsAt));
    this.touch(e.alert.labels.watch, end);
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

  /** `at`: event time of the fire; storms are measured in event time, so a replay groups the same way. */
  private gate(e: Entry, t: Transition, at: number): Transition {
    const now = this.now();
    if ((this.silences.get(e.alert.labels.watch) ?? -Infinity) > now)
      return { ...t, notify: false, suppressedBy: 'silence' };
    if ((e.ackedUntil ?? -Infinity) > now) return { ...t, notify: false, suppressedBy: 'ack' };
    // Group by watch (Alertmanager's group_by: [watch]) and by storm: one page per storm across its series, plus
    // one more only when a series escalates beyond what the storm already paged.
    const watch = e.alert.labels.watch;
    const sev = rank(e.alert.labels.severity);
    const storm = this.storms.get(watch);
    if (storm && this.stormOpen(e, storm, at)) {
      if (sev <= storm.severity) return { ...t, notify: false, suppressedBy: 'group' };
      storm.severity = sev;
    } else this.storms.set(watch, { severity: sev, lastActive: at });
    e.notified = true;
    return t;
  }

  /** The storm of `e`'s watch is still open: recent activity, or another of its alerts still firing. */
  private stormOpen(e: Entry, storm: { lastActive: number }, now: number): boolean {
    if (now - storm.lastActive <= this.stormGapMs) return true;
    for (const o of this.entries.values())
      if (o !== e && o.alert.status === 'firing' && o.alert.labels.watch === e.alert.labels.watch) return true;
    return false;
  }

  private touch(watch: string, now: number): void {
    const s = this.storms.get(watch);
    if (s) s.lastActive = Math.max(s.lastActive, now);
  }
}

const rank = (s: Severity): number => (s === 'critical' ? 2 : s === 'warning' ? 1 : 0);
