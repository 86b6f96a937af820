import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, bearer, login, PASSWORD, T0, type Fixture } from './helpers.js';
import { createDashboardApp } from '../src/app.js';
import { createMemoryUserStore } from '../src/auth/users.js';
import { createMemoryStore } from '../src/memory/store.js';
import { createMemoryAlerts } from '../src/memory/alerts.js';
import { createMemoryWatches } from '../src/memory/watches.js';
import { createLocalFeed } from '../src/memory/feed.js';
import { captureLog } from './helpers.js';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.app.stop(1000);
  f = undefined;
});

// Each failed login costs an scrypt (~50 ms idle, several times that on a loaded 2-core machine).
describe('login and sessions', { timeout: 30_000 }, () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and returns a CSRF token', async () => {
    f = await buildApp();
    const s = await login(f.app, 'viewer');
    expect(s.setCookie).toMatch(/^vakt_session=v1\./);
    expect(s.setCookie).toContain('HttpOnly');
    expect(s.setCookie).toContain('SameSite=Strict');
    expect(s.setCookie).not.toContain('Secure'); // publicUrl is http in the fixture
    const me = await f.app.fastify.inject({ url: '/api/me', headers: { cookie: s.cookie } });
    expect(me.json()).toMatchObject({
      user: { username: 'viewer', role: 'viewer', kind: 'user' },
      csrfToken: s.csrfToken,
    });
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    f = await buildApp({ publicUrl: 'https://vakt.example.se' });
    expect((await login(f.app, 'viewer')).setCookie).toContain('Secure');
  });

  it.each([
    // wrong password and unknown user give the same answer, so usernames cannot be probed
    [{ username: 'viewer', password: 'wrong password!!' }, 401, 'wrong username or password'],
    [{ username: 'nobody', password: PASSWORD }, 401, 'wrong username or password'],
    [{ username: 'viewer' }, 400, "body must have required property 'password'"],
    [{ username: '', password: 'x' }, 400, 'body/username must NOT have fewer than 1 characters'],
    [{ username: 'a b', password: 'x' }, 400, 'body/username must match pattern'],
    [{ username: 'viewer', password: PASSWORD, admin: true }, 400, 'must NOT have additional properties'],
  ])('login %j → %i', async (body, status, message) => {
    f = await buildApp();
    const res = await f.app.fastify.inject({ method: 'POST', url: '/api/login', payload: body });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.message).toContain(message);
  });

  it('refuses non-JSON bodies (a cross-site form cannot log in or act)', async () => {
    f = await buildApp();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await f.app.fastify.inject({
        method: 'POST',
        url: '/api/login',
        headers: { 'content-type': type },
        payload: 'username=viewer',
      });
      expect(res.statusCode).toBe(415);
    }
  });

  it('refuses malformed JSON with a 400 that says so', async () => {
    f = await buildApp();
    const res = await f.app.fastify.inject({
      method: 'POST',
      url: '/api/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VAKT_REQUEST_INVALID');
  });

  it('refuses an account after 10 failed logins (429); test/login-limits.test.ts has the rest', async () => {
    f = await buildApp();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      codes.push(
        (
          await f.app.fastify.inject({
            method: 'POST',
            url: '/api/login',
            payload: { username: 'viewer', password: 'wrong' },
          })
        ).statusCode,
      );
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('logout revokes the session on this process', async () => {
    f = await buildApp();
    const s = await login(f.app, 'viewer');
    const odd = await f.app.fastify.inject({
      method: 'POST',
      url: '/api/logout',
      headers: s.headers,
      payload: { everywhere: true },
    });
    expect(odd.statusCode).toBe(400);
    const out = await f.app.fastify.inject({ method: 'POST', url: '/api/logout', headers: s.headers, payload: {} });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await f.app.fastify.inject({ url: '/api/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('an expired session is refused', async () => {
    f = await buildApp({ sessionTtlMs: 60_000 });
    const s = await login(f.app, 'viewer');
    f.clock.now += 60_001;
    expect((await f.app.fastify.inject({ url: '/api/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('a tampered cookie is refused', async () => {
    f = await buildApp();
    const s = await login(f.app, 'viewer');
    const parts = s.cookie.split('.');
    parts[1] = Buffer.from((await f.users.findByUsername('admin'))!.id).toString('base64url');
    expect((await f.app.fastify.inject({ url: '/api/me', headers: { cookie: parts.join('.') } })).statusCode).toBe(401);
  });

  it('changing the password ends other sessions and keeps the current one', async () => {
    f = await buildApp();
    const other = await login(f.app, 'editor');
    const s = await login(f.app, 'editor');
    const bad = await f.app.fastify.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: s.headers,
      payload: { current: 'nope', next: 'a brand new passphrase' },
    });
    expect(bad.statusCode).toBe(401);
    const short = await f.app.fastify.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: s.headers,
      payload: { current: PASSWORD, next: 'short' },
    });
    expect(short.statusCode).toBe(400);
    const res = await f.app.fastify.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: s.headers,
      payload: { current: PASSWORD, next: 'a brand new passphrase' },
    });
    expect(res.statusCode).toBe(200);
    const fresh = String(res.headers['set-cookie']).split(';')[0]!;
    expect((await f.app.fastify.inject({ url: '/api/me', headers: { cookie: other.cookie } })).statusCode).toBe(401);
    expect((await f.app.fastify.inject({ url: '/api/me', headers: { cookie: fresh } })).statusCode).toBe(200);
    await login(f.app, 'editor', 'a brand new passphrase');
  });

  it('a token cannot change a password', async () => {
    f = await buildApp();
    const res = await f.app.fastify.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: bearer(f.tokens.admin),
      payload: { current: 'x', next: 'a brand new passphrase' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('sends a strict CSP and hardening headers on every response', async () => {
    f = await buildApp();
    const res = await f.app.fastify.inject({ url: '/healthz' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('first admin bootstrap', () => {
  const deps = () => {
    const now = () => T0;
    const log = captureLog();
    return {
      log,
      deps: {
        store: createMemoryStore(),
        live: createLocalFeed(),
        users: createMemoryUserStore(),
        alerts: createMemoryAlerts(now),
        watches: createMemoryWatches(now),
        now,
        log,
      },
    };
  };

  it('generates a password, logs it once, and it works', async () => {
    const { deps: d, log } = deps();
    const app = createDashboardApp(d, {
      publicUrl: 'http://127.0.0.1:3000',
      sessionSecret: 's'.repeat(32),
      bootstrapAdmin: { username: 'root' },
    });
    await app.ready();
    const line = log.lines.find((l) => l.msg?.includes('generated password'));
    const password = (line?.obj as { password?: string }).password!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    const res = await app.fastify.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'root', password },
    });
    expect(res.json().user.role).toBe('admin');
    await app.stop(1000);
  });

  it('does nothing when users exist, and never logs a configured password', async () => {
    const { deps: d, log } = deps();
    await d.users.createUser({ username: 'someone', role: 'viewer', passwordHash: 'x' }, T0);
    const app = createDashboardApp(d, {
      publicUrl: 'http://127.0.0.1:3000',
      sessionSecret: 's'.repeat(32),
      bootstrapAdmin: { username: 'root', password: 'configured-secret-1' },
    });
    await app.ready();
    expect(await d.users.findByUsername('root')).toBeUndefined();
    expect(JSON.stringify(log.lines)).not.toContain('configured-secret-1');
    await app.stop(1000);
  });

  it('refuses a short session secret', () => {
    const { deps: d } = deps();
    expect(() => createDashboardApp(d, { publicUrl: 'http://x', sessionSecret: 'short' })).toThrow(/32 characters/);
  });
});
