import { VaktError } from '@vakt/errors/vakt-error';
import { createMatcher } from '@vakt/watch/matcher';
import type { WatchRegistry as Registry } from '@vakt/watch/registry';
import { storedKeys, watchId } from '@vakt/watch/slug';
import type { Watch as StoredWatch } from '@vakt/watch/watch';
import type { Watch, WatchInput, WatchRegistry } from './deps.js';

function toView(
  w: StoredWatch,
  audit: { at?: string; actor?: string } | undefined,
  defaultRetentionDays: number,
): Watch {
  return {
    id: watchId(w),
    name: w.name,
    query: w.query,
    entities: w.entities.map((e) => ({
      name: e.name,
      kind: e.kind === 'organisation' ? 'service' : e.kind,
      query: e.query,
    })),
    owners: [...w.owners],
    // Alerts route to a watch's owners (see @vakt/alerting routes); the dashboard shows them as its routes.
    routes: [...w.owners],
    retentionDays: w.retentionDays ?? defaultRetentionDays,
    updatedAt: audit?.at ?? new Date(0).toISOString(),
    updatedBy: audit?.actor ?? 'config',
    ...(w.managedBy ? { managedBy: w.managedBy } : {}),
  };
}

/**
 * Fields the dashboard edits are merged into the stored watch; fields it does not show (exclude, abbreviations) stay.
 * The id is the registry's: given on create only if the editor chose one, never changed on update.
 */
function toStored(input: WatchInput, existing?: StoredWatch): unknown {
  return {
    ...(existing ?? {}),
    ...(existing ? { id: watchId(existing) } : input.id ? { id: input.id } : {}),
    name: input.name,
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
  const lastAudit = (id: string) => {
    const entries = registry.auditLog(id) as Array<{ at?: string | number; actor?: string }>;
    const last = entries[entries.length - 1];
    return last
      ? { at: typeof last.at === 'number' ? new Date(last.at).toISOString() : last.at, actor: last.actor }
      : undefined;
  };
  const get = (id: string): StoredWatch => {
    const w = registry.get(id);
    if (!w) throw new VaktError('VAKT_NOT_FOUND', `no watch with id "${id}"`);
    return w;
  };
  // The watches file is the source of truth for its watches: an edit here would be undone at the next start.
  const editable = (id: string): StoredWatch => {
    const w = get(id);
    if (w.managedBy === 'file')
      throw new VaktError(
        'VAKT_FORBIDDEN',
        `watch "${id}" comes from the watches file (VAKT_WATCHES_FILE): change it there; the file is applied at start`,
      );
    return w;
  };
  return {
    list: async () => registry.list().map((w) => toView(w, lastAudit(watchId(w)), defaultRetentionDays)),
    get: async (id) => toView(get(id), lastAudit(id), defaultRetentionDays),
    create: async (input, by) => {
      const created = unwrap(await registry.create(toStored(input), by));
      return toView(created, lastAudit(watchId(created)), defaultRetentionDays);
    },
    update: async (id, input, by) => {
      if (input.id !== undefined && input.id !== id)
        throw new VaktError(
          'VAKT_REQUEST_INVALID',
          `a watch's id cannot change ("${id}" → "${input.id}"): its data and alert links are keyed by it; change its name instead`,
        );
      const updated = unwrap(await registry.update(id, toStored(input, editable(id)), by));
      return toView(updated, lastAudit(id), defaultRetentionDays);
    },
    remove: async (id, by) => {
      editable(id);
      unwrap(await registry.remove(id, by));
    },
    compile: (query) => {
      const matcher = createMatcher([{ name: 'preview', owners: ['preview'], query, entities: [] }]);
      return (text) => matcher.match({ text }).length > 0;
    },
  };
}

/** The keys a watch's stored rows and alerts carry (its id; also its name for data from before ids). */
export function registryWatchKeys(registry: Registry): (id: string) => string[] {
  return (id) => {
    const w = registry.get(id);
    return w ? storedKeys(w) : [id];
  };
}

/**
 * What the retention janitor enforces, per stored key: a watch's rows under its id and under its name from before
 * ids are both live and both kept for its retentionDays (a key no watch has is a deleted watch's).
 */
export function registryRetention(registry: Registry): () => Array<{ name: string; retentionDays?: number }> {
  return () =>
    registry.list().flatMap((w) =>
      storedKeys(w).map((name) => ({
        name,
        ...(w.retentionDays !== undefined ? { retentionDays: w.retentionDays } : {}),
      })),
    );
}
