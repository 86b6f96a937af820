import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, login, PASSWORD, type Fixture } from './helpers.js';

// Issue 16 item 11: failed password checks are limited per account and per address; successes never count;
// X-Forwarded-For is believed only from a trusted proxy; the own-password change is limited too.
let f: Fixture | undefined;
afterEach(async () => {
  await f?.app.stop(1000);
  f = undefined;
});

const SMALL = { perAccount: 3, perAddress: 5, windowMs: 15 * 60_000 };
const attempt = (username: string, password: string, from: { remoteAddress?: string; xff?: string } = {}) =>
  f!.app.fastify.inject({
    method: 'POST',
    url: '/api/login',
    payload: { username, password },
    ...(from.remoteAddress ? { remoteAddress: from.remoteAddress } : {}),
    ...(from.xff ? { headers: { 'x-forwarded-for': from.xff } } : {}),
  });

describe('issue 16: login limiting counts failures only', { timeout: 60_000 }, () => {
  it('four good logins and six typos (default limits) do not lock anyone out', async () => {
    f = await buildApp();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await attempt('admin', PASSWORD)).statusCode);
    for (let i = 0; i < 6; i++) codes.push((await attempt('admin', 'typo')).statusCode);
    codes.push((await attempt('admin', PASSWORD)).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 401, 401, 401, 401, 401, 401, 200]);
  });

  it('per account: after its failures the account is refused from any address, with Retry-After; others are not', async () => {
    f = await buildApp({ loginFailures: SMALL });
    for (let i = 0; i < 3; i++)
      expect((await attempt('viewer', 'wrong', { remoteAddress: `192.0.2.${i + 1}` })).statusCode).toBe(401);
    const refused = await attempt('viewer', PASSWORD, { remoteAddress: '198.51.100.7' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('VAKT_RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBe(15 * 60);
    expect((await attempt('editor', PASSWORD, { remoteAddress: '192.0.2.1' })).statusCode).toBe(200);
    // The window passes: the account works again.
    f.clock.now += 15 * 60_000;
    expect((await attempt('viewer', PASSWORD, { remoteAddress: '198.51.100.7' })).statusCode).toBe(200);
  });

  it('per address: a spray over many usernames is stopped for that address only', async () => {
    f = await buildApp({ loginFailures: SMALL });
    for (let i = 0; i < 5; i++)
      expect((await attempt(`nobody${i}`, 'wrong', { remoteAddress: '203.0.113.5' })).statusCode).toBe(401);
    expect((await attempt('editor', PASSWORD, { remoteAddress: '203.0.113.5' })).statusCode).toBe(429);
    expect((await attempt('editor', PASSWORD, { remoteAddress: '203.0.113.6' })).statusCode).toBe(200);
  });

  it('X-Forwarded-For is ignored without a trusted proxy: varying it does not escape the address limit', async () => {
    f = await buildApp({ loginFailures: SMALL });
    for (let i = 0; i < 5; i++)
      expect((await attempt(`nobody${i}`, 'wrong', { xff: `10.0.0.${i}` })).statusCode).toBe(401);
    expect((await attempt('editor', PASSWORD, { xff: '10.9.9.9' })).statusCode).toBe(429);
  });

  it("behind a trusted proxy each client has its own address bucket; an untrusted sender's header is ignored", async () => {
    f = await buildApp({ loginFailures: SMALL, trustProxy: ['127.0.0.1'] });
    for (let i = 0; i < 5; i++)
      expect((await attempt(`nobody${i}`, 'wrong', { xff: '10.0.0.1' })).statusCode).toBe(401);
    expect((await attempt('editor', PASSWORD, { xff: '10.0.0.1' })).statusCode).toBe(429);
    expect((await attempt('editor', PASSWORD, { xff: '10.0.0.2' })).statusCode).toBe(200);
    // Not from the proxy: the header is not believed, so 10.0.0.2 cannot be claimed by a direct caller.
    for (let i = 0; i < 5; i++) await attempt(`other${i}`, 'wrong', { remoteAddress: '192.0.2.50', xff: '10.0.0.3' });
    expect((await attempt('editor', PASSWORD, { remoteAddress: '192.0.2.50', xff: '10.0.0.4' })).statusCode).toBe(429);
  });

  it('a bad trusted-proxy entry fails at start naming the setting', async () => {
    await expect(buildApp({ trustProxy: ['not an address'] })).rejects.toThrow(/VAKT_TRUST_PROXY/);
  });

  it('/api/me/password: wrong current passwords are limited like logins', async () => {
    f = await buildApp({ loginFailures: SMALL });
    const s = await login(f.app, 'viewer');
    const change = (current: string) =>
      f!.app.fastify.inject({
        method: 'POST',
        url: '/api/me/password',
        headers: s.headers,
        payload: { current, next: 'a brand new passphrase' },
      });
    for (let i = 0; i < 3; i++) expect((await change('guess')).statusCode).toBe(401);
    expect((await change(PASSWORD)).statusCode).toBe(429);
  });
});
