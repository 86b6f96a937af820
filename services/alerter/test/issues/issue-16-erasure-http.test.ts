import { describe, expect, it } from 'vitest';
import { createMetrics } from '@vakt/pipeline/metrics';
import type { AlertActionsImpl } from '../../src/actions.js';
import { createAlerterHttp } from '../../src/http.js';

// Issue 16 item 6, distributed mode: the dashboard's erasure reaches the alerter over its operator API.
describe('POST /v1/privacy/erase-mentions', () => {
  const token = 'alerter-token-0123456789';
  const setup = () => {
    const calls: Array<{ keys: readonly string[]; authors: readonly string[] }> = [];
    const http = createAlerterHttp({
      actions: {} as AlertActionsImpl, // not reached by this route
      metrics: createMetrics(),
      token,
      deadDeliveries: () => [],
      eraseMentions: (req) => {
        calls.push(req);
        return { alerts: 2, deliveries: 3 };
      },
    });
    return { http, calls };
  };

  it('erases with the token, answering what changed; many keys fit', async () => {
    const { http, calls } = setup();
    const keys = Array.from({ length: 5_000 }, (_, i) => `bluesky:at://did:plc:abc/app.bsky.feed.post/${i}`);
    const res = await http.inject({
      method: 'POST',
      url: '/v1/privacy/erase-mentions',
      headers: { authorization: `Bearer ${token}` },
      payload: { keys, authors: ['anna_s', 'p:0123456789abcdef0123456789abcdef'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ alerts: 2, deliveries: 3 });
    expect(calls).toEqual([{ keys, authors: ['anna_s', 'p:0123456789abcdef0123456789abcdef'] }]);
  });

  it('refuses a caller without the token (401) and a malformed body (400), erasing nothing', async () => {
    const { http, calls } = setup();
    expect(
      (await http.inject({ method: 'POST', url: '/v1/privacy/erase-mentions', payload: { keys: [], authors: [] } }))
        .statusCode,
    ).toBe(401);
    expect(
      (
        await http.inject({
          method: 'POST',
          url: '/v1/privacy/erase-mentions',
          headers: { authorization: `Bearer ${token}` },
          payload: { keys: 'x:1' },
        })
      ).statusCode,
    ).toBe(400);
    expect(calls).toEqual([]);
  });
});
