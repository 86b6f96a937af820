import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '@vakt/schema/alert';

/**
 * The durable delivery log: one append-only JSONL file in a local directory, every record fsynced before the call
 * returns. A job is written before its first attempt and its outcome after, so after a SIGKILL at any point:
 * - a job without an outcome is re-sent on restart (no alert lost), with the same idempotency key (receivers dedup);
 * - a job with an outcome is never re-sent (no duplicate storm);
 * - alert states are restored, so a detector re-firing the same storm after restart is an update, not a new page.
 * A torn last line (killed mid-write) is ignored. The file is compacted at open (write temp, fsync, rename).
 */

/** One delivery to one destination. `key` is the idempotency key sent as `webhook-id` and `idempotency-key`. */
export interface DeliveryJob {
  key: string;
  destinationId: string;
  url: string;
  body: string;
  fingerprint: string;
  status: 'firing' | 'resolved';
  createdAt: number;
}

export type DeliveryOutcome =
  | { t: 'delivered'; key: string; at: number; attempts: number }
  | { t: 'dead'; key: string; at: number; attempts: number; error: string };

export type LogRecord =
  | { t: 'job'; job: DeliveryJob }
  | DeliveryOutcome
  | { t: 'attempt'; key: string; at: number; attempts: number; error: string; nextAt: number }
  | { t: 'alert'; alert: Alert }
  | { t: 'silence'; watch: string; until: number };

export interface LogState {
  /** Jobs without an outcome, in creation order, with attempts so far and when the next is due. */
  pending: Array<{ job: DeliveryJob; attempts: number; nextAt: number; lastError?: string }>;
  dead: Array<{ job: DeliveryJob; attempts: number; error: string; at: number }>;
  /** Every key ever seen (pending, delivered or dead): enqueuing a known key is a no-op. */
  keys: Set<string>;
  alerts: Map<string, Alert>;
  silences: Map<string, number>;
}

const FILE = 'deliveries.jsonl';
/** Dead letters kept across compactions for the dashboard. */
const KEEP_DEAD = 200;
/**
 * Delivered keys kept as tombstones across compactions. Replays only reach back as far as uncommitted input (minutes
 * to hours of alerts), so the newest 50,000 keep re-enqueues no-ops without growing the file forever.
 */
const KEEP_DELIVERED = 50_000;

export class DeliveryLog {
  private fd: number;
  readonly state: LogState;

  private constructor(
    private readonly dir: string,
    state: LogState,
  ) {
    this.state = state;
    // 0600: the log holds alert payloads, which quote mention text and handles.
    this.fd = openSync(join(dir, FILE), 'a', 0o600);
  }

  /** Opens (creating) the log in `dir`, replays it and compacts it. Throws only on I/O errors (disk, permissions). */
  static open(dir: string): DeliveryLog {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, FILE);
    const state = replay(existsSync(path) ? readFileSync(path, 'utf8') : '');
    compact(dir, state);
    return new DeliveryLog(dir, state);
  }

  /** Appends and fsyncs one record, and applies it to `state`. */
  append(rec: LogRecord): void {
    writeSync(this.fd, JSON.stringify(rec) + '\n');
    fsyncSync(this.fd);
    apply(this.state, rec);
  }

  /**
   * Rewrites what the log holds (alert states, pending and dead jobs) through `edit` and compacts the file at once, so
   * the old records are gone from disk, not only from memory (erasure). Delivered jobs keep no body. Returns how many
   * alerts and jobs `edit` changed.
   */
  rewrite(edit: { alert: (a: Alert) => Alert; job: (j: DeliveryJob) => DeliveryJob }): {
    alerts: number;
    jobs: number;
  } {
    let alerts = 0;
    let jobs = 0;
    for (const [fp, a] of this.state.alerts) {
      const next = edit.alert(a);
      if (next !== a) {
        this.state.alerts.set(fp, next);
        alerts += 1;
      }
    }
    for (const entry of [...this.state.pending, ...this.state.dead]) {
      const next = edit.job(entry.job);
      if (next.body !== entry.job.body) jobs += 1;
      entry.job = next;
    }
    closeSync(this.fd);
    compact(this.dir, this.state);
    this.fd = openSync(join(this.dir, FILE), 'a', 0o600);
    return { alerts, jobs };
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed during shutdown: nothing left to flush (every append was fsynced).
    }
  }

  get directory(): string {
    return this.dir;
  }
}

