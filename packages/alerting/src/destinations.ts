import type { Severity } from './lifecycle.js';

/**
 * Where alerts go. Each destination has one payload format; routing decides which destinations an alert of a given
 * watch and severity reaches ("if a figure trends negative, it has an owner").
 */
export type DestinationKind = 'webhook' | 'slack' | 'teams' | 'pagerduty' | 'alertmanager';

export interface Destination {
  /** Stable id: part of every idempotency key, so renaming a destination re-sends nothing it already got. */
  id: string;
  kind: DestinationKind;
  /** Full URL: the webhook, Slack/Teams workflow URL, PagerDuty `…/v2/enqueue`, or an Alertmanager base URL. */
  url: string;
  /** Standard Webhooks secrets (current first); deliveries are signed when present. */
  secrets?: string[];
  /**
   * A generic webhook without `secrets` must say `unsigned: true`: its receiver then cannot tell Vakt's alerts from
   * anyone's, so the choice is explicit and logged at start rather than a silent default.
   */
  unsigned?: boolean;
  /** PagerDuty integration key. */
  routingKey?: string;
  /** Extra headers (e.g. Authorization for Alertmanager behind a proxy). */
  headers?: Record<string, string>;
  /** Token bucket per destination: burst and sustained requests per minute. */
  rateLimit?: { burst: number; perMinute: number };
  /** Also send `resolved` notifications (default true). */
  sendResolved?: boolean;
}

/** A routing rule: alerts matching `watch` (omitted = any) with severity at least `minSeverity` go to `to`. */
export interface Route {
  watch?: string;
  minSeverity?: Severity;
  /** Owner shown in payloads ("who acts"). */
  owner?: string;
  to: string[];
}

const rank = (s: Severity): number => (s === 'critical' ? 2 : s === 'warning' ? 1 : 0);

/** Destinations (deduplicated, in route order) and owners for one alert. Unknown destination ids are skipped. */
export function route(
  routes: readonly Route[],
  destinations: readonly Destination[],
  watch: string,
  severity: Severity,
): { destinations: Destination[]; owners: string[] } {
  const byId = new Map(destinations.map((d) => [d.id, d]));
  const out = new Map<string, Destination>();
  const owners = new Set<string>();
  for (const r of routes) {
    if (r.watch !== undefined && r.watch !== watch) continue;
    if (r.minSeverity !== undefined && rank(severity) < rank(r.minSeverity)) continue;
    if (r.owner) owners.add(r.owner);
    for (const id of r.to) {
      const d = byId.get(id);
      if (d) out.set(id, d);
    }
  }
  return { destinations: [...out.values()], owners: [...owners] };
}

const KINDS: readonly DestinationKind[] = ['webhook', 'slack', 'teams', 'pagerduty', 'alertmanager'];

/**
 * Generic webhooks that go out unsigned on purpose (`unsigned: true`); the alerter logs each at start. Slack, Teams,
 * PagerDuty and Alertmanager are not listed: their receivers authenticate by URL, routing key or headers, not by a
 * Standard Webhooks signature.
 */
export function unsignedWebhooks(destinations: readonly Destination[]): Destination[] {
  return destinations.filter((d) => d.kind === 'webhook' && !d.secrets?.length);
}

/**
 * Checks destinations and routes together and returns every problem at once (empty = valid): unique ids, a known
 * kind, an http(s) URL, a secret (or an explicit `unsigned: true`) for webhooks, a routing key for PagerDuty, sane rate limits, routes naming existing destinations.
 * Callers turn a non-empty list into VAKT_CONFIG_INVALID.
 */
export function checkDestinations(destinations: readonly Destination[], routes: readonly Route[] = []): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  destinations.forEach((d, i) => {
    const at = `destinations[${i}]${d?.id ? ` (${d.id})` : ''}`;
    if (!d || typeof d.id !== 'string' || d.id === '')
      return void problems.push(`${at}.id: expected a non-empty string`);
    if (ids.has(d.id)) problems.push(`${at}.id: duplicate id "${d.id}"`);
    ids.add(d.id);
    if (!KINDS.includes(d.kind))
      problems.push(`${at}.kind: expected one of ${KINDS.join('|')}, got "${String(d.kind)}"`);
    let url: URL | undefined;
    try {
      url = new URL(d.url);
    } catch {
      problems.push(`${at}.url: expected an absolute http(s) URL`);
    }
    if (url && url.protocol !== 'http:' && url.protocol !== 'https:')
      problems.push(`${at}.url: expected http or https, got ${url.protocol}`);
    const signed = (d.secrets?.length ?? 0) > 0;
    if (d.kind === 'webhook' && !signed && d.unsigned !== true)
      problems.push(
        `${at}.secrets: a webhook needs a signing secret (secretEnv, VAKT_WEBHOOK_SECRET), or unsigned: true (VAKT_WEBHOOK_UNSIGNED) to send unsigned on purpose`,
      );
    if (signed && d.unsigned === true) problems.push(`${at}.unsigned: contradicts its secrets; remove one`);
    if (d.kind === 'pagerduty' && !d.routingKey)
      problems.push(`${at}.routingKey: required for pagerduty (the integration key)`);
    if (d.rateLimit && !(d.rateLimit.burst >= 1 && d.rateLimit.perMinute > 0))
      problems.push(`${at}.rateLimit: expected burst >= 1 and perMinute > 0`);
  });
  routes.forEach((r, i) => {
    for (const id of r.to ?? []) if (!ids.has(id)) problems.push(`routes[${i}].to: unknown destination "${id}"`);
  });
  return problems;
}
