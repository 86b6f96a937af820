import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, bearer, login, type Fixture } from './helpers.js';

// Issue 16, low items and item 2 for the dashboard: authentication runs on the matched route before the body is
// parsed or validated (an anonymous caller gets 401, never a schema error), no URL spelling skips it, and the
// app shell revalidates while hashed assets stay immutable.
describe('dashboard: authenticate first, on the route', () => {
  let f: Fixture;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'vakt-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'login.html'), '<!doctype html><title>login</title>');
    writeFileSync(join(root, 'assets', 'index-XyZ.js'), 'console.log(2)');
    f = await buildApp({ webRoot: root });
  });
  afterAll(async () => {
    await f.app.stop(1000);
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    // a body that fails the route schema
    ['POST', '/api/watches', { name: 1 }],
    // a malformed JSON body
    ['POST', '/api/watches', '{"name":'],
    // a query that fails the route schema
    ['GET', '/api/watches/kassan/timeline?step=century', undefined],
    // params that fail the route schema
    ['DELETE', '/api/users/not-a-uuid', undefined],
  ])('anonymous %s %s with an invalid request → 401, not 400', async (method, url, payload) => {
    const res = await f.app.fastify.inject({
      method: method as 'GET',
      url,
      ...(payload !== undefined ? { payload, headers: { 'content-type': 'application/json' } } : {}),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('VAKT_UNAUTHORIZED');
  });

  it('with credentials the same invalid request is a 400 naming the field', async () => {
    const res = await f.app.fastify.inject({
      method: 'GET',
      url: '/api/watches/kassan/timeline?step=century',
      headers: bearer(f.tokens.viewer),
    });
    expect(res.statusCode).toBe(400);
  });

  it.each([
    '/api/me',
    '/%61pi/me',
    '/api/%6De',
    '/%61%70%69/%6D%65',
    '//api/me',
    '/api//me',
    '/api/me/',
    '/api/me.',
    '/api./me',
    '/./api/me',
    '/x/../api/me',
    '/API/ME',
    '/api%2Fme',
    '/api/me;x',
  ])('anonymous GET %s is never served', async (url) => {
    const res = await f.app.fastify.inject({ method: 'GET', url });
    expect([401, 404]).toContain(res.statusCode);
    expect(res.body).not.toMatch(/"username"/);
  });

  it('bounds how long one request may take to arrive (fastify alone sets no limit)', () => {
    expect(f.app.fastify.server.requestTimeout).toBe(90_000);
  });

  it('revalidates the app shell (/ and /login) and keeps hashed assets immutable', async () => {
    const s = await login(f.app, 'viewer');
    const shell = await f.app.fastify.inject({ url: '/', headers: { accept: 'text/html', cookie: s.cookie } });
    expect(shell.statusCode).toBe(200);
    expect(shell.headers['cache-control']).toBe('no-cache');
    const loginPage = await f.app.fastify.inject({ url: '/login' });
    expect(loginPage.statusCode).toBe(200);
    expect(loginPage.headers['cache-control']).toBe('no-cache');
    const js = await f.app.fastify.inject({ url: '/assets/index-XyZ.js', headers: { cookie: s.cookie } });
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});
