import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, bearer, login, type Fixture } from './helpers.js';

describe('users and tokens admin', () => {
  let f: Fixture;
  const admin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    f.app.fastify.inject({ method, url, headers: bearer(f.tokens.admin), ...(payload ? { payload } : {}) });
  beforeEach(async () => {
    f = await buildApp();
  });
  afterEach(() => f.app.stop(1000));

  it('creates a user who can log in, never returns password hashes', async () => {
    const res = await admin('POST', '/api/users', {
      username: 'lisa',
      password: 'lisas long passphrase',
      role: 'editor',
    });
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain('scrypt');
    await login(f.app, 'lisa', 'lisas long passphrase');
    const list = await admin('GET', '/api/users');
    expect(list.body).not.toContain('passwordHash');
    expect(list.json().users).toHaveLength(4);
    expect(
      (await admin('POST', '/api/users', { username: 'LISA', password: 'lisas long passphrase', role: 'viewer' }))
        .statusCode,
    ).toBe(400);
  });

  it.each([
    [{ username: 'x', password: 'short', role: 'viewer' }, 'body/password must NOT have fewer than 12 characters'],
    [
      { username: 'x', password: 'long enough password', role: 'root' },
      'body/role must be equal to one of the allowed values',
    ],
    [{ username: '<img>', password: 'long enough password', role: 'viewer' }, 'body/username must match pattern'],
  ])('rejects user %j', async (body, message) => {
    const res = await admin('POST', '/api/users', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain(message);
  });

  it('disabling a user ends their sessions; an admin cannot lock themselves out', async () => {
    const s = await login(f.app, 'viewer');
    const viewer = (await f.users.findByUsername('viewer'))!;
    expect((await admin('PATCH', `/api/users/${viewer.id}`, { disabled: true })).statusCode).toBe(200);
    expect((await f.app.fastify.inject({ url: '/api/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    const a = await login(f.app, 'admin');
    const me = (await f.users.findByUsername('admin'))!;
    const self = await f.app.fastify.inject({
      method: 'PATCH',
      url: `/api/users/${me.id}`,
      headers: a.headers,
      payload: { role: 'viewer' },
    });
    expect(self.statusCode).toBe(400);
    const del = await f.app.fastify.inject({ method: 'DELETE', url: `/api/users/${me.id}`, headers: a.headers });
    expect(del.statusCode).toBe(400);
    expect((await admin('PATCH', `/api/users/${viewer.id}`, {})).statusCode).toBe(400);
    expect((await admin('PATCH', '/api/users/not-a-uuid', { role: 'viewer' })).json().error.message).toContain(
      'params/id must match format "uuid"',
    );
  });

  it('issues a token once, which then authenticates with its role, and can be revoked', async () => {
    const res = await admin('POST', '/api/tokens', { name: 'grafana', role: 'viewer' });
    expect(res.statusCode).toBe(201);
    const { secret, token } = res.json();
    expect(secret).toMatch(/^vakt_/);
    expect((await admin('GET', '/api/tokens')).body).not.toContain(secret);
    expect((await f.app.fastify.inject({ url: '/api/alerts', headers: bearer(secret) })).statusCode).toBe(200);
    expect(
      (
        await f.app.fastify.inject({
          method: 'POST',
          url: '/api/watches/preview',
          headers: bearer(secret),
          payload: { query: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await admin('DELETE', `/api/tokens/${token.id}`)).statusCode).toBe(200);
    expect((await f.app.fastify.inject({ url: '/api/alerts', headers: bearer(secret) })).statusCode).toBe(401);
    expect((await admin('POST', '/api/tokens', { name: 'x', role: 'viewer', secret: 'mine' })).statusCode).toBe(400);
  });
});
