import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import { parseRetryAfter } from '@vakt/retry/retry-after';
import { RateLimiter } from './rate-limit.js';

export interface RedditClientOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Reddit asks for `<platform>:<app ID>:<version> (by /u/<username>)`; generic agents are throttled hard. */
  readonly userAgent: string;
  readonly authUrl?: string;
  readonly apiUrl?: string;
  /** Client-side ceiling; Reddit allows 100 QPM per OAuth client id. */
  readonly requestsPerMinute?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Thin Reddit OAuth client (application-only, client-credentials grant): fetches and renews the bearer token,
 * spaces requests with a token bucket and obeys `X-Ratelimit-Remaining/Reset` and 429s. The secret and the token
 * never leave this object: errors carry the status and path only.
 */
export class RedditClient {
  private token: { value: string; expiresAt: number } | null = null;
  readonly limiter: RateLimiter;
  private readonly now: () => number;
  private readonly doFetch: typeof fetch;
  /** Last rate-limit headers seen, for metrics and tests. */
  lastRateLimit: { used: number; remaining: number; resetS: number } | null = null;

  constructor(private readonly o: RedditClientOptions) {
    this.now = o.now ?? Date.now;
    this.doFetch = o.fetch ?? fetch;
    // Burst of 1: evenly spaced requests keep any 60 s window within the limit (a bigger burst would exceed it).
    this.limiter = new RateLimiter(o.requestsPerMinute ?? 100, 1, this.now, o.wait);
  }

  private async authenticate(signal?: AbortSignal): Promise<Result<string>> {
    if (this.token && this.token.expiresAt - 60_000 > this.now()) return ok(this.token.value);
    if (!(await this.limiter.take(signal))) return err(new VaktError('VAKT_CONNECTOR_FAILED', 'stopped'));
    const basic = Buffer.from(
      `${encodeURIComponent(this.o.clientId)}:${encodeURIComponent(this.o.clientSecret)}`,
    ).toString('base64');
    const res = await this.doFetch(`${this.o.authUrl ?? 'https://www.reddit.com'}/api/v1/access_token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': this.o.userAgent,
      },
      body: 'grant_type=client_credentials',
      ...(signal ? { signal } : {}),
    });
    if (res.status === 401 || res.status === 403) {
      return err(
        new VaktError('VAKT_UNAUTHORIZED', 'Reddit rejected the app credentials; check VAKT_REDDIT_CLIENT_ID/SECRET', {
          context: { status: res.status },
        }),
      );
    }
    if (!res.ok)
      return err(
        new VaktError('VAKT_CONNECTOR_FAILED', `Reddit token endpoint answered ${res.status}`, {
          context: { status: res.status },
        }),
      );
    const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string')
      return err(new VaktError('VAKT_CONNECTOR_FAILED', 'Reddit token response without access_token'));
    const ttl = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    this.token = { value: body.access_token, expiresAt: this.now() + ttl * 1000 };
    return ok(this.token.value);
  }

  /** Reads the X-Ratelimit-* headers (fractional numbers) and blocks the limiter until reset when exhausted. */
  private observe(res: Response): void {
    const used = Number(res.headers.get('x-ratelimit-used'));
    const remaining = Number(res.headers.get('x-ratelimit-remaining'));
    const resetS = Number(res.headers.get('x-ratelimit-reset'));
    if (res.headers.has('x-ratelimit-remaining') && Number.isFinite(remaining) && Number.isFinite(resetS)) {
      this.lastRateLimit = { used, remaining, resetS };
      if (remaining < 1) this.limiter.blockUntil(this.now() + resetS * 1000);
    }
  }

  /** GET a JSON API path (e.g. `/search?q=…`). Retries once after renewing an expired token. */
  async get(path: string, signal?: AbortSignal): Promise<Result<unknown>> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const t = await this.authenticate(signal);
      if (!t.ok) return t;
      if (!(await this.limiter.take(signal))) return err(new VaktError('VAKT_CONNECTOR_FAILED', 'stopped'));
      const res = await this.doFetch(`${this.o.apiUrl ?? 'https://oauth.reddit.com'}${path}`, {
        headers: { authorization: `Bearer ${t.value}`, 'user-agent': this.o.userAgent, accept: 'application/json' },
        ...(signal ? { signal } : {}),
      });
      this.observe(res);
      if (res.status === 401 && attempt === 0) {
        this.token = null; // expired or revoked early: renew once
        await res.body?.cancel();
        continue;
      }
      if (res.status === 429) {
        const wait =
          parseRetryAfter(res.headers.get('retry-after'), this.now()) ?? (this.lastRateLimit?.resetS ?? 60) * 1000;
        this.limiter.blockUntil(this.now() + wait);
        await res.body?.cancel();
        return err(new VaktError('VAKT_RATE_LIMITED', 'Reddit rate limit reached', { context: { waitMs: wait } }));
      }
      if (!res.ok) {
        await res.body?.cancel();
        return err(
          new VaktError('VAKT_CONNECTOR_FAILED', `Reddit answered ${res.status} for ${path.split('?')[0]}`, {
            context: { status: res.status },
          }),
        );
      }
      return ok(await res.json()); // a cut body rejects here; the caller treats it as a failed poll
    }
    return err(new VaktError('VAKT_UNAUTHORIZED', 'Reddit refused a freshly issued token'));
  }
}
