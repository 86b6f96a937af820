import { exposeReadOnly, type PipelineMetrics } from '@vakt/pipeline/metrics';
import type { AlerterApp } from './app.js';

/**
 * The alerter's own counts on /metrics, so on-call can tell "no storm" from "the alerter sees nothing": mentions it
 * consumed, left out as late, alerts fired and resolved, webhook deliveries made, given up, and waiting.
 */
export function exposeAlerterCounters(
  metrics: PipelineMetrics,
  app: Pick<AlerterApp, 'counters' | 'pendingDeliveries'>,
): void {
  exposeReadOnly(metrics, [
    {
      name: 'vakt_alerter_mentions_total',
      help: 'Scored mentions the alerter consumed and fed to its detectors',
      type: 'counter',
      read: () => app.counters().mentions,
    },
    {
      name: 'vakt_alerter_dead_lettered_total',
      help: 'Scored mentions the alerter dead-lettered as invalid',
      type: 'counter',
      read: () => app.counters().deadLettered,
    },
    {
      name: 'vakt_alerter_late_mentions_total',
      help: 'Mentions (per watch) left out of detection because their window had closed; the sink still stores them',
      type: 'counter',
      read: () => app.counters().lateMentions,
    },
    {
      name: 'vakt_alerter_alerts_fired_total',
      help: 'Alerts that went to firing',
      type: 'counter',
      read: () => app.counters().alertsFired,
    },
    {
      name: 'vakt_alerter_alerts_resolved_total',
      help: 'Alerts resolved by their detector',
      type: 'counter',
      read: () => app.counters().alertsResolved,
    },
    {
      name: 'vakt_alerter_deliveries_total',
      help: 'Notifications a destination accepted',
      type: 'counter',
      read: () => app.counters().delivered,
    },
    {
      name: 'vakt_alerter_dead_deliveries_total',
      help: 'Notifications given up after the retry budget',
      type: 'counter',
      read: () => app.counters().deadDeliveries,
    },
    {
      name: 'vakt_alerter_pending_deliveries',
      help: 'Notifications waiting for a (re)try',
      type: 'gauge',
      read: () => app.pendingDeliveries(),
    },
  ]);
}
