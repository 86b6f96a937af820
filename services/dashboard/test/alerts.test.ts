import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alert, buildApp, bearer, login, T0, type Fixture } from './helpers.js';

describe('alerts: list, detail, ack, silence, resolve, history', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await buildApp();
    f.alerts.record(alert());
    f.alerts.record(
      alert({
        fingerprint: 'fp2',
        labels: { alertname: 'VolumeSpike', watch: 'other', series: 'volume', window: '5m', severity: 'warning' },
      }),
    );
  });
  afterEach(() => f.app.stop(1000));

  it('lists with filters', async () => {
    const all = await f.app.fastify.inject({ url: '/api/alerts', headers: bearer(f.tokens.viewer) });
    expect(all.json().alerts).toHaveLength(2);
    const one = await f.app.fastify.inject({
      url: '/api/alerts?watch=kassan&status=firing',
      headers: bearer(f.tokens.viewer),
    });
    expect(one.json().alerts.map((s: { alert: { fingerprint: string } }) => s.alert.fingerprint)).toEqual(['fp1']);
    const bad = await f.app.fastify.inject({ url: '/api/alerts?status=open', headers: bearer(f.tokens.viewer) });
    expect(bad.statusCode).toBe(400);
  });

  it('records who did what when, in order', async () => {
    // 1. fired (by vakt at record time) 2. ack by editor 3. silence 30 min 4. resolve
    const s = await login(f.app, 'editor');
    const post = (url: string, payload: object) =>
      f.app.fastify.inject({ method: 'POST', url, headers: s.headers, payload });
    f.clock.now = T0 + 1_000;
    const ack = await post('/api/alerts/fp1/ack', { comment: 'tittar på det' });
    expect(ack.json().state).toMatchObject({
      acknowledgedBy: 'editor',
      acknowledgedAt: new Date(T0 + 1_000).toISOString(),
    });
    f.clock.now = T0 + 2_000;
    const sil = await post('/api/alerts/fp1/silence', { minutes: 30 });
    expect(sil.json().state.silencedUntil).toBe(new Date(T0 + 2_000 + 30 * 60_000).toISOString());
    f.clock.now = T0 + 3_000;
    const res = await post('/api/alerts/fp1/resolve', {});
    expect(res.json().state.alert.status).toBe('resolved');
    const detail = await f.app.fastify.inject({ url: '/api/alerts/fp1', headers: bearer(f.tokens.viewer) });
    expect(detail.json().history.map((h: { action: string; by: string }) => `${h.action}:${h.by}`)).toEqual([
      'fired:vakt',
      'ack:editor',
      'silence:editor',
      'resolve:editor',
    ]);
    expect(detail.json().history[1].comment).toBe('tittar på det');
  });

  it('a token acts under its own name', async () => {
    const res = await f.app.fastify.inject({
      method: 'POST',
      url: '/api/alerts/fp1/ack',
      headers: bearer(f.tokens.editor),
      payload: {},
    });
    expect(res.json().state.acknowledgedBy).toBe('token:editor');
  });

  it.each([
    ['/api/alerts/fp1/silence', {}, "must have required property 'minutes'"],
    ['/api/alerts/fp1/silence', { minutes: 0 }, 'body/minutes must be >= 1'],
    ['/api/alerts/fp1/silence', { minutes: 20_000 }, 'body/minutes must be <= 10080'],
    ['/api/alerts/fp1/silence', { minutes: 'ever' }, 'body/minutes must be integer'],
    ['/api/alerts/fp1/ack', { comment: 'x'.repeat(501) }, 'body/comment must NOT have more than 500 characters'],
    ['/api/alerts/fp1/ack', { by: 'someone else' }, 'must NOT have additional properties'],
    ['/api/alerts/fp%201/ack', {}, 'params/fp must match pattern'],
  ])('POST %s %j → 400', async (url, payload, message) => {
    const res = await f.app.fastify.inject({ method: 'POST', url, headers: bearer(f.tokens.editor), payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain(message);
  });

  it('unknown fingerprint → 404', async () => {
    const res = await f.app.fastify.inject({
      method: 'POST',
      url: '/api/alerts/nope/ack',
      headers: bearer(f.tokens.editor),
      payload: {},
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('VAKT_NOT_FOUND');
  });
});
