import { afterEach, describe, expect, it } from 'vitest';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok } from '@vakt/errors/result';
import type { ErasureRequest } from '@vakt/store/privacy';
import type { PrivacyActions } from '../src/deps.js';
import { bearer, login, T0 } from './helpers.js';
import { buildPrivacyApp, type PrivacyFixture } from './privacy-helpers.js';

const URL = '/api/privacy/erase-author';

/** Records requests; answers with a fixed report, or with `fail` when set. */
function recordingPrivacy(fail?: VaktError) {
  const calls: ErasureRequest[] = [];
  const privacy: PrivacyActions = {
    eraseAuthor: async (req) => {
      calls.push(req);
      return fail ? err(fail) : ok({ deleted: { mentions: 3, dead_letters: 1 } });
    },
  };
  return { privacy, calls };
}

describe('POST /api/privacy/erase-author', () => {
  let f: PrivacyFixture | undefined;
  afterEach(async () => {
    await f?.app.stop(1000);
    f = undefined;
  });
  const post = (headers: Record<string, string>, payload: unknown) =>
    f!.app.fastify.inject({ method: 'POST', url: URL, headers, payload: payload as object });

  it.each([
    // Authorisation: erasure is irreversible, so only admins; the role check runs before the store is touched.
    ['anonymous', 401, undefined, 'VAKT_UNAUTHORIZED'],
    ['viewer token', 403, 'viewer', 'VAKT_FORBIDDEN'],
    ['editor token', 403, 'editor', 'VAKT_FORBIDDEN'],
    ['admin token', 200, 'admin', undefined],
  ] as const)('%s → %i', async (_who, status, role, code) => {
    const { privacy, calls } = recordingPrivacy();
    f = await buildPrivacyApp(privacy);
    const res = await post(role ? bearer(f.tokens[role]) : {}, { handle: 'anna' });
    expect(res.statusCode).toBe(status);
    if (code) expect(res.json().error.code).toBe(code);
    expect(calls).toEqual(status === 200 ? [{ handle: 'anna' }] : []);
  });

  it('admin by session needs the CSRF header; viewer and editor sessions get 403', async () => {
    const { privacy, calls } = recordingPrivacy();
    f = await buildPrivacyApp(privacy);
    for (const role of ['viewer', 'editor'] as const) {
      const s = await login(f.app, role);
      expect((await post(s.headers, { authorId: '42' })).statusCode).toBe(403);
    }
    const a = await login(f.app, 'admin');
    expect((await post({ cookie: a.cookie }, { authorId: '42' })).statusCode).toBe(403); // no x-csrf-token
    const res = await post(a.headers, { authorId: '42', handle: 'anna', reference: 'DSR-2026/117' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ erased: true, deleted: { mentions: 3, dead_letters: 1 } });
    expect(calls).toEqual([{ authorId: '42', handle: 'anna' }]);
  });

  it.each([
    // Validation: each case is refused with 400 before the store is called.
    [{}, 'body must have required property'],
    [{ reference: 'DSR-1' }, 'body must have required property'],
    [{ handle: '' }, 'body/handle must NOT have fewer than 1 characters'],
    [{ authorId: 'x'.repeat(257) }, 'body/authorId must NOT have more than 256 characters'],
    // (Numbers are coerced to strings app-wide, which suits numeric author ids; objects are not.)
    [{ handle: { nested: 'x' } }, 'body/handle must be string'],
    [{ handle: 'anna', everything: true }, 'must NOT have additional properties'],
    [{ handle: 'anna', reference: 'Anna Andersson <anna@example.se>' }, 'body/reference must match pattern'],
  ])('rejects %j', async (body, message) => {
    const { privacy, calls } = recordingPrivacy();
    f = await buildPrivacyApp(privacy);
    const res = await post(bearer(f.tokens.admin), body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VAKT_REQUEST_INVALID');
    expect(res.json().error.message).toContain(message);
    expect(calls).toEqual([]);
  });

  it('rejects a body that is not JSON', async () => {
    f = await buildPrivacyApp(recordingPrivacy().privacy);
    const res = await f.app.fastify.inject({
      method: 'POST',
      url: URL,
      headers: { ...bearer(f.tokens.admin), 'content-type': 'application/json' },
      payload: '{"handle":',
    });
    expect(res.statusCode).toBe(400);
  });

  it('audits who and when (never the identifiers) in the log and in GET /api/privacy/erasures', async () => {
    const { privacy } = recordingPrivacy();
    f = await buildPrivacyApp(privacy);
    f.clock.now = T0 + 5_000;
    expect(
      (await post(bearer(f.tokens.admin), { handle: 'secret-handle-of-anna', reference: 'DSR-7' })).statusCode,
    ).toBe(200);
    const expected = {
      at: new Date(T0 + 5_000).toISOString(),
      by: 'token:admin',
      byKind: 'token',
      identifiers: ['handle'],
      reference: 'DSR-7',
      ok: true,
      deleted: { mentions: 3, dead_letters: 1 },
    };
    const list = await f.app.fastify.inject({ url: '/api/privacy/erasures', headers: bearer(f.tokens.admin) });
    expect(list.statusCode).toBe(200);
    expect(list.json().erasures).toEqual([expected]);
    expect(
      f.log.lines.filter((l) => (l.obj as { audit?: string }).audit === 'privacy.erase-author').map((l) => l.obj),
    ).toEqual([{ audit: 'privacy.erase-author', ...expected }]);
    expect(JSON.stringify(f.log.lines)).not.toContain('secret-handle-of-anna');
    expect(list.body).not.toContain('secret-handle-of-anna');
    for (const role of ['viewer', 'editor'] as const) {
      expect(
        (await f.app.fastify.inject({ url: '/api/privacy/erasures', headers: bearer(f.tokens[role]) })).statusCode,
      ).toBe(403);
    }
    expect((await f.app.fastify.inject({ url: '/api/privacy/erasures' })).statusCode).toBe(401);
  });

  it.each([
    // A store failure is audited as failed and mapped like every other store error (no engine text echoed).
    [
      new VaktError(
        'VAKT_CLICKHOUSE_QUERY',
        'Mutation on vakt.mentions did not finish within 120000 ms; it continues in the background',
        { retriable: true },
      ),
      503,
    ],
    [new VaktError('VAKT_CLICKHOUSE_UNAVAILABLE', 'ClickHouse is unreachable'), 503],
  ])('a failing store: %s → %i, audited', async (error, status) => {
    f = await buildPrivacyApp(recordingPrivacy(error).privacy);
    const res = await post(bearer(f.tokens.admin), { authorId: '1' });
    expect(res.statusCode).toBe(status);
    expect(res.json().error).toMatchObject({ code: error.code, message: error.message });
    const list = await f.app.fastify.inject({ url: '/api/privacy/erasures', headers: bearer(f.tokens.admin) });
    expect(list.json().erasures).toMatchObject([{ ok: false, code: error.code, identifiers: ['authorId'] }]);
  });

  it('a privacy dependency that throws is audited and answers 500 without details', async () => {
    f = await buildPrivacyApp({ eraseAuthor: () => Promise.reject(new Error('socket hang up with row text')) });
    const res = await post(bearer(f.tokens.admin), { authorId: '1' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('row text');
    expect(f.log.lines.some((l) => (l.obj as { code?: string }).code === 'VAKT_INTERNAL')).toBe(true);
  });

  it('without a privacy dependency the routes answer 404 saying erasure is not enabled (still admin only)', async () => {
    f = await buildPrivacyApp(undefined);
    const res = await post(bearer(f.tokens.admin), { handle: 'anna' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toContain('not enabled');
    expect((await post(bearer(f.tokens.viewer), { handle: 'anna' })).statusCode).toBe(403);
    expect(
      (await f.app.fastify.inject({ url: '/api/privacy/erasures', headers: bearer(f.tokens.admin) })).statusCode,
    ).toBe(404);
  });
});
