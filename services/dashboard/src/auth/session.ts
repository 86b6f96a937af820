import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a valid session cookie carries. */
export interface SessionClaims {
  userId: string;
  /** Random per login; the CSRF token is derived from it, and logout revokes it. */
  sid: string;
  expiresAt: number;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');
const unb64 = (s: string): string => Buffer.from(s, 'base64url').toString('utf8');

/**
 * Stateless signed session cookies: `v1.<userId>.<sid>.<expires>.<hmac>`. Stateless so any dashboard process
 * sharing `sessionSecret` accepts them (no sticky sessions, no session store). Revocation on logout is kept per
 * process in a bounded set; a user's `sessionEpoch` bump (password change, disable) revokes everywhere because the
 * user is re-read on every request.
 */
export class SessionCodec {
  private readonly revoked = new Map<string, number>();

  constructor(
    private readonly secret: string,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    if (secret.length < 32) throw new Error('sessionSecret must be at least 32 characters');
  }

  issue(userId: string, epoch: number): { cookie: string; claims: SessionClaims } {
    const sid = `${epoch}-${randomBytes(16).toString('base64url')}`;
    const expiresAt = this.now() + this.ttlMs;
    const body = ['v1', b64(userId), sid, String(expiresAt)].join('.');
    return { cookie: `${body}.${this.mac(body)}`, claims: { userId, sid, expiresAt } };
  }

  /** Returns the claims of a well-signed, unexpired, unrevoked cookie, else undefined. */
  verify(cookie: string | undefined): SessionClaims | undefined {
    if (!cookie || cookie.length > 512) return undefined;
    const parts = cookie.split('.');
    if (parts.length !== 5 || parts[0] !== 'v1') return undefined;
    const body = parts.slice(0, 4).join('.');
    const given = Buffer.from(parts[4] ?? '');
    const want = Buffer.from(this.mac(body));
    if (given.length !== want.length || !timingSafeEqual(given, want)) return undefined;
    const expiresAt = Number(parts[3]);
    if (!Number.isFinite(expiresAt) || expiresAt <= this.now()) return undefined;
    const sid = parts[2] ?? '';
    if (this.revoked.has(sid)) return undefined;
    return { userId: unb64(parts[1] ?? ''), sid, expiresAt };
  }

  /** The epoch the session was issued under (prefix of sid). */
  static epochOf(claims: SessionClaims): number {
    return Number(claims.sid.split('-')[0]);
  }

  revoke(claims: SessionClaims): void {
    this.revoked.set(claims.sid, claims.expiresAt);
    // Bounded: drop entries that expired anyway.
    if (this.revoked.size > 10_000) {
      const t = this.now();
      for (const [sid, exp] of this.revoked) if (exp <= t) this.revoked.delete(sid);
    }
  }

  /** The CSRF token for a session: derived, so it needs no storage and differs per login. */
  csrfToken(claims: SessionClaims): string {
    return this.mac(`csrf.${claims.sid}`);
  }

  checkCsrf(claims: SessionClaims, header: string | undefined): boolean {
    if (!header) return false;
    const a = Buffer.from(header);
    const b = Buffer.from(this.csrfToken(claims));
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private mac(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}
