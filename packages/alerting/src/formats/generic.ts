import type { Alert } from '@vakt/schema/alert';

/**
 * The generic webhook payload: Alertmanager's webhook v4 shape (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config)
 * so any receiver written for Alertmanager understands it, with Vakt's evidence (top mentions, surging terms)
 * carried in each alert's `annotations` as JSON strings (AM annotations are strings) and in an extra `vakt` field.
 */
export interface AmWebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
  vakt: Alert['evidence'];
}

export interface AmWebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: AmWebhookAlert[];
}

/** AM's zero time for "no end yet". */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

function common(maps: Record<string, string>[]): Record<string, string> {
  if (maps.length === 0) return {};
  const out: Record<string, string> = { ...maps[0] };
  for (const m of maps.slice(1)) for (const k of Object.keys(out)) if (m[k] !== out[k]) delete out[k];
  return out;
}

export function toAmAlert(a: Alert, owners: string[] = []): AmWebhookAlert {
  const annotations: Record<string, string> = {
    ...a.annotations,
    topMentions: JSON.stringify(
      a.evidence.topMentions.map((m) => ({
        id: m.id,
        source: m.source,
        url: m.url,
        text: m.text,
        reach: m.reach,
        score: m.score,
      })),
    ),
    surgingTerms: a.evidence.surgingTerms.map((t) => t.term).join(', '),
  };
  if (owners.length) annotations.owners = owners.join(', ');
  return {
    status: a.status,
    labels: { ...a.labels },
    annotations,
    startsAt: a.startsAt,
    endsAt: a.endsAt ?? ZERO_TIME,
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
    vakt: a.evidence,
  };
}

/** One notification for a group of alerts (Vakt groups by fingerprint, so usually one alert). */
export function formatGeneric(
  alerts: Alert[],
  opts: { receiver: string; externalURL: string; owners?: string[] },
): AmWebhookPayload {
  const am = alerts.map((a) => toAmAlert(a, opts.owners));
  const commonLabels = common(am.map((a) => a.labels));
  return {
    version: '4',
    groupKey: `{}:{fingerprint="${alerts.map((a) => a.fingerprint).join(',')}"}`,
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver: opts.receiver,
    groupLabels: { alertname: commonLabels.alertname ?? 'VaktNegativeStorm' },
    commonLabels,
    commonAnnotations: common(am.map((a) => a.annotations)),
    externalURL: opts.externalURL,
    alerts: am,
  };
}
