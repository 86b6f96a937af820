import { afterEach, describe, expect, it } from 'vitest';
import { deflateSync, gzipSync } from 'node:zlib';
import { createMemoryBus, type MemoryBus } from '@vakt/bus/memory';
import type { BusRecord } from '@vakt/bus/types';
import { createMetrics } from '@vakt/pipeline/metrics';
import { silentLogger } from '@vakt/pipeline/logger';
import { TOPICS } from '@vakt/schema/topics';
import { VaktError } from '@vakt/errors/vakt-error';
import { mentionValidator } from '@vakt/schema/mention';
import { createIngestApp } from '../src/app.js';

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

async function setup(apiTokens: string[] = [], rateLimitPerMinute?: number) {
  bus = createMemoryBus({ partitions: 2 });
  const producer = await bus.producer();
  const app = createIngestApp(
    { producer, matcher, metrics: createMetrics(), log: silentLogger(), now: () => Date.parse('2026-11-23T10:00:00Z') },
    { maxBodyBytes: 64 * 1024, apiTokens, ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}) },
  );
  return app;
}

async function consumeAll(n: number): Promise<BusRecord[]> {
  const consumer = await bus.consumer({ groupId: `t-${Math.random()}`, topics: [TOPICS.raw], fromBeginning: true });
  const got: BusRecord[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run(async (records) => {
      got.push(...records);
      if (got.length >= n) resolve();
    });
  });
  await consumer.stop();
  return got;
}

describe('POST /v1/mentions', () => {
  it('accepts a JSON array, rejects bad items with reasons, and produces the valid ones', async () => {
    const app = await setup();
    const res = await app.fastify.inject({
      method: 'POST',
      url: '/v1/mentions',
      payload: [mention('1'), mention('2', { text: '' }), mention('3', { created_at: 'nope' }), mention('4')],
    });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: { id: string }) => r.id)).toEqual(['2', '3']);
    const records = await consumeAll(2);
    expect(records.map((r) => r.key).sort()).toEqual(['http:1', 'http:4']);
    for (const r of records) expect(mentionValidator.parse(r.value).ok).toBe(true);
  });

  it('accepts NDJSON and names the broken line', async () => {
    const app = await setup();
    const ndjson = `${JSON.stringify(mention('1'))}\n{broken\n${JSON.stringify(mention('2'))}\n`;
    const res = await app.fastify.inject({
      method: 'POST',
      url: '/v1/mentions',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson,
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().accepted).toBe(2);
    expect(res.json().rejected[0].reason).toContain('line 2');
  });

  it('counts no-watch mentions as dropped, not rejected', async () => {
    const app = await setup();
    const res = await app.fastify.inject({
      method: 'POST',
      url: '/v1/mentions',
      payload: [mention('1', { text: 'om vädret' })],
    });
    expect(res.json()).toMatchObject({ accepted: 0, dropped: { no_watch: 1 } });
    const metrics = await (await app.fastify.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/vakt_dropped_total\{stage="ingest",reason="no_watch",intentional="true"\} 1/);
  });

  it.each([
    // an empty body is a client error, with a message saying what is expected
    ['empty body', { payload: '', headers: { 'content-type': 'application/json' } }, 400, /JSON array or NDJSON/],
    // a broken JSON array cannot be split into items
    [
      'broken array',
      { payload: '[{"id":', headers: { 'content-type': 'application/json' } },
      400,
      /not a valid JSON array/,
    ],
    // unsupported media types are refused
    ['xml', { payload: '<a/>', headers: { 'content-type': 'application/xml' } }, 415, /./],
    // bodies over the limit get 413, not a crash
    [
      'too large',
      {
        payload: JSON.stringify([mention('1', { text: 'x'.repeat(70_000) })]),
        headers: { 'content-type': 'application/json' },
      },
      413,
      /./,
    ],
  ])('%s → %i', async (_n, req, status, message) => {
    const app = await setup();
    const res = await app.fastify.inject({ method: 'POST', url: '/v1/mentions', ...req });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.message).toMatch(message);
  });

  it('requires a valid API token when tokens are configured', async () => {
    const app = await setup(['s3cret']);
    const denied = await app.fastify.inject({ method: 'POST', url: '/v1/mentions', payload: [mention('1')] });
    expect(denied.statusCode).toBe(401);
    const ok = await app.fastify.inject({
      method: 'POST',
      url: '/v1/mentions',
      payload: [mention('1')],
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(ok.statusCode).toBe(202);
  });

  it('rate-limits a flooding client with 429 and a clear code, per token', async () => {
    const app = await setup(['a', 'b'], 3);
    const post = (token: string) =>
      app.fastify.inject({
        method: 'POST',
        url: '/v1/mentions',
        payload: [mention(`${token}${Math.random()}`)],
        headers: { authorization: `Bearer ${token}` },
      });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('a')).statusCode);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const limited = await post('a');
    expect(limited.json().error.code).toBe('VAKT_RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    // Another client still gets through.
    expect((await post('b')).statusCode).toBe(202);
  });

  it('answers /healthz', async () => {
    const app = await setup();
    const res = await app.fastify.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', service: 'ingest' });
  });
});

