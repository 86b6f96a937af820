import { readFile } from 'node:fs/promises';
import { Type, type Static } from '@sinclair/typebox';
import { compile } from '@vakt/schema/validate';
import { VaktError } from '@vakt/errors/vakt-error';
import { isWatchId, slugify } from '@vakt/watch/slug';

const Destination = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[a-zA-Z0-9_.-]+$',
      description:
        "Stable name, used by `routes[].to` and in every delivery's idempotency key (renaming re-sends nothing).",
    }),
    kind: Type.Union(
      [
        Type.Literal('webhook'),
        Type.Literal('slack'),
        Type.Literal('teams'),
        Type.Literal('pagerduty'),
        Type.Literal('alertmanager'),
      ],
      {
        description:
          "Payload format: a generic Alertmanager-style webhook, a Slack or Teams message, a PagerDuty Events v2 event, or Alertmanager's API.",
      },
    ),
    url: Type.String({
      format: 'uri',
      maxLength: 2048,
      description:
        'Where to POST: the webhook, the Slack/Teams workflow URL, PagerDuty `…/v2/enqueue`, or an Alertmanager base URL.',
    }),
    /** Names of environment variables holding Standard Webhooks secrets (current first): secrets never sit in files. */
    secretEnv: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$' }), {
        maxItems: 4,
        description:
          'Names of environment variables holding Standard Webhooks signing secrets, current first (more than one while rotating). Secrets never sit in the file; a named variable that is unset stops startup.',
      }),
    ),
    /** A webhook without secretEnv must say so: its receiver cannot verify who sent an alert. */
    unsigned: Type.Optional(
      Type.Boolean({
        description: 'A `webhook` without `secretEnv` must say `true`: its receiver cannot verify who sent an alert.',
      }),
    ),
    routingKeyEnv: Type.Optional(
      Type.String({
        pattern: '^[A-Z_][A-Z0-9_]*$',
        description: 'For `pagerduty`: the environment variable holding the integration (routing) key.',
      }),
    ),
    rateLimit: Type.Optional(
      Type.Object(
        {
          burst: Type.Integer({ minimum: 1, description: 'Requests that may go at once.' }),
          perMinute: Type.Integer({ minimum: 1, description: 'Sustained requests per minute.' }),
        },
        {
          additionalProperties: false,
          description:
            'Token bucket for this destination (default burst 10, 60 per minute); deliveries beyond it wait their turn.',
        },
      ),
    ),
    sendResolved: Type.Optional(Type.Boolean({ description: 'Also send `resolved` notifications (default true).' })),
  },
  { additionalProperties: false },
);

const Route = Type.Object(
  {
    watch: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Only alerts of this watch: its id (`forsakringskassan`), or its name as written (`Försäkringskassan`), read as the id of the watch it names (`vakt up`, which holds the watches) or the id the name gives (`vakt service alerter`), with a warning at start; omitted: every watch.',
      }),
    ),
    minSeverity: Type.Optional(
      Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')], {
        description: 'Only alerts at least this severe; omitted: all.',
      }),
    ),
    owner: Type.Optional(Type.String({ description: 'Who acts on these alerts; shown in every payload.' })),
    to: Type.Array(Type.String(), {
      minItems: 1,
      description:
        'Destination ids the matching alerts go to. An alert goes to every destination of every route it matches, once each.',
    }),
  },
  { additionalProperties: false },
);

