import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, bearer, login, type Fixture } from './helpers.js';

// Every API endpoint with its minimum role and a valid request, so one table proves authentication (401 without
// credentials), authorisation (403 below the role) and success at the role, for cookies and tokens alike.
const USER_ID = '00000000-0000-4000-8000-000000000000';
const TOKEN_ID = '00000000-0000-4000-8000-000000000001';
const ENDPOINTS: {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  role: 'viewer' | 'editor' | 'admin';
  body?: object;
  ok: number[];
}[] = [
  { method: 'GET', url: '/api/me', role: 'viewer', ok: [200] },
  { method: 'GET', url: '/api/watches', role: 'viewer', ok: [200] },
  { method: 'GET', url: '/api/watches/kassan', role: 'viewer', ok: [200] },
  { method: 'GET', url: '/api/watches/kassan/timeline?step=minute', role: 'viewer', ok: [200] },
  { method: 'GET', url: '/api/watches/kassan/breakdown?by=source', role: 'viewer', ok: [200] },
  { method: 'GET', url: '/api/watches/kassan/surging', role: 'viewer', ok: [200] },
  { method: 'GET', url: '/api/mentions?watch=kassan', role: 'viewer', ok: [200] },
  { method: 'GET', url: '/api/alerts', role: 'viewer', ok: [200] },
  { method: 'GET', url: '/api/alerts/nope', role: 'viewer', ok: [404] },
  { method: 'GET', url: '/api/alerts/nope/history', role: 'viewer', ok: [404] },
  { method: 'POST', url: '/api/alerts/nope/ack', role: 'editor', body: {}, ok: [404] },
  { method: 'POST', url: '/api/alerts/nope/silence', role: 'editor', body: { minutes: 30 }, ok: [404] },
  { method: 'POST', url: '/api/alerts/nope/resolve', role: 'editor', body: {}, ok: [404] },
  { method: 'POST', url: '/api/watches/preview', role: 'editor', body: { query: 'kassan' }, ok: [200] },
  {
    method: 'POST',
    url: '/api/watches',
    role: 'editor',
    body: { name: 'Ny', query: 'ny', entities: [], owners: [], routes: [], retentionDays: 30 },
    ok: [201, 400],
  },
  {
    method: 'PUT',
    url: '/api/watches/nope',
    role: 'editor',
    body: { name: 'N', query: 'n', entities: [], owners: [], routes: [], retentionDays: 30 },
    ok: [404],
  },
  { method: 'DELETE', url: '/api/watches/nope', role: 'editor', ok: [404] },
  { method: 'GET', url: '/api/corrections', role: 'viewer', ok: [200] },
  { method: 'GET', url: '/api/corrections/export', role: 'viewer', ok: [200] },
  {
    method: 'POST',
    url: '/api/corrections',
    role: 'editor',
    body: { watch: 'kassan', source: 'x', id: 'nope', label: 'positive' },
    ok: [400],
  },
  { method: 'GET', url: '/api/users', role: 'admin', ok: [200] },
  {
    method: 'POST',
    url: '/api/users',
    role: 'admin',
    body: { username: 'newbie', password: 'a long enough password', role: 'viewer' },
    ok: [201, 400],
  },
  { method: 'PATCH', url: `/api/users/${USER_ID}`, role: 'admin', body: { role: 'editor' }, ok: [404] },
  { method: 'DELETE', url: `/api/users/${USER_ID}`, role: 'admin', ok: [404] },
  { method: 'GET', url: '/api/tokens', role: 'admin', ok: [200] },
  { method: 'POST', url: '/api/tokens', role: 'admin', body: { name: 'ci', role: 'viewer' }, ok: [201] },
  { method: 'DELETE', url: `/api/tokens/${TOKEN_ID}`, role: 'admin', ok: [404] },
  { method: 'POST', url: '/api/logout', role: 'viewer', body: {}, ok: [200] },
];
const RANK = { viewer: 0, editor: 1, admin: 2 } as const;

describe('authorisation of every endpoint', () => {
  let f: Fixture;
  let s: Awaited<ReturnType<typeof login>>;
  beforeAll(async () => {
    f = await buildApp();
    // One session for all CSRF cases: logging in per case would trip the login rate limit (10/min).
    s = await login(f.app, 'admin');
  });
  afterAll(() => f.app.stop(1000));

  it.each(ENDPOINTS)('$method $url is refused without credentials (401)', async (e) => {
    const res = await f.app.fastify.inject({ method: e.method, url: e.url, ...(e.body ? { payload: e.body } : {}) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('VAKT_UNAUTHORIZED');
  });

  it.each(ENDPOINTS)('$method $url is refused with a forged token (401)', async (e) => {
    const res = await f.app.fastify.inject({
      method: e.method,
      url: e.url,
      headers: bearer('vakt_forged_token_0123456789'),
      ...(e.body ? { payload: e.body } : {}),
    });
    expect(res.statusCode).toBe(401);
  });

  for (const role of ['viewer', 'editor', 'admin'] as const) {
    it.each(ENDPOINTS)(`$method $url with a ${role} token`, async (e) => {
      const res = await f.app.fastify.inject({
        method: e.method,
        url: e.url,
        headers: bearer(f.tokens[role]),
        ...(e.body ? { payload: e.body } : {}),
      });
      if (RANK[role] < RANK[e.role]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('VAKT_FORBIDDEN');
      } else expect(e.ok).toContain(res.statusCode);
    });
  }

  it.each(ENDPOINTS.filter((e) => e.method !== 'GET'))(
    '$method $url with a session cookie needs the CSRF header',
    async (e) => {
      const payload = e.body ? { payload: e.body } : {};
      const without = await f.app.fastify.inject({
        method: e.method,
        url: e.url,
        headers: { cookie: s.cookie },
        ...payload,
      });
      expect(without.statusCode).toBe(403);
      expect(without.json().error.message).toMatch(/csrf/i);
      const wrong = await f.app.fastify.inject({
        method: e.method,
        url: e.url,
        headers: { cookie: s.cookie, 'x-csrf-token': 'A'.repeat(43) },
        ...payload,
      });
      expect(wrong.statusCode).toBe(403);
      const foreign = await f.app.fastify.inject({
        method: e.method,
        url: e.url,
        headers: { ...s.headers, origin: 'https://evil.example' },
        ...payload,
      });
      expect(foreign.statusCode).toBe(403);
      const ok = await f.app.fastify.inject({ method: e.method, url: e.url, headers: s.headers, ...payload });
      expect(e.ok).toContain(ok.statusCode);
    },
  );

  it('GET /healthz is the one anonymous endpoint', async () => {
    const res = await f.app.fastify.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  it('unknown API routes need authentication too, then 404', async () => {
    expect((await f.app.fastify.inject({ method: 'GET', url: '/api/nothing' })).statusCode).toBe(401);
    const res = await f.app.fastify.inject({ method: 'GET', url: '/api/nothing', headers: bearer(f.tokens.viewer) });
    expect(res.statusCode).toBe(404);
  });
});
