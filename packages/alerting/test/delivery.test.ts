import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Deliverer } from '../src/deliverer.js';
import { DeliveryLog, type DeliveryJob } from '../src/delivery-log.js';
import type { Destination } from '../src/destinations.js';
import { route } from '../src/destinations.js';
import { AlertLifecycle } from '../src/lifecycle.js';
import { Notifier } from '../src/notifier.js';
import { verifyWebhook } from '../src/signing.js';
import { startReceiver } from './receiver.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');
const SEC = 1000;
let dir: string;
let rx: Awaited<ReturnType<typeof startReceiver>>;
let now: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vakt-delivery-'));
  rx = await startReceiver();
  now = T0;
});
afterEach(async () => {
  await rx.close();
  rmSync(dir, { recursive: true, force: true });
});

const job = (i: number, dest = 'hook'): DeliveryJob => ({
  key: `k${i}`,
  destinationId: dest,
  url: `${rx.url}/hook`,
  body: `{"n":${i}}`,
  fingerprint: `fp${i}`,
  status: 'firing',
  createdAt: now,
});

function setup(dest: Partial<Destination> = {}, retry = {}) {
  const log = DeliveryLog.open(dir);
  const destinations: Destination[] = [
    { id: 'hook', kind: 'webhook', url: `${rx.url}/hook`, secrets: ['whsec_c2VjcmV0LWtleS0x'], ...dest },
  ];
  const dead: string[] = [];
  const d = new Deliverer({
    log,
    destinations,
    now: () => now,
    random: () => 0.5,
    retry,
    onDead: (j, e) => dead.push(`${j.key}:${e.code}`),
  });
  return { log, d, dead };
}

/** Advances the injected clock in steps, ticking the deliverer at each. */
async function runFor(d: Deliverer, ms: number, step = SEC) {
  const until = now + ms;
  while (now < until) {
    await d.tick();
    now += step;
  }
  await d.tick();
}

