import { createHash } from 'node:crypto';
import type { Alert } from '@vakt/schema/alert';
import { route, type Destination, type Route } from './destinations.js';
import type { DeliveryJob, DeliveryLog } from './delivery-log.js';
import type { Deliverer } from './deliverer.js';
import { formatAlertmanager, alertmanagerPushUrl } from './formats/alertmanager.js';
import { formatGeneric } from './formats/generic.js';
import { formatPagerDuty } from './formats/pagerduty.js';
import { formatSlack } from './formats/slack.js';
import { formatTeams } from './formats/teams.js';
import type { AlertLifecycle, Transition } from './lifecycle.js';

/**
 * Turns lifecycle transitions into durable delivery jobs: route by watch and severity, format per destination kind,
 * derive the idempotency key from what the notification *is* (destination, fingerprint, status, startsAt, severity),
 * so the same transition enqueued twice — e.g. replayed after a restart — is one delivery. The alert's new state is
 * logged in the same fsynced file first, so a restart restores it.
 */
export interface NotifierOptions {
  routes: readonly Route[];
  destinations: readonly Destination[];
  /** Receiver name in the generic (AM v4) payload. */
  receiver?: string;
  externalURL: string;
  /** Alertmanager re-send interval while firing (default 60 s). */
  alertmanagerResendMs?: number;
}

export function idempotencyKey(destId: string, a: Alert, extra = ''): string {
  const h = createHash('sha256').update(
    [destId, a.fingerprint, a.status, a.startsAt, a.labels.severity, extra].join('\u0000'),
  );
  return `vakt_${h.digest('hex').slice(0, 32)}`;
}

export class Notifier {
  private readonly resendMs: number;

  constructor(
    private readonly o: NotifierOptions,
    private readonly log: DeliveryLog,
    private readonly deliverer: Deliverer,
    private readonly now: () => number,
  ) {
    this.resendMs = o.alertmanagerResendMs ?? 60_000;
  }

  /** Persists the alert state and, when the transition is notified, enqueues one job per routed destination. */
  handle(t: Transition): DeliveryJob[] {
    this.log.append({ t: 'alert', alert: t.alert });
    if (!t.notify) return [];
    const a = t.alert;
    const { destinations, owners } = route(this.o.routes, this.o.destinations, a.labels.watch, a.labels.severity);
    const jobs: DeliveryJob[] = [];
    for (const d of destinations) {
      if (a.status === 'resolved' && d.sendResolved === false) continue;
      const job = this.job(d, a, owners);
      if (job && this.deliverer.enqueue(job)) jobs.push(job);
    }
    return jobs;
  }

  /** Re-sends every firing alert to Alertmanager destinations once per interval slot (call on a timer). */
  resendActive(lifecycle: AlertLifecycle): number {
    const slot = Math.floor(this.now() / this.resendMs);
    let n = 0;
    for (const a of lifecycle.active()) {
      // A Vakt silence mutes the watch everywhere, Alertmanager included (its own silences still apply on top).
      if (lifecycle.silencedUntil(a.labels.watch) !== undefined) continue;
      const { destinations } = route(this.o.routes, this.o.destinations, a.labels.watch, a.labels.severity);
      for (const d of destinations) {
        if (d.kind !== 'alertmanager') continue;
        const job = this.job(d, a, [], `resend:${slot}`);
        if (job && this.deliverer.enqueue(job)) n += 1;
      }
    }
    return n;
  }

  /**
   * The job with its body rendered again from `alert` (its current, erased state), keeping its key, destination and
   * status, so what is still to be sent (or kept as a dead letter) quotes nothing an erasure removed. A job whose
   * destination is no longer configured keeps no body at all.
   */
  rerender(job: DeliveryJob, alert: Alert): DeliveryJob {
    const d = this.o.destinations.find((x) => x.id === job.destinationId);
    const a: Alert = { ...alert, status: job.status };
    const owners = route(this.o.routes, this.o.destinations, a.labels.watch, a.labels.severity).owners;
    const fresh = d ? this.job(d, a, owners) : undefined;
    return { ...job, body: fresh?.body ?? '{}' };
  }

  private job(d: Destination, a: Alert, owners: string[], extra = ''): DeliveryJob | undefined {
    let body: unknown;
    let url = d.url;
    switch (d.kind) {
      case 'webhook':
        body = formatGeneric([a], { receiver: this.o.receiver ?? d.id, externalURL: this.o.externalURL, owners });
        break;
      case 'slack':
        body = formatSlack(a, owners);
        break;
      case 'teams':
        body = formatTeams(a, owners);
        break;
      case 'pagerduty':
        if (!d.routingKey) return undefined;
        body = formatPagerDuty(a, d.routingKey);
        break;
      case 'alertmanager':
        body = formatAlertmanager(a, this.now(), this.resendMs);
        url = alertmanagerPushUrl(d.url);
        break;
    }
    return {
      key: idempotencyKey(d.id, a, extra),
      destinationId: d.id,
      url,
      body: JSON.stringify(body),
      fingerprint: a.fingerprint,
      status: a.status,
      createdAt: this.now(),
    };
  }
}
