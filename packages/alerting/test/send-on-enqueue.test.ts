import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Deliverer } from '../src/deliverer.js';
import { DeliveryLog, type DeliveryJob } from '../src/delivery-log.js';
import { startReceiver } from './receiver.js';

// The injected clock never moves unless a test moves it, and `tick()` is only called where a test says so: whatever
// arrives otherwise was sent on enqueue, not by a timer.
const T0 = Date.parse('2026-01-05T09:00:00Z');
let dir: string;
let rx: Awaited<ReturnType<typeof startReceiver>>;
let now: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vakt-send-on-enqueue-'));
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
  url: `${rx.url}/${dest}`,
  body: `{"n":${i}}`,
  fingerprint: `fp${i}`,
  status: 'firing',
  createdAt: now,
});

function deliverer(sendOnEnqueue: boolean) {
  const log = DeliveryLog.open(dir);
  const d = new Deliverer({
    log,
    destinations: ['hook', 'chat'].map((id) => ({ id, kind: 'webhook', url: `${rx.url}/${id}`, unsigned: true })),
    now: () => now,
    random: () => 0.5,
    sendOnEnqueue,
  });
  return { d, log };
}

describe('Deliverer with sendOnEnqueue', () => {
  it('sends each job once it is logged, and a destination’s next job when the one before it ends, with no tick', async () => {
    const { d, log } = deliverer(true);
    d.enqueue(job(1));
    d.enqueue(job(2)); // behind k1 on the same destination: sent when k1's attempt ends
    d.enqueue(job(3, 'chat'));
    await d.idle();
    expect(rx.received.map((r) => r.headers['webhook-id'])).toEqual(expect.arrayContaining(['k1', 'k2', 'k3']));
    const hook = rx.received.filter((r) => r.path === '/hook').map((r) => r.headers['webhook-id']);
    expect(hook).toEqual(['k1', 'k2']); // in order, one at a time
    expect(log.state.pending).toHaveLength(0);
    log.close();
  });

  it('without it, nothing goes out until a tick (the tick-driven mode tests rely on)', async () => {
    const { d, log } = deliverer(false);
    d.enqueue(job(1));
    await d.idle();
    expect(rx.received).toHaveLength(0);
    await d.tick();
    expect(rx.received.map((r) => r.headers['webhook-id'])).toEqual(['k1']);
    log.close();
  });

  it('a failed attempt waits for its backoff (a later enqueue does not jump it or retry it early)', async () => {
    const { d, log } = deliverer(true);
    rx.setStatus(503);
    d.enqueue(job(1));
    await d.idle();
    expect(rx.received).toHaveLength(1);
    rx.setStatus(200);
    d.enqueue(job(2));
    await d.idle();
    expect(rx.received).toHaveLength(1); // k1 is not due yet (backoff 750 ms), and k2 stays behind it
    now += 750;
    await d.tick();
    await d.idle();
    expect(rx.received.map((r) => `${r.headers['webhook-id']}:${r.status}`)).toEqual(['k1:503', 'k1:200', 'k2:200']);
    log.close();
  });
});

describe('Deliverer.close', () => {
  it('waits for the attempt in flight and starts none of the jobs behind it; they stay pending in the log', async () => {
    const { d, log } = deliverer(true);
    d.enqueue(job(1));
    d.enqueue(job(2));
    d.enqueue(job(3));
    await d.close();
    expect(rx.received.map((r) => r.headers['webhook-id'])).toEqual(['k1']);
    expect(log.state.pending.map((p) => p.job.key)).toEqual(['k2', 'k3']);
    await d.tick();
    expect(rx.received).toHaveLength(1);
    log.close();
  });
});
