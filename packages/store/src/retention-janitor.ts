/**
 * Retention enforced on a schedule. ClickHouse 18.16 has no TTL, so the application deletes old data:
 * every `intervalMs` the janitor reads the current watches and runs `applyRetention` for each with its own
 * `retentionDays` (or the configured default), then one global pass at the longest retention in force. The global
 * pass is what drops whole monthly partitions (cheap), cleans dead letters (which belong to no watch) and removes
 * rows of watches that were deleted from the registry; it never removes anything a live watch still keeps, because
 * no watch keeps longer than the longest retention.
 *
 * Runs never overlap: the next run is scheduled only when the previous one has finished, so a slow mutation on a big
 * table delays the schedule instead of piling up ALTERs.
 */
import { VaktError, isVaktError } from '@vakt/errors/vakt-error';
import type { StoreClient } from './client.js';
import { applyRetention, type RetentionReport } from './privacy.js';

/** What the janitor needs to know about a watch. `retentionDays` absent means "use the default". */
export interface WatchRetention {
  name: string;
  retentionDays?: number;
}

/** Schedules `fn` after `ms`; returns a cancel function. Injected so tests fire runs by hand (no timers, no sleeps). */
export type Schedule = (fn: () => void, ms: number) => () => void;

export interface RetentionJanitorOptions {
  store: StoreClient;
  /** The watches in force now, read at every run (so edits in the dashboard apply at the next run). */
  watches: () => Promise<readonly WatchRetention[]> | readonly WatchRetention[];
  /** Days kept for watches without their own `retentionDays`, and for dead letters when there are no watches. */
  defaultDays: number;
  /** Time between the end of one run and the start of the next. Default one hour. */
  intervalMs?: number;
  /** The clock the cutoffs are computed from. */
  now?: () => number;
  schedule?: Schedule;
  /** How long each delete mutation may take before the run reports it as unfinished (default 120 000 ms). */
  mutationTimeoutMs?: number;
  /** Called after every run with its report (metrics, logs). Watch names only: no row data ever reaches it. */
  onRun?: (report: JanitorRunReport) => void;
}

/** The outcome of one target of a run: one watch, or the global pass (`watch` undefined). */
export interface JanitorTargetReport {
  watch?: string;
  days: number;
  ok: boolean;
  /** Rows deleted per table (present when ok). */
  deleted?: Record<string, number>;
  /** Partitions dropped per table (global pass only). */
  droppedPartitions?: Record<string, string[]>;
  /** The VaktError code when not ok. */
  code?: string;
  /** The error message when not ok (never contains row data: store errors keep engine text in `cause`). */
  message?: string;
}

export interface JanitorRunReport {
  /** `now()` at the start of the run, ms since epoch. */
  at: number;
  targets: JanitorTargetReport[];
  /** True when every target succeeded. */
  ok: boolean;
}

const HOUR = 3_600_000;

const defaultSchedule: Schedule = (fn, ms) => {
  const t = setTimeout(fn, ms);
  // A pending janitor run must not keep a process alive that is otherwise shutting down.
  t.unref();
  return () => clearTimeout(t);
};

const validDays = (d: unknown): d is number => typeof d === 'number' && Number.isInteger(d) && d >= 1;

export class RetentionJanitor {
  private readonly opts: Required<Omit<RetentionJanitorOptions, 'onRun' | 'mutationTimeoutMs'>> &
    Pick<RetentionJanitorOptions, 'onRun' | 'mutationTimeoutMs'>;
  private cancel: (() => void) | undefined;
  private running: Promise<JanitorRunReport> | undefined;
  private started = false;

  /** Throws VaktError('VAKT_CONFIG_INVALID') for a default below one day or a non-positive interval. */
  constructor(opts: RetentionJanitorOptions) {
    if (!validDays(opts.defaultDays)) {
      throw new VaktError(
        'VAKT_CONFIG_INVALID',
        `default retention days: expected an integer >= 1, got ${String(opts.defaultDays)}`,
      );
    }
    const intervalMs = opts.intervalMs ?? HOUR;
    if (!Number.isFinite(intervalMs) || intervalMs < 1000) {
      throw new VaktError(
        'VAKT_CONFIG_INVALID',
        `retention interval: expected at least 1000 ms, got ${String(intervalMs)}`,
      );
    }
    this.opts = { ...opts, intervalMs, now: opts.now ?? Date.now, schedule: opts.schedule ?? defaultSchedule };
  }

