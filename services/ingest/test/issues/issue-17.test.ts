import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBus, type MemoryBus } from '@vakt/bus/memory';
import { createMetrics } from '@vakt/pipeline/metrics';
import { silentLogger } from '@vakt/pipeline/logger';
import { createIngestApp } from '../../src/app.js';

// Issue 17 item 8: small API truths of POST /v1/mentions.
const matcher = {
  match: (m: { text: string }) => (/kassan/i.test(m.text) ? [{ watch: 'fk', entities: [] }] : []),
  has: (w: string) => w === 'fk',
};
const mention = (id: string, extra: object = {}) => ({
  id,
  source: 'http',
  text: 'Försäkringskassan strular',
  created_at: '2026-11-23T09:00:00Z',
  ...extra,
});

let bus: MemoryBus;
afterEach(async () => {
  await bus?.close();
});

async function post(payload: string, contentType = 'application/json') {
  bus = createMemoryBus({ partitions: 2 });
  const app = createIngestApp(
    {
      producer: await bus.producer(),
      matcher,
      metrics: createMetrics(),
      log: silentLogger(),
      now: () => Date.parse('2026-11-23T10:00:00Z'),
    },
    { maxBodyBytes: 64 * 1024, apiTokens: [] },
  );
  const res = await app.fastify.inject({
    method: 'POST',
    url: '/v1/mentions',
    headers: { 'content-type': contentType },
    payload,
  });
  return {
    status: res.statusCode,
    body: res.json() as {
      accepted?: number;
      rejected?: Array<{ index: number; reason: string; problems?: string[] }>;
      rejectedCount?: number;
      error?: { code: string; message: string; hint?: string };
    },
  };
}

describe('issue 17 item 8: POST /v1/mentions answers', () => {
  it('422 with every item\'s reasons when every item is rejected (not 202 "accepted 0")', async () => {
    const r = await post(JSON.stringify([mention('a', { text: 42 }), { id: 'b' }]));
    expect(r.status).toBe(422);
    expect(r.body.error?.code).toBe('VAKT_SCHEMA_INVALID');
    expect(r.body.error?.message).toContain('every mention in the body was rejected (2)');
    expect(r.body).toMatchObject({ accepted: 0, rejectedCount: 2 });
    expect(r.body.rejected?.map((x) => x.index)).toEqual([0, 1]);
  });

  it('an NDJSON body of broken lines only is a 422 naming each line', async () => {
    const r = await post('{"id":\n{oops}\n', 'application/x-ndjson');
    expect(r.status).toBe(422);
    expect(r.body.rejected?.map((x) => x.reason.slice(0, 7))).toEqual(['line 1:', 'line 2:']);
  });

  it('still 202 when at least one item is accepted, or when items are valid but dropped (no watch, duplicate)', async () => {
    expect((await post(JSON.stringify([mention('ok'), mention('bad', { text: 42 })]))).status).toBe(202);
    const dropped = await post(JSON.stringify([mention('elsewhere', { text: 'nothing to watch here' })]));
    expect(dropped.status).toBe(202);
    expect(dropped.body.accepted).toBe(0);
  });

  it('reports every schema problem of an item, not only the first', async () => {
    const r = await post(
      JSON.stringify([
        mention('ok'),
        { id: 7, source: 'http', text: ['x'], created_at: 'yesterday', author: { followers: 'many' }, colour: 'red' },
      ]),
    );
    expect(r.status).toBe(202);
    const [bad] = r.body.rejected ?? [];
    expect(bad?.problems).toEqual(
      expect.arrayContaining([
        '/: unknown property "colour"',
        '/id: must be string',
        '/text: must be string',
        '/created_at: must match format "date-time"',
        '/author/followers: must be integer',
      ]),
    );
    for (const p of bad?.problems ?? []) expect(bad?.reason).toContain(p);
  });

  it('malformed JSON is a 400 that says nothing was stored, not that it was dead-lettered', async () => {
    const r = await post('[{"id": "a", "text": ');
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('VAKT_SCHEMA_INVALID');
    expect(r.body.error?.message).toContain('not a valid JSON array');
    expect(r.body.error?.hint).not.toContain('It was dead-lettered');
    expect(r.body.error?.hint).toContain('Nothing from this request was stored or dead-lettered');
    const empty = await post('   ');
    expect(empty.status).toBe(400);
    expect(empty.body.error?.hint).toContain('Nothing from this request was stored');
  });
});

describe('a body refused before it is read (413 from Content-Length) on a kept-alive connection', () => {
  it('does not fire the body deadline afterwards (an unheard error there crashed the process)', async () => {
    const { connect } = await import('node:net');
    bus = createMemoryBus({ partitions: 2 });
    const app = createIngestApp(
      {
        producer: await bus.producer(),
        matcher,
        metrics: createMetrics(),
        log: silentLogger(),
        now: () => Date.parse('2026-11-23T10:00:00Z'),
      },
      { maxBodyBytes: 1024, apiTokens: [], bodyTimeoutMs: 150, listen: { port: 0, host: '127.0.0.1' } },
    );
    await app.start();
    const url = new URL(app.url());
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): void => void uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const socket = connect(Number(url.port), '127.0.0.1');
      const answer = await new Promise<string>((resolve) => {
        let got = '';
        socket.on('data', (d) => {
          got += d.toString();
          if (got.includes('\r\n\r\n')) resolve(got);
        });
        socket.write(
          `POST /v1/mentions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nConnection: keep-alive\r\n\r\n`,
        );
      });
      expect(answer).toMatch(/^HTTP\/1\.1 413/);
      await new Promise((r) => setTimeout(r, 400)); // past the 150 ms deadline
      socket.destroy();
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await app.stop();
    }
  });
});