describe('Deliverer + DeliveryLog', () => {
  it('delivers signed, with the idempotency key as webhook-id, and verifies at the receiver', async () => {
    const { d, log } = setup();
    d.enqueue(job(1));
    await d.tick();
    expect(rx.received).toHaveLength(1);
    const r = rx.received[0]!;
    expect(r.headers['webhook-id']).toBe('k1');
    expect(r.headers['idempotency-key']).toBe('k1');
    expect(verifyWebhook(['whsec_c2VjcmV0LWtleS0x'], r.headers as Record<string, string>, r.body, now)).toEqual({
      ok: true,
    });
    expect(log.state.pending).toHaveLength(0);
    log.close();
  });

  it('receiver down for a minute, then up: every alert arrives exactly once, in order', async () => {
    const { d, log } = setup();
    rx.setStatus(503);
    for (let i = 0; i < 5; i++) d.enqueue(job(i));
    await runFor(d, 60 * SEC);
    expect(rx.received.length).toBeGreaterThan(1); // it kept retrying (with backoff) while down
    rx.setStatus(200);
    await runFor(d, 5 * 60 * SEC);
    expect([...rx.acceptedPerKey().entries()]).toEqual([0, 1, 2, 3, 4].map((i) => [`k${i}`, 1]));
    expect(log.state.pending).toHaveLength(0);
    log.close();
  });

  it('backs off exponentially with jitter, capped', async () => {
    const { d, log } = setup({}, { baseMs: 1000, maxMs: 8000, maxAttempts: 100 });
    rx.setStatus(500);
    d.enqueue(job(1));
    const attemptsAt: number[] = [];
    for (let t = 0; t < 100; t++) {
      const before = rx.received.length;
      await d.tick();
      if (rx.received.length > before) attemptsAt.push(now - T0);
      now += 250;
    }
    const gaps = attemptsAt.slice(1).map((t, i) => t - attemptsAt[i]!);
    // random()=0.5 → delay = 0.75 × min(cap, base·2^(n−1)): 750, 1500, 3000, 6000, 6000 … (ticks are 250 ms apart)
    expect(gaps.slice(0, 5)).toEqual([750, 1500, 3000, 6000, 6000]);
    log.close();
  });

  it('dead-letters after the retry budget, with the error, and moves on', async () => {
    const { d, log, dead } = setup({}, { baseMs: 100, maxMs: 100, maxAttempts: 3 });
    rx.setStatus(502);
    d.enqueue(job(1));
    d.enqueue(job(2));
    await runFor(d, 2 * SEC, 100);
    expect(dead).toEqual(['k1:VAKT_WEBHOOK_UNAVAILABLE', 'k2:VAKT_WEBHOOK_UNAVAILABLE']);
    expect(log.state.dead.map((x) => x.error)).toEqual([
      'VAKT_WEBHOOK_UNAVAILABLE: destination hook answered 502',
      'VAKT_WEBHOOK_UNAVAILABLE: destination hook answered 502',
    ]);
    log.close();
  });

  it('a 4xx is not retried: dead at once as VAKT_WEBHOOK_REJECTED', async () => {
    const { d, log, dead } = setup();
    rx.setStatus(404);
    d.enqueue(job(1));
    await runFor(d, 10 * SEC);
    expect(rx.received).toHaveLength(1);
    expect(dead).toEqual(['k1:VAKT_WEBHOOK_REJECTED']);
    log.close();
  });

  it('rate-limits per destination (token bucket)', async () => {
    const { d, log } = setup({ rateLimit: { burst: 2, perMinute: 6 } });
    for (let i = 0; i < 5; i++) d.enqueue(job(i));
    await runFor(d, 5 * SEC, SEC);
    expect(rx.received).toHaveLength(2); // the burst
    await runFor(d, 30 * SEC, SEC);
    expect(rx.received).toHaveLength(5); // then one per 10 s
    log.close();
  });

  it('enqueueing a known key is a no-op, also after reopening the log', async () => {
    const a = setup();
    expect(a.d.enqueue(job(1))).toBe(true);
    await a.d.tick();
    a.log.close();
    const b = setup();
    expect(b.d.enqueue(job(1))).toBe(false);
    await runFor(b.d, 5 * SEC);
    expect(rx.received).toHaveLength(1);
    b.log.close();
  });

  it('survives a torn last line (killed mid-write): earlier records replay, pending jobs are re-sent', async () => {
    const a = setup();
    rx.setStatus(503);
    a.d.enqueue(job(1));
    a.d.enqueue(job(2));
    await a.d.tick();
    a.log.close();
    appendFileSync(join(dir, 'deliveries.jsonl'), '{"t":"job","job":{"key":"k3","dest'); // torn write
    rx.setStatus(200);
    const b = setup();
    expect(b.log.state.pending.map((p) => p.job.key)).toEqual(['k1', 'k2']);
    expect(b.log.state.pending[0]!.attempts).toBe(1);
    await runFor(b.d, 10 * SEC);
    expect([...rx.acceptedPerKey().keys()]).toEqual(['k1', 'k2']);
    // Compaction at open rewrote the file without the torn tail.
    expect(readFileSync(join(dir, 'deliveries.jsonl'), 'utf8')).not.toContain('"dest\n');
    b.log.close();
  });
});

describe('Notifier', () => {
  it('routes by watch and severity, enqueues one job per destination, same transition twice is one delivery', async () => {
    const log = DeliveryLog.open(dir);
    const destinations: Destination[] = [
      { id: 'all', kind: 'webhook', url: `${rx.url}/all`, unsigned: true },
      { id: 'pd', kind: 'pagerduty', url: `${rx.url}/pd`, routingKey: 'rk' },
    ];
    const routes = [
      { to: ['all'], owner: 'kommunikation' },
      { watch: 'tk', minSeverity: 'critical' as const, to: ['pd'], owner: 'jour' },
    ];
    expect(route(routes, destinations, 'tk', 'warning').destinations.map((d) => d.id)).toEqual(['all']);
    expect(route(routes, destinations, 'tk', 'critical')).toMatchObject({ owners: ['kommunikation', 'jour'] });
    const d = new Deliverer({ log, destinations, now: () => now });
    const n = new Notifier({ routes, destinations, externalURL: 'http://vakt' }, log, d, () => now);
    const l = new AlertLifecycle(() => now);
    const t = l.fire({
      watch: 'tk',
      series: 'negative_count',
      window: '1m',
      severity: 'critical',
      summary: 's',
      evidence: { window: '1m', observed: 9, expected: 1, score: 0.9, topMentions: [], surgingTerms: [] },
      generatorURL: 'http://vakt/x',
    });
    expect(n.handle(t).map((j) => j.destinationId)).toEqual(['all', 'pd']);
    expect(n.handle(t)).toEqual([]); // replayed transition: same idempotency keys
    await d.tick();
    expect(rx.received.map((r) => r.path).sort()).toEqual(['/all', '/pd']);
    expect(JSON.parse(rx.received.find((r) => r.path === '/all')!.body)).toMatchObject({
      version: '4',
      status: 'firing',
      alerts: [{ annotations: { owners: 'kommunikation, jour' } }],
    });
    log.close();
  });
});

