import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, bearer, mention, T0, type Fixture } from './helpers.js';

const valid = {
  name: 'Försäkringskassan',
  query: 'försäkringskassan OR "fk" -jobb',
  entities: [{ name: 'app', kind: 'touchpoint', query: 'appen' }],
  owners: ['comms@fk.se'],
  routes: ['slack'],
  retentionDays: 90,
};

describe('watches CRUD and live preview', () => {
  let f: Fixture;
  const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    f.app.fastify.inject({ method, url, headers: bearer(f.tokens.editor), ...(payload ? { payload } : {}) });
  beforeEach(async () => {
    f = await buildApp();
  });
  afterEach(() => f.app.stop(1000));

  it('creates, reads, updates and deletes, attributing changes', async () => {
    const created = await req('POST', '/api/watches', valid);
    expect(created.statusCode).toBe(201);
    expect(created.json().watch).toMatchObject({ id: 'forsakringskassan', updatedBy: 'token:editor' });
    expect((await req('POST', '/api/watches', valid)).statusCode).toBe(400); // duplicate id
    // Lengthening retention is an editor's change; shortening it is an admin's (test/retention-admin.test.ts).
    const updated = await req('PUT', '/api/watches/forsakringskassan', { ...valid, retentionDays: 120 });
    expect(updated.json().watch.retentionDays).toBe(120);
    expect((await req('GET', '/api/watches')).json().watches.map((w: { id: string }) => w.id)).toEqual([
      'forsakringskassan',
      'kassan',
    ]);
    expect((await req('DELETE', '/api/watches/forsakringskassan')).statusCode).toBe(200);
    expect((await req('GET', '/api/watches/forsakringskassan')).statusCode).toBe(404);
  });

  it.each([
    [{ ...valid, query: '"unterminated' }, 'VAKT_QUERY_PARSE', 'unbalanced quote'],
    [{ ...valid, query: 'kassan OR' }, 'VAKT_QUERY_PARSE', 'ends with OR'],
    [{ ...valid, entities: [{ name: 'x', kind: 'service', query: '-only' }] }, 'VAKT_QUERY_PARSE', 'entity "x"'],
    [{ ...valid, retentionDays: 0 }, 'VAKT_REQUEST_INVALID', 'body/retentionDays must be >= 1'],
    [
      { ...valid, entities: [{ name: 'x', kind: 'robot', query: 'q' }] },
      'VAKT_REQUEST_INVALID',
      'body/entities/0/kind',
    ],
    [{ ...valid, id: '../etc' }, 'VAKT_REQUEST_INVALID', 'body/id must match pattern'],
    [{ name: 'x' }, 'VAKT_REQUEST_INVALID', "must have required property 'query'"],
  ])('rejects %j with %s', async (body, code, message) => {
    const res = await req('POST', '/api/watches', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code });
    expect(res.json().error.message).toContain(message);
  });

  it('previews what a query would match over recent mentions', async () => {
    f.store.add(mention({ text: 'Kassan skickade fel faktura igen' }));
    f.store.add(mention({ text: 'Kassan är bra', sentiment: { ...mention().sentiment, label: 'positive' } }));
    f.store.add(mention({ text: 'Helt orelaterat' }));
    f.store.add(mention({ text: 'Kassan gammal', created_at: new Date(T0 - 48 * 3_600_000).toISOString() }));
    const res = await req('POST', '/api/watches/preview', { query: 'kassan -jobb', hours: 24 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ scanned: 3, matched: 2, negative: 1 });
    const bad = await req('POST', '/api/watches/preview', { query: 'kassan OR' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VAKT_QUERY_PARSE');
  });
});
