import { describe, expect, test } from 'vitest';
import type { BatchHandler, BusRecord } from '../src/types.js';
import { deferred, msgs, waitFor } from './helpers.js';
import { kafkaSuite, unique } from './kafka-helpers.js';

// Deferred acks (a handler answers { durable } and the bus fetches on): what the sink uses so one ClickHouse insert
// carries many fetches. The promises: offsets are committed only after `durable`, in order per partition; a
// failed `durable` rewinds the partition so nothing is skipped; stop() commits what became durable before leaving.

const suite = kafkaSuite(1);
const bus = suite.bus;
const topic = suite.topic;

/** A handler that accepts every batch at once and keeps its `durable` for the test to settle. */
function deferring() {
  const accepted: Array<{ records: BusRecord[]; ack: ReturnType<typeof deferred> }> = [];
  const handler: BatchHandler = async (records) => {
    const ack = deferred();
    accepted.push({ records, ack });
    return { durable: ack.promise };
  };
  const values = () => accepted.flatMap((a) => a.records.map((r) => r.value.toString()));
  return { accepted, handler, values };
}

describe('kafka bus: deferred acks', { timeout: 120_000 }, () => {
  test('fetching goes on while acks are pending; offsets are committed only once durable', async () => {
    const t = await topic(1);
    const b = bus();
    const p = await b.producer();
    // Three separate produce calls: three record batches, which librdkafka's mock hands out one per fetch.
    for (const prefix of ['a', 'b', 'c'])
      await p.send(
        t,
        msgs(prefix, 4, () => 'k'),
      );
    const c = await b.consumer({ groupId: unique('g'), topics: [t] });
    const h = deferring();
    await c.run(h.handler);
    // All 12 records are delivered although no batch is durable yet: the consumer did not wait on the acks.
    await waitFor('all three batches accepted', () => h.values().length === 12);
    expect(await c.lag()).toBe(12);
    // The second ack alone commits nothing: the first batch of the partition is still pending.
    h.accepted[1]!.ack.resolve();
    await new Promise((r) => setTimeout(r, 300));
    expect(await c.lag()).toBe(12);
    h.accepted[0]!.ack.resolve();
    await waitFor(
      'two batches committed',
      async () => (await c.lag()) === 12 - h.accepted[0]!.records.length - h.accepted[1]!.records.length,
    );
    for (const a of h.accepted.slice(2)) a.ack.resolve();
    await waitFor('lag 0', async () => (await c.lag()) === 0);
    await c.stop();
  });

  test('a failed ack rewinds the partition: the batch and every later one come again, nothing is skipped', async () => {
    const t = await topic(1);
    const b = bus();
    const p = await b.producer();
    for (const prefix of ['a', 'b'])
      await p.send(
        t,
        msgs(prefix, 3, () => 'k'),
      );
    const c = await b.consumer({ groupId: unique('g'), topics: [t] });
    const h = deferring();
    await c.run(h.handler);
    await waitFor('both batches accepted', () => h.values().length === 6);
    // The first insert fails (after the sink's own retries gave up); the second would have succeeded.
    h.accepted[1]!.ack.resolve();
    h.accepted[0]!.ack.reject(new Error('insert failed'));
    await waitFor('redelivered from the first offset', () => h.values().length >= 12);
    const again = h.accepted.slice(2).flatMap((a) => a.records.map((r) => r.value.toString()));
    expect(again.slice(0, 6)).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'b2']);
    expect(await c.lag()).toBe(6); // nothing was committed past the failed batch
    for (const a of h.accepted.slice(2)) a.ack.resolve();
    await waitFor('lag 0', async () => (await c.lag()) === 0);
    await c.stop();
  });

  test('stop() waits for pending acks and commits them before leaving the group', async () => {
    const t = await topic(2);
    const b = bus();
    await (
      await b.producer()
    ).send(
      t,
      msgs('v', 10, (i) => `k${i}`),
    );
    const group = unique('g');
    const c = await b.consumer({ groupId: group, topics: [t], partitionsConsumedConcurrently: 2 });
    const h = deferring();
    await c.run(h.handler);
    await waitFor('all accepted', () => h.values().length === 10);
    const stopping = c.stop();
    // The owner of the output (the sink) drains while the consumer stops: its inserts complete now.
    await new Promise((r) => setTimeout(r, 200));
    for (const a of h.accepted) a.ack.resolve();
    await stopping;
    // A new member starts after everything: the acks were committed before the first one left.
    const next = await b.consumer({ groupId: group, topics: [t] });
    const seen: string[] = [];
    await next.run(async (records) => {
      seen.push(...records.map((r) => r.value.toString()));
    });
    await (await b.producer()).send(t, [{ key: 'k0', value: 'after' }]);
    await waitFor('the new record', () => seen.includes('after'));
    expect(seen).toEqual(['after']);
    await next.stop();
  });
});
