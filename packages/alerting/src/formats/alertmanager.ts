import type { Alert } from '@vakt/schema/alert';

/**
 * Pushing to an existing Alertmanager: `POST <base>/api/v2/alerts` with an array of postable alerts
 * (https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml, `postableAlerts`). Like Prometheus,
 * Vakt re-sends firing alerts periodically with `endsAt` a few intervals ahead, so Alertmanager keeps them active
 * while Vakt lives and resolves them on its own if Vakt dies; a resolved alert is sent once with its real `endsAt`.
 */
export function formatAlertmanager(a: Alert, nowMs: number, resendMs: number): Array<Record<string, unknown>> {
  const annotations: Record<string, string> = { ...a.annotations };
  if (a.evidence.surgingTerms.length) annotations.surgingTerms = a.evidence.surgingTerms.map((t) => t.term).join(', ');
  annotations.observed = String(a.evidence.observed);
  annotations.expected = String(a.evidence.expected);
  return [
    {
      labels: { ...a.labels },
      annotations,
      startsAt: a.startsAt,
      endsAt: a.status === 'resolved' && a.endsAt ? a.endsAt : new Date(nowMs + 4 * resendMs).toISOString(),
      generatorURL: a.generatorURL,
    },
  ];
}

/** The push endpoint for an Alertmanager base URL (trailing slashes tolerated). */
export const alertmanagerPushUrl = (base: string): string => `${base.replace(/\/+$/, '')}/api/v2/alerts`;
