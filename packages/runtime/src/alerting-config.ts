import { readFile } from 'node:fs/promises';
import { Type, type Static } from '@sinclair/typebox';
import { compile } from '@vakt/schema/validate';
import { VaktError } from '@vakt/errors/vakt-error';

const Destination = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9_.-]+$', description: 'Stable name, used by `routes[].to` and in every delivery\'s idempotency key (renaming re-sends nothing).' }),
    kind: Type.Union([Type.Literal('webhook'), Type.Literal('slack'), Type.Literal('teams'), Type.Literal('pagerduty'), Type.Literal('alertmanager')], { description: 'Payload format: a generic Alertmanager-style webhook, a Slack or Teams message, a PagerDuty Events v2 event, or Alertmanager\'s API.' }),
    url: Type.String({ format: 'uri', maxLength: 2048, description: 'Where to POST: the webhook, the Slack/Teams workflow URL, PagerDuty `…/v2/enqueue`, or an Alertmanager base URL.' }),
    /** Names of environment variables holding Standard Webhooks secrets (current first): secrets never sit in files. */
    secretEnv: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$' }), { maxItems: 4, description: 'Names of environment variables holding Standard Webhooks signing secrets, current first (more than one while rotating). Secrets never sit in the file; a named variable that is unset stops startup.' })),
    /** A webhook without secretEnv must say so: its receiver cannot verify who sent an alert. */
    unsigned: Type.Optional(Type.Boolean({ description: 'A `webhook` without `secretEnv` must say `true`: its receiver cannot verify who sent an alert.' })),
    routingKeyEnv: Type.Optional(Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$', description: 'For `pagerduty`: the environment variable holding the integration (routing) key.' })),
    rateLimit: Type.Optional(Type.Object({ burst: Type.Integer({ minimum: 1, description: 'Requests that may go at once.' }), perMinute: Type.Integer({ minimum: 1, description: 'Sustained requests per minute.' }) }, { additionalProperties: false, description: 'Token bucket for this destination (default burst 10, 60 per minute); deliveries beyond it wait their turn.' })),
    sendResolved: Type.Optional(Type.Boolean({ description: 'Also send `resolved` notifications (default true).' })),
  },
  { additionalProperties: false },
);

const Route = Type.Object(
  {
    watch: Type.Optional(Type.String({ description: 'Only alerts of this watch (its id); omitted: every watch.' })),
    minSeverity: Type.Optional(Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')], { description: 'Only alerts at least this severe; omitted: all.' })),
    owner: Type.Optional(Type.String({ description: 'Who acts on these alerts; shown in every payload.' })),
    to: Type.Array(Type.String(), { minItems: 1, description: 'Destination ids the matching alerts go to. An alert goes to every destination of every route it matches, once each.' }),
  },
  { additionalProperties: false },
);

export const AlertingFile = Type.Object(
  {
    destinations: Type.Array(Destination, { maxItems: 100, description: 'Where alerts can go.' }),
    routes: Type.Optional(Type.Array(Route, { maxItems: 1000, description: 'Which alerts go where. Without routes, every alert goes to every destination.' })),
  },
  { additionalProperties: false },
);
export type AlertingFile = Static<typeof AlertingFile>;
const validator = compile('AlertingFile', AlertingFile);

export interface ResolvedAlerting {
  destinations: Array<{ id: string; kind: AlertingFile['destinations'][number]['kind']; url: string; secrets?: string[]; unsigned?: boolean; routingKey?: string; rateLimit?: { burst: number; perMinute: number }; sendResolved?: boolean }>;
  routes?: NonNullable<AlertingFile['routes']>;
}

/**
 * Alert destinations and routes: from a JSON file (`VAKT_ALERTING_FILE`), plus a single generic webhook from
 * `VAKT_WEBHOOK_URL`/`VAKT_WEBHOOK_SECRET` (or `VAKT_WEBHOOK_UNSIGNED`) for the simple case. Secrets are read from the environment variables the
 * file names; a missing one fails startup naming it.
 */
export async function loadAlerting(opts: { file?: string | undefined; webhookUrl?: string | undefined; webhookSecret?: string | undefined; webhookUnsigned?: boolean | undefined; env: Readonly<Record<string, string | undefined>> }): Promise<ResolvedAlerting> {
  const out: ResolvedAlerting = { destinations: [] };
  if (opts.file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(opts.file, 'utf8'));
    } catch (cause) {
      throw new VaktError('VAKT_CONFIG_INVALID', `VAKT_ALERTING_FILE: cannot read ${opts.file} as JSON: ${(cause as Error).message}`, { cause });
    }
    const checked = validator.check(parsed);
    if (!checked.ok) throw new VaktError('VAKT_CONFIG_INVALID', `VAKT_ALERTING_FILE: ${checked.error.message}`, { cause: checked.error });
    const secret = (name: string): string => {
      const v = opts.env[name];
      if (!v) throw new VaktError('VAKT_CONFIG_INVALID', `${name}: required by ${opts.file} but not set`);
      return v;
    };
    for (const d of checked.value.destinations) {
      out.destinations.push({
        id: d.id, kind: d.kind, url: d.url,
        ...(d.secretEnv ? { secrets: d.secretEnv.map(secret) } : {}),
        ...(d.unsigned !== undefined ? { unsigned: d.unsigned } : {}),
        ...(d.routingKeyEnv ? { routingKey: secret(d.routingKeyEnv) } : {}),
        ...(d.rateLimit ? { rateLimit: d.rateLimit } : {}),
        ...(d.sendResolved !== undefined ? { sendResolved: d.sendResolved } : {}),
      });
    }
    if (checked.value.routes) out.routes = checked.value.routes;
  }
  if (opts.webhookUrl) {
    out.destinations.push({ id: 'default-webhook', kind: 'webhook', url: opts.webhookUrl, ...(opts.webhookSecret ? { secrets: [opts.webhookSecret] } : {}), ...(opts.webhookUnsigned ? { unsigned: true } : {}) });
  }
  const ids = new Set(out.destinations.map((d) => d.id));
  for (const r of out.routes ?? []) {
    const unknown = r.to.find((id) => !ids.has(id));
    if (unknown) throw new VaktError('VAKT_CONFIG_INVALID', `VAKT_ALERTING_FILE: route to "${unknown}", which is not a destination (have: ${[...ids].join(', ') || 'none'})`);
  }
  // Checked here as well as by the alerter, so a missing secret stops startup before anything connects.
  const unsigned = out.destinations.filter((d) => d.kind === 'webhook' && !d.secrets?.length && d.unsigned !== true);
  if (unsigned.length) {
    const names = unsigned.map((d) => (d.id === 'default-webhook' ? 'VAKT_WEBHOOK_URL' : `"${d.id}" in ${opts.file}`)).join(', ');
    throw new VaktError('VAKT_CONFIG_INVALID', `${names}: a webhook needs a signing secret (VAKT_WEBHOOK_SECRET, or secretEnv in the alerting file); to send unsigned on purpose set VAKT_WEBHOOK_UNSIGNED=true (or unsigned: true)`);
  }
  return out;
}
