import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, login, type Fixture } from './helpers.js';

// The web app's files: only the login page and its own assets are anonymous; the app shell and bundle need a session.
describe('static web app access', () => {
  let f: Fixture;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'vakt-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'login.html'), '<!doctype html><title>login</title>');
    writeFileSync(join(root, 'assets', 'login-AbC_1-2.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'index-XyZ.js'), 'console.log(2)');
    f = await buildApp({ webRoot: root });
  });
  afterAll(async () => {
    await f.app.stop(1000);
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    ['/login', 200],
    ['/assets/login-AbC_1-2.js', 200],
    ['/favicon.ico', 204],
    ['/assets/index-XyZ.js', 401],
    ['/assets/../index.html', 401],
  ])('anonymous GET %s → %i', async (url, status) => {
    expect((await f.app.fastify.inject({ url })).statusCode).toBe(status);
  });

  it('a browser without a session is sent to /login; with one it gets the app', async () => {
    const anon = await f.app.fastify.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(anon.statusCode).toBe(302);
    expect(anon.headers.location).toBe('/login');
    const s = await login(f.app, 'viewer');
    const page = await f.app.fastify.inject({ url: '/', headers: { accept: 'text/html', cookie: s.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const js = await f.app.fastify.inject({ url: '/assets/index-XyZ.js', headers: { cookie: s.cookie } });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
  });

  it('refuses a webRoot without index.html at construction', async () => {
    await expect(buildApp({ webRoot: join(root, 'assets') })).rejects.toThrow(/no index.html/);
  });
});