describe('POST /v1/mentions with Content-Encoding', () => {
  const ndjson = (ids: string[]) => ids.map((id) => JSON.stringify(mention(id))).join('\n');

  it('accepts gzip and deflate bodies', async () => {
    const app = await setup();
    const gz = await app.fastify.inject({
      method: 'POST',
      url: '/v1/mentions',
      headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
      payload: gzipSync(ndjson(['g1', 'g2'])),
    });
    expect(gz.statusCode, gz.body).toBe(202);
    expect(gz.json().accepted).toBe(2);
    const df = await app.fastify.inject({
      method: 'POST',
      url: '/v1/mentions',
      headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' },
      payload: deflateSync(JSON.stringify([mention('d1')])),
    });
    expect(df.statusCode, df.body).toBe(202);
    expect(df.json().accepted).toBe(1);
    const records = await consumeAll(3);
    expect(records.map((r) => r.key).sort()).toEqual(['http:d1', 'http:g1', 'http:g2']);
  });

  it('cuts a zip bomb off at the body limit of decompressed bytes (413), and serves the next request', async () => {
    const app = await setup(); // maxBodyBytes 64 KiB
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20)); // 20 MiB of spaces: ~20 KiB on the wire
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await app.fastify.inject({
      method: 'POST',
      url: '/v1/mentions',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: bomb,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'VAKT_PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/^body larger than 65536 bytes .*decompressed/),
    });
    const next = await app.fastify.inject({ method: 'POST', url: '/v1/mentions', payload: [mention('after')] });
    expect(next.json().accepted).toBe(1);
  });

  it('answers 415 for an encoding it does not speak and 400 for a corrupt body, naming the encoding', async () => {
    const app = await setup();
    const br = await app.fastify.inject({
      method: 'POST',
      url: '/v1/mentions',
      headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
      payload: '[]',
    });
    expect(br.statusCode).toBe(415);
    expect(br.json().error.message).toMatch(/"br" is not supported; send identity, gzip, x-gzip, deflate/);
    const corrupt = await app.fastify.inject({
      method: 'POST',
      url: '/v1/mentions',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: Buffer.from('not gzip at all'),
    });
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json().error).toMatchObject({ code: 'VAKT_SCHEMA_INVALID' });
    expect(corrupt.json().error.message).toMatch(/^body is not valid gzip: /);
  });
});

describe('POST /v1/mentions while the store refuses writes (embedded mode)', () => {
  it('answers 503 naming the store error and enqueues nothing; accepts again once the store writes', async () => {
    bus = createMemoryBus({ partitions: 2 });
    const producer = await bus.producer();
    let refusal: VaktError | undefined = new VaktError(
      'VAKT_CLICKHOUSE_INSERT',
      'the store has refused writes for 6 s: ClickHouse is out of disk space; retry the request later',
      { retriable: true },
    );
    const app = createIngestApp(
      { producer, matcher, metrics: createMetrics(), log: silentLogger(), now: Date.now, refusal: () => refusal },
      { maxBodyBytes: 64 * 1024, apiTokens: [] },
    );
    const refused = await app.fastify.inject({ method: 'POST', url: '/v1/mentions', payload: [mention('r1')] });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error).toMatchObject({
      code: 'VAKT_CLICKHOUSE_INSERT',
      message: expect.stringContaining('out of disk space'),
    });
    refusal = undefined;
    const accepted = await app.fastify.inject({ method: 'POST', url: '/v1/mentions', payload: [mention('r2')] });
    expect(accepted.statusCode).toBe(202);
    // Only the mention accepted after the store recovered is on the bus: the refused one was never enqueued.
    expect((await consumeAll(1)).map((r) => r.key)).toEqual(['http:r2']);
  });
});
