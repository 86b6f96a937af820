import { ROLE_RANK, type Role, type UserStore } from './users.js';
import { SessionCodec, type SessionClaims } from './session.js';
import { hashToken } from './password.js';

export const SESSION_COOKIE = 'vakt_session';

/** Who is calling: a logged-in person (with their session) or a machine with an API token. */
export interface Principal {
  kind: 'user' | 'token';
  id: string;
  name: string;
  role: Role;
  session?: SessionClaims;
}

export const hasRole = (p: Principal, role: Role): boolean => ROLE_RANK[p.role] >= ROLE_RANK[role];

/** Reads one cookie from a Cookie header (RFC 6265 §4.2: `name=value` pairs split by `; `). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Resolves the caller from request headers; shared by HTTP routes and the socket.io handshake so both accept
 * exactly the same credentials. A Bearer token wins over a cookie. Users are re-read each time so disabling a user
 * or bumping their session epoch takes effect on the next request.
 */
export function createAuthenticator(users: UserStore, codec: SessionCodec) {
  return async function authenticate(headers: {
    cookie?: string;
    authorization?: string;
  }): Promise<Principal | undefined> {
    const auth = headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(auth);
      if (!m?.[1]) return undefined;
      const token = await users.findTokenByHash(hashToken(m[1]));
      return token ? { kind: 'token', id: token.id, name: `token:${token.name}`, role: token.role } : undefined;
    }
    const claims = codec.verify(readCookie(headers.cookie, SESSION_COOKIE));
    if (!claims) return undefined;
    const user = await users.getUser(claims.userId);
    if (!user || user.disabled || user.sessionEpoch !== SessionCodec.epochOf(claims)) return undefined;
    return { kind: 'user', id: user.id, name: user.username, role: user.role, session: claims };
  };
}
export type Authenticate = ReturnType<typeof createAuthenticator>;
