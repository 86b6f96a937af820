import { afterEach, describe, expect, it } from 'vitest';
import { bearer, buildApp, type Fixture } from './helpers.js';
import type { SourceHealth } from '../src/deps.js';

const health: SourceHealth[] = [
  {
    connector: 'rss',
    targets: [
      {
        target: 'https://nyheter.example.se/rss.xml',
        lastSuccessAt: '2026-12-07T09:00:02.000Z',
        delivered: 30,
        lastError: null,
        failing: false,
      },
      {
        target: 'https://trasig.example.se/feed',
        lastSuccessAt: null,
        delivered: 0,
        lastError: {
          code: 'VAKT_CONNECTOR_FAILED',
          message: 'feed https://trasig.example.se/feed answered 500',
          at: '2026-12-07T09:00:02.000Z',
        },
        failing: true,
      },
    ],
  },
];

describe('GET /api/sources (admin page: source connector health)', () => {
  let f: Fixture;
  afterEach(() => f.app.stop(1000));
  const get = (token: string) => f.app.fastify.inject({ method: 'GET', url: '/api/sources', headers: bearer(token) });

  it('shows admins each connector and feed with its health; other roles get 403', async () => {
    f = await buildApp({}, { sources: async () => health });
    const res = await get(f.tokens.admin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ running: true, sources: health });
    expect((await get(f.tokens.editor)).statusCode).toBe(403);
    expect((await get(f.tokens.viewer)).statusCode).toBe(403);
  });

  it('says when this dashboard cannot see the connectors (distributed, no VAKT_INGEST_URL)', async () => {
    f = await buildApp();
    expect((await get(f.tokens.admin)).json()).toEqual({ running: false, sources: [] });
  });
});
