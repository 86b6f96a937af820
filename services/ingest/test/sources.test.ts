import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBus, type MemoryBus } from '@vakt/bus/memory';
import { createMetrics } from '@vakt/pipeline/metrics';
import { silentLogger } from '@vakt/pipeline/logger';
import { createIngestApp } from '../src/app.js';
import { connectorHealth, planConnectors } from '../src/connectors.js';

let bus: MemoryBus | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await bus?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('GET /v1/sources', () => {
  it('lists each connector and feed with its health, behind the API tokens when there are any', async () => {
    // A feed that refuses: planned from the same settings the service reads, polled once, then seen as failing.
    const server = createServer((_req, res) => void res.writeHead(503).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const feed = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rss.xml?token=hemlig`;
    const dataDir = mkdtempSync(join(tmpdir(), 'vakt-sources-'));
    dirs.push(dataDir);
    const plan = planConnectors({ settings: { rssFeeds: feed, rssIntervalS: 60 }, dataDir });
    expect(plan.following).toEqual([`rss: 1 feed every 60 s: ${feed.replace('hemlig', '…')}`]);
    expect(plan.warnings).toEqual([]);
    await (plan.connectors[0] as unknown as { pollOnce(s: () => Promise<void>): Promise<void> }).pollOnce(
      async () => undefined,
    );
    server.close();

    bus = createMemoryBus({ partitions: 1 });
    const matcher = { match: () => [], has: () => false };
    const app = createIngestApp(
      {
        producer: await bus.producer(),
        matcher,
        metrics: createMetrics(),
        log: silentLogger(),
        now: Date.now,
        sources: connectorHealth(plan.connectors),
      },
      { maxBodyBytes: 1024, apiTokens: ['t0k'] },
    );
    expect((await app.fastify.inject({ method: 'GET', url: '/v1/sources' })).statusCode).toBe(401);
    const res = await app.fastify.inject({
      method: 'GET',
      url: '/v1/sources',
      headers: { authorization: 'Bearer t0k' },
    });
    expect(res.statusCode).toBe(200);
    const [rss] = res.json().sources;
    expect(rss.connector).toBe('rss');
    expect(rss.targets).toEqual([
      expect.objectContaining({
        target: feed.replace('hemlig', '…'),
        delivered: 0,
        failing: true,
        lastSuccessAt: null,
        lastError: expect.objectContaining({ code: 'VAKT_RATE_LIMITED' }),
      }),
    ]);
    expect(res.body).not.toContain('hemlig');
  });
});
