import { VaktError } from '@vakt/errors/vakt-error';
import { backoffDelay } from '@vakt/retry/backoff';
import { parseRetryAfter } from '@vakt/retry/retry-after';
import type { Destination } from './destinations.js';
import type { DeliveryJob, DeliveryLog } from './delivery-log.js';
import { signWebhook } from './signing.js';

/**
 * Sends logged delivery jobs. Driven by `tick()` at the injected clock's time, so tests advance time instead of
 * sleeping; the alerter calls `tick()` from a short interval timer for retries that come due. With `sendOnEnqueue` a
 * job is also sent as soon as `enqueue` has made it durable, and a destination's next due job as soon as the attempt
 * before it ends: a page does not wait for the timer. Per destination, jobs go out one at a time in creation order
 * (firing before its resolved), each with:
 * - retries on network errors, timeouts, 408/429/5xx: exponential backoff with jitter, capped (Retry-After wins
 *   when larger, up to `maxRetryAfterMs`); other 4xx are not retried (VAKT_WEBHOOK_REJECTED);
 * - redirects are never followed: a 3xx is a rejection naming its Location, so a receiver (or whoever controls it)
 *   cannot make Vakt POST an alert, signed, to another address;
 * - a retry budget (`maxAttempts`), after which the job is dead-lettered with its last error (shown on the dashboard);
 * - a token bucket rate limit per destination.
 * Every attempt carries the job's idempotency key in `webhook-id` and `idempotency-key`.
 */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
  timeoutMs: number;
  /**
   * The longest pause a receiver's Retry-After may impose. Jobs of one destination go out in order (a firing before
   * its resolved), so a pause holds every later alert for that destination: an unbounded one (100000000 s was seen)
   * parks it for years. An alert that waits more than ~10 min has lost most of its use, and the retry budget still
   * dead-letters a destination that keeps refusing.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  baseMs: 1_000,
  maxMs: 5 * 60_000,
  maxAttempts: 15,
  timeoutMs: 10_000,
  maxRetryAfterMs: 10 * 60_000,
};

export interface DelivererDeps {
  log: DeliveryLog;
  destinations: readonly Destination[];
  now: () => number;
  /** 0..1; injected so jitter is reproducible in tests. */
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
  onDelivered?: (job: DeliveryJob, attempts: number) => void;
  onDead?: (job: DeliveryJob, error: VaktError) => void;
  /**
   * Send a job when it is enqueued (and a destination's next due job when its attempt ends) instead of at the next
   * `tick()`. Off by default, so a caller that drives time with `tick()` alone sees every attempt happen in a tick.
   */
  sendOnEnqueue?: boolean;
  /** An attempt failed to record its outcome (e.g. the log's disk); the job stays pending. */
  onError?: (error: unknown) => void;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class Deliverer {
  private readonly retry: RetryPolicy;
  /** The attempt in flight per destination (at most one: a destination's jobs go out in order). */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly byId: Map<string, Destination>;
  private closed = false;

  constructor(private readonly deps: DelivererDeps) {
    this.retry = { ...DEFAULT_RETRY, ...deps.retry };
    this.byId = new Map(deps.destinations.map((d) => [d.id, d]));
    // A job parked further ahead than any delay this policy can set (an uncapped Retry-After logged by an earlier
    // version) is due within the cap instead, from this start on.
    const latest = deps.now() + Math.max(this.retry.maxMs, this.retry.maxRetryAfterMs);
    for (const p of deps.log.state.pending) if (p.nextAt > latest) p.nextAt = latest;
  }

  /** Logs a job durably (no-op if its key is known). After this returns the job survives a crash. */
  enqueue(job: DeliveryJob): boolean {
    if (this.deps.log.state.keys.has(job.key)) return false;
    this.deps.log.append({ t: 'job', job });
    if (this.deps.sendOnEnqueue) this.sendDue(this.deps.now(), job.destinationId);
    return true;
  }

  pending(): number {
    return this.deps.log.state.pending.length;
  }

  /** Sends every job that is due now; resolves when those attempts (and any already in flight) have finished. */
  async tick(): Promise<void> {
    this.sendDue(this.deps.now());
    await Promise.all(this.inFlight.values());
  }

  /** Resolves when no attempt is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled(this.inFlight.values());
  }

  /**
   * Starts no more attempts (a destination's chain of due jobs stops too: a stop must not run through a backlog past
   * its deadline) and resolves when those in flight have ended, so the log can be closed under none. What is still
   * pending stays in the log for the next start.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  /** Starts the head job of every idle destination (or of `only`) if it is due; does not wait for the attempts. */
  private sendDue(now: number, only?: string): void {
    if (this.closed) return;
    const heads = new Map<string, (typeof this.deps.log.state.pending)[number]>();
    for (const p of this.deps.log.state.pending) {
      const destId = p.job.destinationId;
      if ((only === undefined || destId === only) && !heads.has(destId)) heads.set(destId, p);
    }
    for (const [destId, p] of heads) {
      if (this.inFlight.has(destId) || p.nextAt > now) continue;
      const dest = this.byId.get(destId);
      if (!dest) {
        this.deps.log.append({
          t: 'dead',
          key: p.job.key,
          at: now,
          attempts: p.attempts,
          error: `destination ${destId} is no longer configured`,
        });
        continue;
      }
      if (!this.take(dest, now)) continue;
      const sent = this.attempt(dest, p.job, p.attempts + 1).finally(() => {
        this.inFlight.delete(destId);
        // The next job of this destination goes out now, not at the next tick (retries stay on their backoff).
        if (this.deps.sendOnEnqueue) this.sendDue(this.deps.now(), destId);
      });
      this.inFlight.set(destId, sent);
      // An attempt started outside `tick` has nobody awaiting it: report its failure (a log write) instead of an
      // unhandled rejection. The job stays pending, so the next tick tries again.
      sent.catch((e: unknown) => this.deps.onError?.(e));
    }
  }

  /** When the next job becomes due (for schedulers), or undefined when nothing is pending. */
  nextDueAt(): number | undefined {
    let t: number | undefined;
    for (const p of this.deps.log.state.pending) t = t === undefined ? p.nextAt : Math.min(t, p.nextAt);
    return t;
  }

  private take(dest: Destination, now: number): boolean {
    const rl = dest.rateLimit ?? { burst: 10, perMinute: 60 };
    const b = this.buckets.get(dest.id) ?? { tokens: rl.burst, at: now };
    b.tokens = Math.min(rl.burst, b.tokens + ((now - b.at) * rl.perMinute) / 60_000);
    b.at = now;
    this.buckets.set(dest.id, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private async attempt(dest: Destination, job: DeliveryJob, attempts: number): Promise<void> {
    const result = await this.post(dest, job);
    const now = this.deps.now();
    if (result.ok) {
      this.deps.log.append({ t: 'delivered', key: job.key, at: now, attempts });
      this.deps.onDelivered?.(job, attempts);
      return;
    }
    const e = result.error;
    if (!e.retriable || attempts >= this.retry.maxAttempts) {
      this.deps.log.append({ t: 'dead', key: job.key, at: now, attempts, error: `${e.code}: ${e.message}` });
      this.deps.onDead?.(job, e);
      return;
    }
    const retryAfter = Math.min(result.retryAfterMs ?? 0, this.retry.maxRetryAfterMs);
    const delay = Math.max(
      backoffDelay(attempts, { initialMs: this.retry.baseMs, maxMs: this.retry.maxMs, random: this.deps.random }),
      retryAfter,
    );
    this.deps.log.append({
      t: 'attempt',
      key: job.key,
      at: now,
      attempts,
      error: `${e.code}: ${e.message}`,
      nextAt: now + delay,
    });
  }

  private async post(
    dest: Destination,
    job: DeliveryJob,
  ): Promise<{ ok: true } | { ok: false; error: VaktError; retryAfterMs?: number }> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Vakt-Alerter/0.1',
      'idempotency-key': job.key,
      ...dest.headers,
    };
    if (dest.secrets?.length) Object.assign(headers, signWebhook(dest.secrets, job.key, job.body, this.deps.now()));
    else headers['webhook-id'] = job.key;
    let res: Response;
    try {
      res = await (this.deps.fetch ?? fetch)(job.url, {
        method: 'POST',
        headers,
        body: job.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.retry.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
    } catch (cause) {
      return {
        ok: false,
        error: new VaktError(
          'VAKT_WEBHOOK_UNAVAILABLE',
          `POST to destination ${dest.id} failed: ${(cause as Error).message ?? 'network error'}`,
          { cause, context: { destination: dest.id } },
        ),
      };
    }
    if (res.ok) return { ok: true };
    const ctx = { destination: dest.id, status: res.status };
    if (res.status >= 300 && res.status < 400) {
      // Not retried: the answer will not change, and following it would hand the alert to an address nobody configured.
      const location = (res.headers.get('location') ?? '').slice(0, 200);
      return {
        ok: false,
        error: new VaktError(
          'VAKT_WEBHOOK_REJECTED',
          `destination ${dest.id} answered ${res.status} redirect${location ? ` to ${location}` : ''}; Vakt does not follow redirects: configure the final URL`,
          { context: ctx },
        ),
      };
    }
    if (res.status === 408 || res.status === 429 || res.status >= 500) {
      const code = res.status === 429 ? 'VAKT_RATE_LIMITED' : 'VAKT_WEBHOOK_UNAVAILABLE';
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.deps.now());
      return {
        ok: false,
        error: new VaktError(code, `destination ${dest.id} answered ${res.status}`, { context: ctx, retriable: true }),
        ...(retryAfterMs ? { retryAfterMs } : {}),
      };
    }
    return {
      ok: false,
      error: new VaktError(
        'VAKT_WEBHOOK_REJECTED',
        `destination ${dest.id} rejected the delivery with ${res.status}; check its URL and credentials`,
        { context: ctx },
      ),
    };
  }
}
