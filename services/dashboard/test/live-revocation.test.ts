import { afterEach, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { bearer, buildApp, login, type Fixture } from './helpers.js';

// Issue 16 item 4: revoking access closes live websockets at once, and token sockets do not live for ever.
const apps: Fixture[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const f of apps.splice(0)) await f.app.stop(1000);
});

async function started(opts = {}): Promise<{ f: Fixture; url: string }> {
  const f = await buildApp({ ...opts, listen: { port: 0, host: '127.0.0.1' } });
  apps.push(f);
  await f.app.start();
  return { f, url: f.app.url() };
}

/** An open socket and a flag that turns true when the server closes it. */
async function open(
  url: string,
  creds: { token?: string; cookie?: string },
): Promise<{ s: Socket; closed: () => boolean; closing: Promise<string> }> {
  const s = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    auth: creds.token ? { token: creds.token } : {},
    extraHeaders: creds.cookie ? { cookie: creds.cookie, origin: 'http://127.0.0.1:3000' } : {},
  });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  let closed = false;
  const closing = new Promise<string>((r) =>
    s.once('disconnect', (why) => {
      closed = true;
      r(why);
    }),
  );
  return { s, closed: () => closed, closing };
}

/** Gives the close frame the answer already waited for time to cross the loopback socket. */
const settle = () => new Promise((r) => setTimeout(r, 100));

describe('issue 16: revoking access closes live sockets at once', () => {
  it("a disabled user's socket closes when the admin disables them; others stay open", async () => {
    const { f, url } = await started({ liveRecheckMs: 3_600_000 });
    const viewer = await open(url, { cookie: (await login(f.app, 'viewer')).cookie });
    const editor = await open(url, { cookie: (await login(f.app, 'editor')).cookie });
    const id = (await f.users.findByUsername('viewer'))!.id;
    const res = await f.app.fastify.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      headers: bearer(f.tokens.admin),
      payload: { disabled: true },
    });
    expect(res.statusCode).toBe(200);
    expect(await viewer.closing).toBe('io server disconnect');
    await settle();
    expect(editor.closed()).toBe(false);
  });

  it("a deleted user's socket closes", async () => {
    const { f, url } = await started({ liveRecheckMs: 3_600_000 });
    const viewer = await open(url, { cookie: (await login(f.app, 'viewer')).cookie });
    const id = (await f.users.findByUsername('viewer'))!.id;
    expect(
      (await f.app.fastify.inject({ method: 'DELETE', url: `/api/users/${id}`, headers: bearer(f.tokens.admin) }))
        .statusCode,
    ).toBe(200);
    expect(await viewer.closing).toBe('io server disconnect');
  });

  it("a deleted token's socket closes; another token's stays open", async () => {
    const { f, url } = await started({ liveRecheckMs: 3_600_000 });
    const created = (
      await f.app.fastify.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: bearer(f.tokens.admin),
        payload: { name: 'wallboard', role: 'viewer' },
      })
    ).json() as { token: { id: string }; secret: string };
    const wallboard = await open(url, { token: created.secret });
    const other = await open(url, { token: f.tokens.viewer });
    expect(
      (
        await f.app.fastify.inject({
          method: 'DELETE',
          url: `/api/tokens/${created.token.id}`,
          headers: bearer(f.tokens.admin),
        })
      ).statusCode,
    ).toBe(200);
    expect(await wallboard.closing).toBe('io server disconnect');
    await settle();
    expect(other.closed()).toBe(false);
  });

  it("a logged-out session's socket closes; the same user's other session stays open", async () => {
    const { f, url } = await started({ liveRecheckMs: 3_600_000 });
    const first = await login(f.app, 'viewer');
    const second = await login(f.app, 'viewer');
    const a = await open(url, { cookie: first.cookie });
    const b = await open(url, { cookie: second.cookie });
    expect(
      (await f.app.fastify.inject({ method: 'POST', url: '/api/logout', headers: first.headers, payload: {} }))
        .statusCode,
    ).toBe(200);
    expect(await a.closing).toBe('io server disconnect');
    await settle();
    expect(b.closed()).toBe(false);
  });

  it("a password change closes the sockets of the user's other sessions", async () => {
    const { f, url } = await started({ liveRecheckMs: 3_600_000 });
    const laptop = await open(url, { cookie: (await login(f.app, 'viewer')).cookie });
    const here = await login(f.app, 'viewer');
    const res = await f.app.fastify.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: here.headers,
      payload: { current: 'correct horse battery staple', next: 'a brand new passphrase' },
    });
    expect(res.statusCode).toBe(200);
    expect(await laptop.closing).toBe('io server disconnect');
  });

  it('a revocation made elsewhere (straight in the user store) is caught by the periodic re-check', async () => {
    const { f, url } = await started({ liveRecheckMs: 100 });
    const wallboard = await open(url, { token: f.tokens.viewer });
    const token = (await f.users.listTokens()).find((t) => t.name === 'viewer')!;
    await f.users.deleteToken(token.id);
    expect(await wallboard.closing).toBe('io server disconnect');
  });

  it('a token socket is closed at its maximum age', async () => {
    const { f, url } = await started({ tokenSocketMaxAgeMs: 300, liveRecheckMs: 3_600_000 });
    const wallboard = await open(url, { token: f.tokens.viewer });
    const t0 = Date.now();
    expect(await wallboard.closing).toBe('io server disconnect');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });
});
