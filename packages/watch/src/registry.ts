import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import { validateWatch, validateWatches } from './compile-watch.js';
import { createMatcher, type Matcher } from './matcher.js';
import { fromBeforeIds, slugify, storedKeys, uniqueId, watchId } from './slug.js';
import type { Watch } from './watch.js';

/** One audited change. `before`/`after` are full copies so history can show and restore any version. */
export interface WatchAuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly action: 'create' | 'update' | 'delete';
  /** The watch's id (entries written before ids existed carry its name, which was its id then). */
  readonly watch: string;
  readonly before?: Watch;
  readonly after?: Watch;
}

/** One change a sync made, for the start-up log: what happened to which watch. */
export interface WatchSyncChange {
  readonly action: 'create' | 'update' | 'delete';
  readonly id: string;
  readonly name: string;
  /** An update that took over a watch made elsewhere (same id): it is now managed by the sync's source. */
  readonly takenOver?: boolean;
}

export interface WatchSyncResult {
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  readonly changes: readonly WatchSyncChange[];
  /** Watches the sync left alone because another source manages them (made in the dashboard). */
  readonly kept: number;
}

/** Delivered to subscribers after a change is durable and the new matcher is live. */
export interface WatchChange {
  readonly matcher: Matcher;
  readonly watches: readonly Watch[];
  readonly entries: readonly WatchAuditEntry[];
}

export interface WatchRegistryOptions {
  /** Directory holding `watches.json`; created if missing. */
  readonly dataDir: string;
  readonly now?: () => number;
  /** Audit entries kept (oldest dropped first). */
  readonly historyLimit?: number;
}

interface StoredFile {
  version: 1;
  watches: Watch[];
  history: WatchAuditEntry[];
}

const FILE = 'watches.json';

/** JSON with sorted keys: a YAML file and the stored copy list keys in different orders but are the same watch. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

/**
 * Watches with CRUD, audit and live apply. Every change is validated, written to disk (write-then-rename, so a
 * crash leaves the old or the new file, never half of one), then the compiled matcher is swapped in one
 * assignment and subscribers are told. Changes are serialised; readers never see a half-applied change.
 */
export class WatchRegistry {
  private watches = new Map<string, Watch>();
  private history: WatchAuditEntry[] = [];
  private current: Matcher = createMatcher([]);
  private readonly subscribers = new Set<(c: WatchChange) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly historyLimit: number;

  private constructor(private readonly opts: WatchRegistryOptions) {
    this.now = opts.now ?? Date.now;
    this.historyLimit = opts.historyLimit ?? 10_000;
  }

  /** Opens (or creates) the registry in `dataDir`; a corrupt file is an error, never silently replaced. */
  static async open(opts: WatchRegistryOptions): Promise<Result<WatchRegistry>> {
    const reg = new WatchRegistry(opts);
    const stored = await reg.readStored();
    if (!stored.ok) return stored;
    if (stored.value) reg.install(stored.value.watches, stored.value.history);
    return ok(reg);
  }

  /**
   * Re-reads `watches.json` (written by another process, e.g. the dashboard in a distributed deployment) and, if
   * the watches differ, swaps the matcher in and tells subscribers, with the audit entries that are new. Resolves
   * to whether anything changed. A bad file leaves the live watches as they are.
   */
  reload(): Promise<Result<boolean>> {
    return this.serial(async () => {
      const stored = await this.readStored();
      if (!stored.ok) return stored;
      if (!stored.value || canonical(stored.value.watches) === canonical(this.list())) return ok(false);
      const known = this.history.length;
      const last = this.history[known - 1];
      const at = last ? stored.value.history.findIndex((h) => canonical(h) === canonical(last)) : -1;
      const entries = stored.value.history.slice(at + 1);
      this.install(stored.value.watches, stored.value.history);
      this.notify({ matcher: this.current, watches: this.list(), entries });
      return ok(true);
    });
  }

