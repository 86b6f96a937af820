import { describe, expect, it } from 'vitest';
import { AlertLifecycle } from '@vakt/alerting/lifecycle';
import { createMetrics } from '@vakt/pipeline/metrics';
import { createAlertActions } from '../src/actions.js';
import { createAlerterHttp } from '../src/http.js';

// Regression tests for issue 16 item 2: the token check keyed on the raw URL (`startsWith('/v1/')`) while the router
// decodes it, so `GET /%761/alerts` was served, and ack/silence ran, without a token.
const TOKEN = 'alerter-token-0123456789';
const NOW = Date.parse('2026-12-07T02:00:00Z');

/** The HTTP door over a real lifecycle holding one firing alert. */
function setup(token = TOKEN) {
  const lifecycle = new AlertLifecycle(() => NOW);
  const fired = lifecycle.fire({
    watch: 'fk',
    series: 'negative',
    window: '5m',
    severity: 'warning',
    summary: 'storm',
    evidence: { count: 10, baseline: 1, zScore: 9, topMentions: [], surgingTerms: [] } as never,
    generatorURL: 'http://127.0.0.1:8080/',
  });
  const actions = createAlertActions({
    lifecycle,
    now: () => NOW,
    ackMs: 60_000,
    persistSilence: () => undefined,
    apply: async () => undefined,
  });
  const app = createAlerterHttp({ actions, metrics: createMetrics(), token, deadDeliveries: () => [] });
  return { app, fp: fired.alert.fingerprint, actions };
}

/** Spellings of one path that a router may decode, normalise or route differently from the raw text. */
function variants(path: string): string[] {
  const [, first, ...rest] = path.split('/');
  const tail = rest.join('/');
  return [
    path,
    `/%${first!.charCodeAt(0).toString(16)}${first!.slice(1)}/${tail}`, // first character percent-encoded: /%761/…
    path.replace(/[a-z]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`), // every letter encoded
    `/${first}/%${tail.charCodeAt(0).toString(16)}${tail.slice(1)}`, // a later segment encoded
    `/${path}`, // leading double slash
    path.replace(`/${first}/`, `/${first}//`), // inner double slash
    `${path}/`, // trailing slash
    `${path}.`, // trailing dot
    path.replace(`/${first}/`, `/${first}./`), // dot after a segment
    `/./${path.slice(1)}`, // dot segment
    `/x/..${path}`, // dot-dot segment
    path.toUpperCase(), // case
    path.replace(first!, first!.toUpperCase()),
    `${path}?x=1`,
    `${path}%3F`,
    `${path}#frag`,
    `${path};x`,
    path.replace(/\//g, '%2F'),
  ];
}

describe('alerter API: authentication on the route, not on the raw URL', () => {
  it('answers no variant of a protected path without the token, and runs no verb', async () => {
    const { app, fp, actions } = setup();
    const served: string[] = [];
    for (const path of ['/v1/alerts', `/v1/alerts/${fp}`, `/v1/alerts/${fp}/history`, '/v1/deliveries/dead']) {
      for (const url of variants(path)) {
        const res = await app.inject({ method: 'GET', url });
        if (res.statusCode < 400 || ![401, 404].includes(res.statusCode)) served.push(`GET ${url} → ${res.statusCode}`);
        if (res.statusCode === 401 && res.headers['www-authenticate'] !== 'Bearer realm="vakt-alerter"')
          served.push(`GET ${url}: 401 without WWW-Authenticate`);
      }
    }
    for (const verb of ['ack', 'resolve', 'silence']) {
      for (const url of variants(`/v1/alerts/${fp}/${verb}`)) {
        const res = await app.inject({ method: 'POST', url, payload: { by: 'anonymous', until: NOW + 60_000 } });
        if (![401, 404].includes(res.statusCode)) served.push(`POST ${url} → ${res.statusCode}`);
      }
    }
    expect(served).toEqual([]);
    const state = await actions.get(fp);
    expect(state.acknowledgedBy).toBeUndefined();
    expect(state.silencedUntil).toBeUndefined();
    expect(state.alert.status).toBe('firing');
  });

  it('serves the same variants with the token (the route matched, so the check ran)', async () => {
    const { app } = setup();
    const res = await app.inject({ method: 'GET', url: '/%761/alerts', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(1);
  });

  it('authenticates before validating: an anonymous malformed request is a 401, not a schema error', async () => {
    const { app } = setup();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/alerts/not%20a%20fingerprint!/ack',
      payload: { nope: 1 },
    });
    expect(res.statusCode).toBe(401);
    const query = await app.inject({ method: 'GET', url: '/v1/alerts?limit=100000&bogus=1' });
    expect(query.statusCode).toBe(401);
  });

  it('refuses calls from a browser page (any Origin): the API is server to server', async () => {
    const { app } = setup();
    const res = await app.inject({
      method: 'GET',
      url: '/v1/alerts',
      headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('VAKT_FORBIDDEN');
  });

  it('without a configured token serves loopback callers only, on every spelling', async () => {
    const { app } = setup('');
    expect((await app.inject({ method: 'GET', url: '/v1/alerts' })).statusCode).toBe(200);
    for (const url of variants('/v1/alerts')) {
      const res = await app.inject({ method: 'GET', url, remoteAddress: '192.0.2.7' });
      expect([403, 404], url).toContain(res.statusCode);
    }
  });

  it('bounds how long one request may take to arrive (fastify alone sets no limit)', () => {
    const { app } = setup();
    expect(app.server.requestTimeout).toBe(90_000);
  });

  it('leaves /healthz and /metrics open for probes and scrapers', async () => {
    const { app } = setup();
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });
});