  /**
   * One run: every watch with its retention, then the global pass at the longest retention. A failing watch does not
   * stop the others; the report says which failed and why. Never rejects. Concurrent calls share the run in flight.
   */
  runOnce(): Promise<JanitorRunReport> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Runs now, then `intervalMs` after each run ends, until `stop()`. Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.cancel = this.opts.schedule(() => this.tick(), 0);
  }

  /**
   * Cancels the next run and waits for the one in flight, at most `deadlineMs` (default 5 000): a run can wait minutes
   * for a mutation, and shutdown must not. A mutation already sent finishes inside ClickHouse either way; the run's
   * remaining steps then fail (store closed) and are redone at the next start.
   */
  async stop(deadlineMs = 5_000): Promise<void> {
    this.started = false;
    this.cancel?.();
    this.cancel = undefined;
    const running = this.running;
    if (!running) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([running, new Promise<void>((r) => (timer = setTimeout(r, deadlineMs)))]);
    clearTimeout(timer);
  }

  private tick(): void {
    this.cancel = undefined;
    void this.runOnce().then(() => {
      if (this.started) this.cancel = this.opts.schedule(() => this.tick(), this.opts.intervalMs);
    });
  }

  private async run(): Promise<JanitorRunReport> {
    const at = this.opts.now();
    const deps = {
      now: () => at,
      ...(this.opts.mutationTimeoutMs !== undefined ? { mutationTimeoutMs: this.opts.mutationTimeoutMs } : {}),
    };
    const retain = applyRetention(this.opts.store, deps);
    const targets: JanitorTargetReport[] = [];
    let watches: readonly WatchRetention[];
    try {
      watches = await this.opts.watches();
    } catch (e) {
      // Without the list we cannot know any watch's retention; deleting at the default could cut a longer one short.
      targets.push(failure(undefined, this.opts.defaultDays, e));
      return this.finish({ at, targets, ok: false });
    }
    let longest = this.opts.defaultDays;
    for (const w of watches) {
      const days = w.retentionDays ?? this.opts.defaultDays;
      if (!validDays(days)) {
        targets.push({
          watch: w.name,
          days,
          ok: false,
          code: 'VAKT_CONFIG_INVALID',
          message: `retentionDays of watch ${w.name}: expected an integer >= 1`,
        });
        // An invalid value must not let the global pass delete what this watch may be meant to keep.
        longest = Number.POSITIVE_INFINITY;
        continue;
      }
      longest = Math.max(longest, days);
      targets.push(toTarget(w.name, days, await settle(() => retain({ watch: w.name, days }))));
    }
    if (Number.isFinite(longest))
      targets.push(toTarget(undefined, longest, await settle(() => retain({ days: longest }))));
    return this.finish({ at, targets, ok: targets.every((t) => t.ok) });
  }

  private finish(report: JanitorRunReport): JanitorRunReport {
    try {
      this.opts.onRun?.(report);
    } catch {
      // A broken observer (a metrics callback) must not stop retention; the report is still returned.
    }
    return report;
  }
}

type Settled = { ok: true; value: RetentionReport } | { ok: false; error: unknown };

async function settle(
  f: () => Promise<{ ok: true; value: RetentionReport } | { ok: false; error: VaktError }>,
): Promise<Settled> {
  try {
    return await f();
  } catch (error) {
    return { ok: false, error };
  }
}

function toTarget(watch: string | undefined, days: number, r: Settled): JanitorTargetReport {
  if (!r.ok) return failure(watch, days, r.error);
  const t: JanitorTargetReport = { days, ok: true, deleted: r.value.deleted };
  if (watch !== undefined) t.watch = watch;
  else t.droppedPartitions = r.value.droppedPartitions;
  return t;
}

function failure(watch: string | undefined, days: number, e: unknown): JanitorTargetReport {
  const t: JanitorTargetReport = {
    days,
    ok: false,
    code: isVaktError(e) ? e.code : 'VAKT_INTERNAL',
    message: isVaktError(e) ? e.message : 'unexpected error during retention',
  };
  if (watch !== undefined) t.watch = watch;
  return t;
}
