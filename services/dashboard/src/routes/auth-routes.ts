import type { FastifyInstance, FastifyReply } from 'fastify';
import { VaktError } from '@vakt/errors/vakt-error';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { SESSION_COOKIE } from '../auth/principal.js';
import type { FailureThrottle } from '../auth/login-throttle.js';
import type { SessionCodec } from '../auth/session.js';
import type { User, UserStore } from '../auth/users.js';

export const Username = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._@-]+$' } as const;
export const Password = { type: 'string', minLength: 12, maxLength: 256 } as const;

// A fixed hash to verify against when the user does not exist, so timing does not reveal which usernames exist.
const DUMMY_HASH = hashPassword('not-a-real-password-vakt');

export interface AuthRouteDeps {
  users: UserStore;
  codec: SessionCodec;
  now: () => number;
  secureCookie: boolean;
  /** Failed password checks per account and per client address (login and own password change). */
  failures: FailureThrottle;
  /** Closes live sockets whose access was revoked; awaited before answering. */
  revoked: () => Promise<void>;
}

export const publicUser = (u: User) => ({
  id: u.id,
  username: u.username,
  role: u.role,
  disabled: u.disabled,
  createdAt: u.createdAt,
});

/** Login, logout, who-am-I and own password change. */
export function authRoutes(app: FastifyInstance, d: AuthRouteDeps): void {
  const setCookie = (reply: FastifyReply, value: string, maxAgeS: number): void => {
    // HttpOnly: scripts cannot read it; SameSite=Strict: never sent on cross-site requests (first CSRF layer).
    const flags = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeS}`];
    if (d.secureCookie) flags.push('Secure');
    reply.header('set-cookie', flags.join('; '));
  };
  // Refuses before the password is checked, so a refused guess costs neither a verdict nor scrypt time.
  const refuseIfThrottled = (reply: FastifyReply, account: string, address: string): void => {
    const waitMs = d.failures.blockedFor(account, address);
    if (waitMs === 0) return;
    reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
    throw new VaktError(
      'VAKT_RATE_LIMITED',
      `too many failed password attempts; try again in ${Math.ceil(waitMs / 60_000)} min`,
    );
  };
  const startSession = (reply: FastifyReply, user: User) => {
    const { cookie, claims } = d.codec.issue(user.id, user.sessionEpoch);
    setCookie(reply, cookie, Math.floor((claims.expiresAt - d.now()) / 1000));
    return { user: publicUser(user), csrfToken: d.codec.csrfToken(claims) };
  };

  app.post<{ Body: { username: string; password: string } }>(
    '/api/login',
    {
      config: { access: 'public' },
      schema: {
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: { username: Username, password: { type: 'string', minLength: 1, maxLength: 256 } },
        },
      },
    },
    async (req, reply) => {
      refuseIfThrottled(reply, req.body.username, req.ip);
      const user = await d.users.findByUsername(req.body.username);
      const ok = await verifyPassword(req.body.password, user?.passwordHash ?? (await DUMMY_HASH));
      if (!user || !ok || user.disabled) {
        d.failures.fail(req.body.username, req.ip);
        throw new VaktError('VAKT_UNAUTHORIZED', 'wrong username or password');
      }
      return startSession(reply, user);
    },
  );

  app.post(
    '/api/logout',
    {
      config: { access: 'viewer' },
      schema: { body: { type: 'object', additionalProperties: false, properties: {} } },
    },
    async (req, reply) => {
      if (req.principal?.session) d.codec.revoke(req.principal.session);
      await d.revoked();
      setCookie(reply, '', 0);
      return { ok: true };
    },
  );

  app.get('/api/me', async (req) => {
    const p = req.principal!;
    return {
      user: { id: p.id, username: p.name, role: p.role, kind: p.kind },
      csrfToken: p.session ? d.codec.csrfToken(p.session) : undefined,
    };
  });

  app.post<{ Body: { current: string; next: string } }>(
    '/api/me/password',
    {
      schema: {
        body: {
          type: 'object',
          required: ['current', 'next'],
          additionalProperties: false,
          properties: { current: { type: 'string', minLength: 1, maxLength: 256 }, next: Password },
        },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      if (p.kind !== 'user') throw new VaktError('VAKT_FORBIDDEN', 'API tokens have no password');
      refuseIfThrottled(reply, p.name, req.ip);
      const user = await d.users.getUser(p.id);
      if (!user || !(await verifyPassword(req.body.current, user.passwordHash))) {
        // A stolen session must not become an unlimited password oracle.
        d.failures.fail(p.name, req.ip);
        throw new VaktError('VAKT_UNAUTHORIZED', 'current password is wrong');
      }
      // Bumping the epoch ends every other session of this user (e.g. a stolen laptop's).
      const updated = await d.users.updateUser(user.id, {
        passwordHash: await hashPassword(req.body.next),
        sessionEpoch: user.sessionEpoch + 1,
      });
      await d.revoked();
      return startSession(reply, updated);
    },
  );
}