/** A local receiver that answers every request with `status` and `headers`, counting what it got. */
async function answering(status: number, headers: Record<string, string>) {
  const { createServer } = await import('node:http');
  let hits = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits += 1;
      res.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hits: () => hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('issue 16: webhook delivery hardening', () => {
  it('does not follow a 307: nothing reaches the Location address, the job is dead with a reason naming it', async () => {
    // 1. the configured receiver answers 307 to rx (another address); 2. Vakt must not POST to rx.
    const redirecting = await answering(307, { location: `${rx.url}/elsewhere` });
    try {
      const log = DeliveryLog.open(dir);
      const dead: string[] = [];
      const d = new Deliverer({
        log,
        destinations: [{ id: 'r', kind: 'webhook', url: redirecting.url, secrets: ['whsec_c2VjcmV0LWtleS0x'] }],
        now: () => now,
        onDead: (_j, e) => dead.push(e.message),
      });
      d.enqueue({ ...job(1, 'r'), url: redirecting.url });
      await runFor(d, 10 * SEC);
      expect(redirecting.hits()).toBe(1);
      expect(rx.received).toHaveLength(0);
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatch(
        /answered 307 redirect to http:\/\/127\.0\.0\.1:\d+\/elsewhere; Vakt does not follow redirects/,
      );
      log.close();
    } finally {
      await redirecting.close();
    }
  });

  it('caps Retry-After (100000000 s and an HTTP-date years ahead) and keeps other destinations moving', async () => {
    const parked = await answering(429, { 'retry-after': '100000000' });
    const dated = await answering(503, { 'retry-after': new Date(T0 + 5 * 365 * 86_400_000).toUTCString() });
    try {
      const log = DeliveryLog.open(dir);
      const destinations: Destination[] = [
        { id: 'parked', kind: 'webhook', url: parked.url, unsigned: true },
        { id: 'dated', kind: 'webhook', url: dated.url, unsigned: true },
        { id: 'hook', kind: 'webhook', url: `${rx.url}/hook`, unsigned: true },
      ];
      const d = new Deliverer({ log, destinations, now: () => now, random: () => 0.5 });
      d.enqueue({ ...job(1, 'parked'), url: parked.url });
      d.enqueue({ ...job(2, 'dated'), url: dated.url });
      await d.tick();
      const cap = 10 * 60_000;
      for (const key of ['k1', 'k2']) {
        const p = log.state.pending.find((x) => x.job.key === key)!;
        expect(p.nextAt - now).toBe(cap);
      }
      // A job for another destination, enqueued behind the parked ones, goes out on the next tick.
      d.enqueue(job(3, 'hook'));
      now += SEC;
      await d.tick();
      expect(rx.received.map((r) => r.headers['webhook-id'])).toEqual(['k3']);
      // The parked destination is tried again once the cap has passed, not in years.
      now = T0 + cap;
      await d.tick();
      expect(parked.hits()).toBe(2);
      expect(dated.hits()).toBe(2);
      log.close();
    } finally {
      await parked.close();
      await dated.close();
    }
  });
});

describe('issue 16: a job parked for years by an earlier version', () => {
  it('is due within the cap after a restart, not in years', async () => {
    const first = DeliveryLog.open(dir);
    first.append({ t: 'job', job: job(1) });
    // What an uncapped Retry-After: 100000000 left in the log.
    first.append({
      t: 'attempt',
      key: 'k1',
      at: now,
      attempts: 1,
      error: 'VAKT_RATE_LIMITED: destination hook answered 429',
      nextAt: now + 100_000_000 * SEC,
    });
    first.close();
    const { d, log } = setup();
    expect(d.nextDueAt()).toBe(T0 + 10 * 60_000);
    now = T0 + 10 * 60_000;
    await d.tick();
    expect(rx.received.map((r) => r.headers['webhook-id'])).toEqual(['k1']);
    log.close();
  });
});