  /** Polls the file's mtime every `intervalMs` and reloads on change. Returns a function that stops polling. */
  watchFile(intervalMs = 2_000, onError: (e: VaktError) => void = () => undefined): () => void {
    const path = join(this.opts.dataDir, FILE);
    let lastMtime = -1;
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void stat(path)
        .then(async (st) => {
          if (st.mtimeMs === lastMtime) return;
          lastMtime = st.mtimeMs;
          const r = await this.reload();
          if (!r.ok) onError(r.error);
        })
        .catch(() => undefined) // no file yet: nothing to reload
        .finally(() => {
          busy = false;
        });
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async readStored(): Promise<Result<{ watches: Watch[]; history: WatchAuditEntry[] } | null>> {
    const path = join(this.opts.dataDir, FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
      return err(
        new VaktError('VAKT_CONFIG_INVALID', `cannot read ${path}: ${(e as Error).message}`, {
          cause: e,
          context: { path },
        }),
      );
    }
    let stored: Partial<StoredFile>;
    try {
      stored = JSON.parse(text) as Partial<StoredFile>;
    } catch (cause) {
      return err(
        new VaktError('VAKT_CONFIG_INVALID', `${path} is not valid JSON; restore it from a backup`, {
          cause,
          context: { path },
        }),
      );
    }
    const raw: unknown[] = Array.isArray(stored.watches) ? stored.watches : [];
    const v = validateWatches(raw);
    if (!v.ok) return v;
    const watches = v.value.map((w, i) =>
      fromBeforeIds(w, typeof (raw[i] as { id?: unknown } | null)?.id === 'string'),
    );
    return ok({ watches, history: Array.isArray(stored.history) ? stored.history : [] });
  }

  private install(watches: Watch[], history: WatchAuditEntry[]): void {
    const matcher = createMatcher(watches);
    this.watches = new Map(watches.map((w) => [watchId(w), w]));
    this.history = history;
    this.current = matcher;
  }

  private notify(change: WatchChange): void {
    for (const s of this.subscribers) {
      try {
        s(change);
      } catch {
        // A failing subscriber must not undo a durable change nor starve the others; the change is already live.
      }
    }
  }

  /** The live matcher; grab it per batch and use it for the whole batch. */
  matcher(): Matcher {
    return this.current;
  }
  list(): Watch[] {
    return [...this.watches.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }
  /** The watch with this id. */
  get(id: string): Watch | undefined {
    return this.watches.get(id);
  }
  /**
   * The watch a person or a file names: by id, else by display name, else by the id the name gives. For tags
   * written by hand (a feed line's `Försäkringskassan`, an alert route), never for stored keys.
   */
  resolve(idOrName: string): Watch | undefined {
    return (
      this.watches.get(idOrName) ?? this.list().find((w) => w.name === idOrName) ?? this.watches.get(slugify(idOrName))
    );
  }
  /** Audit entries, newest last; only those of one watch when `id` is given (entries from before ids: its alias). */
  auditLog(id?: string): WatchAuditEntry[] {
    if (id === undefined) return [...this.history];
    const keys = new Set(this.watches.has(id) ? storedKeys(this.watches.get(id)!) : [id]);
    return this.history.filter((h) => keys.has(h.watch));
  }
  /** Called after each durable change with the new matcher. Returns an unsubscribe function. */
  subscribe(fn: (c: WatchChange) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /**
   * Adds a watch. Without an `id` it gets the one its name gives, with `-2`, `-3`, … when that is taken; a given
   * id that is taken, or a display name another watch has, is an error.
   */
  create(input: unknown, actor: string): Promise<Result<Watch>> {
    return this.serial(async () => {
      const v = validateWatch(input);
      if (!v.ok) return v;
      if (this.list().some((w) => w.name === v.value.name)) {
        return err(
          new VaktError('VAKT_CONFIG_INVALID', `a watch named "${v.value.name}" already exists; update it instead`, {
            context: { watch: v.value.name },
          }),
        );
      }
      const explicit = typeof (input as { id?: unknown } | null)?.id === 'string';
      if (explicit && this.watches.has(v.value.id!)) {
        return err(
          new VaktError(
            'VAKT_CONFIG_INVALID',
            `a watch with id "${v.value.id}" already exists; choose another id or leave it out`,
            { context: { watch: v.value.id! } },
          ),
        );
      }
      const watch: Watch = { ...v.value, id: uniqueId(v.value.id!, (id) => this.watches.has(id)) };
      return this.apply([{ action: 'create', watch: watch.id!, after: watch }], actor, watch);
    });
  }

  /** Replaces watch `id`. Its id never changes (data and links are keyed by it); its display name may. */
  update(id: string, input: unknown, actor: string): Promise<Result<Watch>> {
    return this.serial(async () => {
      const before = this.watches.get(id);
      if (!before) return err(new VaktError('VAKT_NOT_FOUND', `no watch with id "${id}"`, { context: { watch: id } }));
      const given = (input as { id?: unknown } | null)?.id;
      if (given !== undefined && given !== id) {
        return err(
          new VaktError(
            'VAKT_CONFIG_INVALID',
            `a watch's id cannot change ("${id}" → "${String(given)}"): its data and alert links are keyed by it; change its name instead`,
            { context: { watch: id } },
          ),
        );
      }
      const v = validateWatch({ ...(input as object), id });
      if (!v.ok) return v;
      if (this.list().some((w) => w.name === v.value.name && watchId(w) !== id)) {
        return err(
          new VaktError('VAKT_CONFIG_INVALID', `cannot rename to "${v.value.name}": another watch has that name`, {
            context: { watch: id },
          }),
        );
      }
      const after = keepAliases(before, v.value);
      return this.apply([{ action: 'update', watch: id, before, after }], actor, after);
    });
  }

  remove(id: string, actor: string): Promise<Result<Watch>> {
    return this.serial(async () => {
      const before = this.watches.get(id);
      if (!before) return err(new VaktError('VAKT_NOT_FOUND', `no watch with id "${id}"`, { context: { watch: id } }));
      return this.apply([{ action: 'delete', watch: id, before }], actor, before);
    });
  }

  /**
   * Configuration as code, as one audited change; all-or-nothing (one invalid watch rejects the whole set).
   * Without `managedBy` the registry becomes equal to `inputs`. With it (`'file'`), `inputs` are marked as managed
   * by that source and only the watches it managed before are replaced: a watch it no longer lists is deleted,
   * watches made elsewhere (the dashboard) are kept, and one with the same id as an input is taken over.
   */
  sync(inputs: readonly unknown[], actor: string, opts: { managedBy?: 'file' } = {}): Promise<Result<WatchSyncResult>> {
    return this.serial(async () => {
      const v = validateWatches(inputs);
      if (!v.ok) return v;
      const incoming =
        opts.managedBy === undefined ? v.value : v.value.map((w) => ({ ...w, managedBy: opts.managedBy! }));
      const ours = (w: Watch): boolean => opts.managedBy === undefined || w.managedBy === opts.managedBy;
      const changes: Array<Omit<WatchAuditEntry, 'at' | 'actor'>> = [];
      const next = new Map(incoming.map((w) => [watchId(w), w]));
      for (const w of incoming) {
        const before = this.watches.get(watchId(w));
        if (!before) changes.push({ action: 'create', watch: watchId(w), after: w });
        else if (canonical(keepAliases(before, w)) !== canonical(before))
          changes.push({ action: 'update', watch: watchId(w), before, after: keepAliases(before, w) });
      }
      let kept = 0;
      for (const [id, before] of this.watches) {
        if (next.has(id)) continue;
        if (ours(before)) changes.push({ action: 'delete', watch: id, before });
        else kept++;
      }
      const counts: WatchSyncResult = {
        created: changes.filter((c) => c.action === 'create').length,
        updated: changes.filter((c) => c.action === 'update').length,
        deleted: changes.filter((c) => c.action === 'delete').length,
        changes: changes.map((c) => ({
          action: c.action,
          id: c.watch,
          name: (c.after ?? c.before)!.name,
          ...(c.action === 'update' && c.before && !ours(c.before) ? { takenOver: true } : {}),
        })),
        kept,
      };
      if (changes.length === 0) return ok(counts);
      const r = await this.apply(changes, actor, null);
      return r.ok ? ok(counts) : r;
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply<T>(
    changes: Array<Omit<WatchAuditEntry, 'at' | 'actor'>>,
    actor: string,
    value: T,
  ): Promise<Result<T>> {
    const at = new Date(this.now()).toISOString();
    const entries: WatchAuditEntry[] = changes.map((c) => ({ ...c, at, actor }));
    const next = new Map(this.watches);
    for (const c of changes) {
      if (c.action !== 'create') next.delete(c.watch);
      if (c.after) next.set(watchId(c.after), c.after);
    }
    const watches = [...next.values()];
    const matcher = createMatcher(watches); // compile before persisting: a compile bug must not leave disk ahead of memory
    const history = [...this.history, ...entries].slice(-this.historyLimit);
    const saved = await this.persist({ version: 1, watches, history });
    if (!saved.ok) return saved;
    this.watches = next;
    this.history = history;
    this.current = matcher;
    this.notify({ matcher, watches, entries });
    return ok(value);
  }

  private async persist(file: StoredFile): Promise<Result<void>> {
    const path = join(this.opts.dataDir, FILE);
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      await mkdir(this.opts.dataDir, { recursive: true, mode: 0o700 });
      await writeFile(tmp, JSON.stringify(file, null, 2), { mode: 0o600 });
      await rename(tmp, path);
      return ok(undefined);
    } catch (cause) {
      return err(
        new VaktError('VAKT_CONFIG_INVALID', `cannot write ${path}: ${(cause as Error).message}; nothing changed`, {
          cause,
          retriable: true,
          context: { path },
        }),
      );
    }
  }
}

/** `after` with `before`'s aliases: an edit (a file, an API body) does not carry them, and must not drop them. */
function keepAliases(before: Watch, after: Watch): Watch {
  const aliases = [...new Set([...(after.aliases ?? []), ...(before.aliases ?? [])])];
  return aliases.length > 0 ? { ...after, aliases } : after;
}
