/** How many failed password checks are allowed, per account and per client address, in one window. */
export interface FailureLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

/**
 * Ten failures per account and thirty per address in 15 minutes: a person who mistypes is never stopped, while a
 * guesser gets about 1,000 tries a day per account instead of the 14,400 a per-minute limit allows (OWASP
 * Authentication Cheat Sheet, "Account lockout"). Per address is higher because one office behind NAT shares it.
 */
export const DEFAULT_FAILURE_LIMITS: FailureLimits = { perAccount: 10, perAddress: 30, windowMs: 15 * 60_000 };

/** Keys are kept at most this many at once; beyond it the oldest are forgotten first (bounded memory under a spray). */
const MAX_KEYS = 100_000;

interface Window {
  failures: number;
  resetAt: number;
}

/**
 * Counts failed password checks (login, own password change), never successes: a user who logs in ten times a day
 * is not one typo from being locked out. A check is refused while either its account or its address has used up
 * its failures in the current window; the window starts at the first failure. Refused attempts are not verified,
 * so a guesser also stops costing scrypt time. In-memory per process: several dashboard processes each allow the
 * limit, which the docs state.
 */
export class FailureThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: FailureLimits,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until this account may be tried from this address again; 0 = allowed now. */
  blockedFor(account: string, address: string): number {
    const t = this.now();
    const wait = (key: string, limit: number): number => {
      const w = this.windows.get(key);
      return w && w.resetAt > t && w.failures >= limit ? w.resetAt - t : 0;
    };
    return Math.max(
      wait(accountKey(account), this.limits.perAccount),
      wait(addressKey(address), this.limits.perAddress),
    );
  }

  /** Records one failed check against both the account and the address. */
  fail(account: string, address: string): void {
    const t = this.now();
    for (const key of [accountKey(account), addressKey(address)]) {
      const w = this.windows.get(key);
      if (w && w.resetAt > t) w.failures += 1;
      else {
        this.windows.delete(key);
        this.windows.set(key, { failures: 1, resetAt: t + this.limits.windowMs });
      }
    }
    if (this.windows.size > MAX_KEYS) this.prune(t);
  }

  private prune(t: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= t) this.windows.delete(k);
    for (const k of this.windows.keys()) {
      if (this.windows.size <= MAX_KEYS) break;
      this.windows.delete(k);
    }
  }
}

// Usernames are unique case-insensitively, so "Admin" and "admin" share one count.
const accountKey = (account: string): string => `a:${account.toLowerCase()}`;
const addressKey = (address: string): string => `ip:${address}`;