function replay(text: string): LogState {
  const state: LogState = { pending: [], dead: [], keys: new Set(), alerts: new Map(), silences: new Map() };
  for (const line of text.split('\n')) {
    if (!line) continue;
    let rec: LogRecord;
    try {
      rec = JSON.parse(line) as LogRecord;
    } catch {
      continue; // a torn tail from a kill mid-write; every earlier record was fsynced whole
    }
    apply(state, rec);
  }
  return state;
}

function apply(s: LogState, rec: LogRecord): void {
  switch (rec.t) {
    case 'job':
      if (s.keys.has(rec.job.key)) return;
      s.keys.add(rec.job.key);
      s.pending.push({ job: rec.job, attempts: 0, nextAt: rec.job.createdAt });
      return;
    case 'attempt': {
      const p = s.pending.find((x) => x.job.key === rec.key);
      if (p) Object.assign(p, { attempts: rec.attempts, nextAt: rec.nextAt, lastError: rec.error });
      return;
    }
    case 'delivered':
    case 'dead': {
      const i = s.pending.findIndex((x) => x.job.key === rec.key);
      if (i < 0) return;
      const [p] = s.pending.splice(i, 1);
      if (rec.t === 'dead' && p) {
        s.dead.push({ job: p.job, attempts: rec.attempts, error: rec.error, at: rec.at });
        if (s.dead.length > KEEP_DEAD) s.dead.shift();
      }
      return;
    }
    case 'alert':
      s.alerts.set(rec.alert.fingerprint, rec.alert);
      return;
    case 'silence':
      s.silences.set(rec.watch, rec.until);
      return;
  }
}

/** Rewrites the log with only what matters: live alerts, silences, pending and dead jobs, delivered keys. */
function compact(dir: string, s: LogState): void {
  const lines: string[] = [];
  for (const a of s.alerts.values()) lines.push(JSON.stringify({ t: 'alert', alert: a }));
  for (const [watch, until] of s.silences) lines.push(JSON.stringify({ t: 'silence', watch, until }));
  const pendingKeys = new Set(s.pending.map((p) => p.job.key));
  const deadKeys = new Set(s.dead.map((d) => d.job.key));
  // Delivered keys are kept as tiny tombstones so a re-enqueue after restart stays a no-op (newest first to go last).
  const delivered = [...s.keys].filter((k) => !pendingKeys.has(k) && !deadKeys.has(k)).slice(-KEEP_DELIVERED);
  for (const k of delivered)
    lines.push(
      JSON.stringify({ t: 'job', job: { key: k, tomb: true } }),
      JSON.stringify({ t: 'delivered', key: k, at: 0, attempts: 0 }),
    );
  for (const d of s.dead)
    lines.push(
      JSON.stringify({ t: 'job', job: d.job }),
      JSON.stringify({ t: 'dead', key: d.job.key, at: d.at, attempts: d.attempts, error: d.error }),
    );
  for (const p of s.pending) {
    lines.push(JSON.stringify({ t: 'job', job: p.job }));
    if (p.attempts > 0)
      lines.push(
        JSON.stringify({
          t: 'attempt',
          key: p.job.key,
          at: 0,
          attempts: p.attempts,
          error: p.lastError ?? '',
          nextAt: p.nextAt,
        }),
      );
  }
  const tmp = join(dir, `${FILE}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  writeSync(fd, lines.length ? lines.join('\n') + '\n' : '');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, join(dir, FILE));
  // fsync the directory so the rename itself survives a crash.
  const dfd = openSync(dir, 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}
