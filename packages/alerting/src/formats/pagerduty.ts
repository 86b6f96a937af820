import type { Alert } from '@vakt/schema/alert';
import { truncate } from './text.js';

/**
 * PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/): `trigger` while
 * firing and `resolve` when resolved, with `dedup_key` = the alert fingerprint so PagerDuty groups re-sends into one
 * incident. Severity maps info/warning/critical onto PD's info/warning/critical.
 */
export function formatPagerDuty(a: Alert, routingKey: string): Record<string, unknown> {
  if (a.status === 'resolved') return { routing_key: routingKey, event_action: 'resolve', dedup_key: a.fingerprint };
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: a.fingerprint,
    payload: {
      summary: truncate(a.annotations.summary, 1024),
      source: `vakt/${a.labels.watch}`,
      severity: a.labels.severity,
      timestamp: a.startsAt,
      component: a.labels.watch,
      group: a.labels.series,
      class: 'negative-storm',
      custom_details: {
        observed: a.evidence.observed,
        expected: a.evidence.expected,
        score: a.evidence.score,
        window: a.evidence.window,
        surging_terms: a.evidence.surgingTerms.map((t) => t.term),
        top_mentions: a.evidence.topMentions
          .slice(0, 5)
          .map((m) => ({ id: m.id, source: m.source, url: m.url, text: truncate(m.text, 280) })),
      },
    },
    client: 'Vakt',
    client_url: a.generatorURL,
    links: [{ href: a.generatorURL, text: 'Open in Vakt' }],
  };
}