export const AlertingFile = Type.Object(
  {
    destinations: Type.Array(Destination, { maxItems: 100, description: 'Where alerts can go.' }),
    routes: Type.Optional(
      Type.Array(Route, {
        maxItems: 1000,
        description: 'Which alerts go where. Without routes, every alert goes to every destination.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type AlertingFile = Static<typeof AlertingFile>;
const validator = compile('AlertingFile', AlertingFile);

export interface ResolvedAlerting {
  destinations: Array<{
    id: string;
    kind: AlertingFile['destinations'][number]['kind'];
    url: string;
    secrets?: string[];
    unsigned?: boolean;
    routingKey?: string;
    rateLimit?: { burst: number; perMinute: number };
    sendResolved?: boolean;
  }>;
  routes?: NonNullable<AlertingFile['routes']>;
  /** What start should log as warnings: routes whose `watch` was read as another id, or names no watch known now. */
  warnings: string[];
}

/**
 * Alerts carry their watch's id, so a route must name the id. A route written with the watch's display name
 * ("Försäkringskassan") would otherwise match nothing, silently. The route's `watch` becomes the id of the watch it
 * names (by id or display name, when `resolveWatch` knows the watches), else the id the name gives (the same
 * `slugify` that gives watches their ids); each change, and a watch not known now, is a warning naming the file
 * and the route. A watch not known now is not an error: dashboard watches may be made after the file is written.
 */
export function resolveRouteWatches(
  routes: NonNullable<AlertingFile['routes']>,
  file: string,
  resolveWatch?: (idOrName: string) => string | undefined,
): { routes: NonNullable<AlertingFile['routes']>; warnings: string[] } {
  const warnings: string[] = [];
  const resolved = routes.map((r, i) => {
    if (r.watch === undefined) return r;
    const at = `${file}: routes[${i}].watch "${r.watch}"`;
    const known = resolveWatch?.(r.watch);
    const id = known ?? (isWatchId(r.watch) ? r.watch : slugify(r.watch));
    if (id !== r.watch)
      warnings.push(
        `${at} is not a watch id: routed as "${id}", the id of ${known ? 'the watch it names' : 'that name'}; write "${id}" in the file to keep this route if the watch is renamed`,
      );
    if (resolveWatch && known === undefined)
      warnings.push(`${at}: no watch has the id "${id}" now, so this route matches no alert until one does`);
    return id === r.watch ? r : { ...r, watch: id };
  });
  return { routes: resolved, warnings };
}

/**
 * Alert destinations and routes: from a JSON file (`VAKT_ALERTING_FILE`), plus a single generic webhook from
 * `VAKT_WEBHOOK_URL`/`VAKT_WEBHOOK_SECRET` (or `VAKT_WEBHOOK_UNSIGNED`) for the simple case. Secrets are read from the environment variables the
 * file names; a missing one fails startup naming it.
 */
export async function loadAlerting(opts: {
  file?: string | undefined;
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
  webhookUnsigned?: boolean | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** The id of the watch an id or display name names, when the caller holds the watches (`vakt up`). */
  resolveWatch?: ((idOrName: string) => string | undefined) | undefined;
}): Promise<ResolvedAlerting> {
  const out: ResolvedAlerting = { destinations: [], warnings: [] };
  if (opts.file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(opts.file, 'utf8'));
    } catch (cause) {
      throw new VaktError(
        'VAKT_CONFIG_INVALID',
        `VAKT_ALERTING_FILE: cannot read ${opts.file} as JSON: ${(cause as Error).message}`,
        { cause },
      );
    }
    const checked = validator.check(parsed);
    if (!checked.ok)
      throw new VaktError('VAKT_CONFIG_INVALID', `VAKT_ALERTING_FILE: ${checked.error.message}`, {
        cause: checked.error,
      });
    const secret = (name: string): string => {
      const v = opts.env[name];
      if (!v) throw new VaktError('VAKT_CONFIG_INVALID', `${name}: required by ${opts.file} but not set`);
      return v;
    };
    for (const d of checked.value.destinations) {
      out.destinations.push({
        id: d.id,
        kind: d.kind,
        url: d.url,
        ...(d.secretEnv ? { secrets: d.secretEnv.map(secret) } : {}),
        ...(d.unsigned !== undefined ? { unsigned: d.unsigned } : {}),
        ...(d.routingKeyEnv ? { routingKey: secret(d.routingKeyEnv) } : {}),
        ...(d.rateLimit ? { rateLimit: d.rateLimit } : {}),
        ...(d.sendResolved !== undefined ? { sendResolved: d.sendResolved } : {}),
      });
    }
    if (checked.value.routes) {
      const { routes, warnings } = resolveRouteWatches(checked.value.routes, opts.file, opts.resolveWatch);
      out.routes = routes;
      out.warnings.push(...warnings);
    }
  }
  if (opts.webhookUrl) {
    out.destinations.push({
      id: 'default-webhook',
      kind: 'webhook',
      url: opts.webhookUrl,
      ...(opts.webhookSecret ? { secrets: [opts.webhookSecret] } : {}),
      ...(opts.webhookUnsigned ? { unsigned: true } : {}),
    });
  }
  const ids = new Set(out.destinations.map((d) => d.id));
  for (const r of out.routes ?? []) {
    const unknown = r.to.find((id) => !ids.has(id));
    if (unknown)
      throw new VaktError(
        'VAKT_CONFIG_INVALID',
        `VAKT_ALERTING_FILE: route to "${unknown}", which is not a destination (have: ${[...ids].join(', ') || 'none'})`,
      );
  }
  // Checked here as well as by the alerter, so a missing secret stops startup before anything connects.
  const unsigned = out.destinations.filter((d) => d.kind === 'webhook' && !d.secrets?.length && d.unsigned !== true);
  if (unsigned.length) {
    const names = unsigned
      .map((d) => (d.id === 'default-webhook' ? 'VAKT_WEBHOOK_URL' : `"${d.id}" in ${opts.file}`))
      .join(', ');
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      `${names}: a webhook needs a signing secret (VAKT_WEBHOOK_SECRET, or secretEnv in the alerting file); to send unsigned on purpose set VAKT_WEBHOOK_UNSIGNED=true (or unsigned: true)`,
    );
  }
  return out;
}
