import { VaktError } from '@vakt/errors/vakt-error';
import { createMatcher } from '@vakt/watch/matcher';
import type { WatchRegistry as Registry } from '@vakt/watch/registry';
import type { Watch as StoredWatch } from '@vakt/watch/watch';
import type { Watch, WatchInput, WatchRegistry } from './deps.js';

function toView(w: StoredWatch, audit: { at?: string; actor?: string } | undefined, defaultRetentionDays: number): Watch {
  return {
    id: w.name,
    name: w.name,
    query: w.query,
    entities: w.entities.map((e) => ({ name: e.name, kind: e.kind === 'organisation' ? 'service' : e.kind, query: e.query })),
    owners: [...w.owners],
    // Alerts route to a watch's owners (see @vakt/alerting routes); the dashboard shows them as its routes.
    routes: [...w.owners],
    retentionDays: w.retentionDays ?? defaultRetentionDays,
    updatedAt: audit?.at ?? new Date(0).toISOString(),
    updatedBy: audit?.actor ?? 'config',
  };
}

/** Fields the dashboard edits are merged into the stored watch; fields it does not show (exclude, abbreviations) stay. */
function toStored(input: WatchInput, existing?: StoredWatch): unknown {
  return {
    ...(existing ?? {}),
    name: input.id ?? input.name,
    query: input.query,
    owners: input.owners.length > 0 ? input.owners : (existing?.owners ?? []),
    entities: input.entities,
    retentionDays: input.retentionDays,
  };
}

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: VaktError }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

/**
 * The dashboard's view of `@vakt/watch`'s registry: validated, audited CRUD whose changes apply live to ingest's
 * matcher (same registry in embedded mode; in distributed mode the dashboard and ingest share the watches file).
 */
export function watchRegistryAdapter(registry: Registry, defaultRetentionDays = 365): WatchRegistry {
  const lastAudit = (name: string) => {
    const entries = registry.auditLog(name) as Array<{ at?: string | number; actor?: string }>;
    const last = entries[entries.length - 1];
    return last ? { at: typeof last.at === 'number' ? new Date(last.at).toISOString() : last.at, actor: last.actor } : undefined;
  };
  const get = (id: string): StoredWatch => {
    const w = registry.get(id);
    if (!w) throw new VaktError('VAKT_NOT_FOUND', `no watch named "${id}"`);
    return w;
  };
  return {
    list: async () => registry.list().map((w) => toView(w, lastAudit(w.name), defaultRetentionDays)),
    get: async (id) => toView(get(id), lastAudit(id), defaultRetentionDays),
    create: async (input, by) => {
      const created = unwrap(await registry.create(toStored(input), by));
      return toView(created, lastAudit(created.name), defaultRetentionDays);
    },
    update: async (id, input, by) => {
      const updated = unwrap(await registry.update(id, toStored({ ...input, id }, get(id)), by));
      return toView(updated, lastAudit(updated.name), defaultRetentionDays);
    },
    remove: async (id, by) => {
      unwrap(await registry.remove(id, by));
    },
    compile: (query) => {
      const matcher = createMatcher([{ name: 'preview', owners: ['preview'], query, entities: [] }]);
      return (text) => matcher.match({ text }).length > 0;
    },
  };
}
