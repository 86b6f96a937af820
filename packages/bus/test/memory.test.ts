import { describe, expect, test } from 'vitest';
import { createMemoryBus } from '../src/memory.js';
import { deferred, msgs, recorder, waitFor } from './helpers.js';

const fastRetry = { initialMs: 1, maxMs: 5 };

describe('memory bus: delivery and ordering', () => {
  test.each([
    // Proves: every record arrives once, and records of one key keep their produce order (same partition).
    { name: 'keyed', partitions: 4, n: 500, key: (i: number) => `k${i % 13}` },
    // Proves: null keys are spread over partitions and still all delivered.
    { name: 'unkeyed', partitions: 3, n: 300, key: () => null },
    // Proves: a single partition is a total order.
    { name: 'one partition', partitions: 1, n: 200, key: (i: number) => `k${i}` },
  ])('$name', async ({ partitions, n, key }) => {
    const bus = createMemoryBus({ partitions });
    const c = await bus.consumer({ groupId: 'g', topics: ['t'], maxBatchSize: 17 });
    const r = recorder();
    await c.run(r.handler);
    const p = await bus.producer();
    await p.send('t', msgs('v', n, key));
    await waitFor('all delivered', () => r.values().length >= n);
    expect(new Set(r.values()).size).toBe(n);
    expect(r.values().length).toBe(n);
    expect(Math.max(...r.deliveries.map((d) => d.records.length))).toBeLessThanOrEqual(17);
    const byKey = new Map<string, number[]>();
    for (const d of r.deliveries) {
      for (const rec of d.records) {
        const k = rec.key ?? `p${rec.partition}`;
        byKey.set(k, [...(byKey.get(k) ?? []), Number(rec.value.toString().slice(1))]);
      }
    }
    for (const seq of byKey.values()) expect(seq).toEqual([...seq].sort((a, b) => a - b));
    await bus.close();
  });

  test('fromBeginning=false starts a new group at the log end', async () => {
    const bus = createMemoryBus({ partitions: 1 });
    const p = await bus.producer();
    await p.send('t', msgs('old', 5));
    const c = await bus.consumer({ groupId: 'late', topics: ['t'], fromBeginning: false });
    const r = recorder();
    await c.run(r.handler);
    await p.send('t', msgs('new', 3));
    await waitFor('new delivered', () => r.values().length >= 3);
    expect(r.values()).toEqual(['new0', 'new1', 'new2']);
    await bus.close();
  });
});

describe('memory bus: commit after resolve', () => {
  test('a rejected batch is redelivered from its first offset, then committed', async () => {
    const bus = createMemoryBus({ partitions: 1, retry: fastRetry });
    const c = await bus.consumer({ groupId: 'g', topics: ['t'] });
    // 1. first call rejects, 2. second call (same records) resolves.
    const r = recorder(async (_recs, _ctx, call) => {
      if (call === 1) throw new Error('sink down');
    });
    await c.run(r.handler);
    await (await bus.producer()).send('t', msgs('v', 4));
    await waitFor('two deliveries', () => r.deliveries.length >= 2);
    expect(r.deliveries[1]!.records.map((x) => x.offset)).toEqual(r.deliveries[0]!.records.map((x) => x.offset));
    await waitFor('lag 0', async () => (await c.lag()) === 0);
    await bus.close();
  });

  test('a member that stops without resolving hands its batch to the next member', async () => {
    const bus = createMemoryBus({ partitions: 1, retry: fastRetry });
    const first = await bus.consumer({ groupId: 'g', topics: ['t'] });
    const entered = deferred();
    // The "crashing" member holds its batch until stop makes it stale, then rejects: nothing of it is durable.
    const a = recorder(async (_r, ctx) => {
      entered.resolve();
      await waitFor('stale', () => ctx.isStale());
      throw new Error('crashed before output was durable');
    });
    await first.run(a.handler);
    await (await bus.producer()).send('t', msgs('v', 3));
    await entered.promise;
    const second = await bus.consumer({ groupId: 'g', topics: ['t'] });
    const b = recorder();
    await second.run(b.handler);
    expect(second.assignment()).toEqual({}); // partition 0 still belongs to the first member (join order)
    await first.stop();
    await waitFor('redelivered to second', () => b.values().length >= 3);
    expect(b.values()).toEqual(['v0', 'v1', 'v2']);
    await bus.close();
  });

  test('stop waits for in-flight handlers and commits what they completed', async () => {
    const bus = createMemoryBus({ partitions: 1 });
    const c = await bus.consumer({ groupId: 'g', topics: ['t'] });
    const gate = deferred();
    const r = recorder(() => gate.promise);
    await c.run(r.handler);
    await (await bus.producer()).send('t', msgs('v', 2));
    await waitFor('in handler', () => r.deliveries.length === 1);
    let stopped = false;
    const stopping = c.stop().then(() => (stopped = true));
    await new Promise((res) => setTimeout(res, 20));
    expect(stopped).toBe(false); // 1. stop is waiting for the handler
    gate.resolve();
    await stopping; // 2. handler done, offsets committed, member left
    const next = await bus.consumer({ groupId: 'g', topics: ['t'] });
    const n = recorder();
    await next.run(n.handler);
    await (await bus.producer()).send('t', msgs('w', 1));
    await waitFor('next record', () => n.values().length >= 1);
    expect(n.values()).toEqual(['w0']); // 3. nothing completed was redelivered
    await bus.close();
  });
});

describe('memory bus: groups', () => {
  test('two members share partitions; when one stops the other takes them all', async () => {
    const bus = createMemoryBus({ partitions: 4 });
    const a = await bus.consumer({ groupId: 'g', topics: ['t'] });
    const b = await bus.consumer({ groupId: 'g', topics: ['t'] });
    const ra = recorder();
    const rb = recorder();
    await a.run(ra.handler);
    await b.run(rb.handler);
    expect(a.assignment()).toEqual({ t: [0, 2] });
    expect(b.assignment()).toEqual({ t: [1, 3] });
    const p = await bus.producer();
    await p.send(
      't',
      msgs('x', 100, (i) => `k${i}`),
    );
    await waitFor('first 100', () => ra.values().length + rb.values().length >= 100);
    expect(ra.values().length).toBeGreaterThan(0);
    expect(rb.values().length).toBeGreaterThan(0);
    await a.stop();
    expect(b.assignment()).toEqual({ t: [0, 1, 2, 3] });
    await p.send(
      't',
      msgs('y', 100, (i) => `k${i}`),
    );
    await waitFor('second 100 on b', () => rb.values().filter((v) => v.startsWith('y')).length >= 100);
    expect(new Set([...ra.values(), ...rb.values()]).size).toBe(200);
    await bus.close();
  });

  test.each([
    // Default: one handler at a time per member, whatever the partition count.
    { concurrency: undefined, expectedPeak: 1 },
    // Up to N partitions' batches in the handler at once.
    { concurrency: 3, expectedPeak: 3 },
  ])(
    'partitionsConsumedConcurrently $concurrency → at most $expectedPeak handlers at once',
    async ({ concurrency, expectedPeak }) => {
      const bus = createMemoryBus({ partitions: 4 });
      await bus.ensureTopics([{ name: 't', partitions: 4 }]);
      const c = await bus.consumer({
        groupId: 'g',
        topics: ['t'],
        ...(concurrency ? { partitionsConsumedConcurrently: concurrency } : {}),
      });
      let active = 0;
      let peak = 0;
      let seen = 0;
      await c.run(async (records) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((res) => setTimeout(res, 5));
        active--;
        seen += records.length;
      });
      expect(c.assignment()).toEqual({ t: [0, 1, 2, 3] });
      await (
        await bus.producer()
      ).send(
        't',
        msgs('v', 400, (i) => `k${i}`),
      );
      await waitFor('all seen', () => seen >= 400);
      expect(peak).toBe(expectedPeak);
      await bus.close();
    },
  );

  test('two groups each get every record', async () => {
    const bus = createMemoryBus({ partitions: 2 });
    const r1 = recorder();
    const r2 = recorder();
    await (await bus.consumer({ groupId: 'one', topics: ['t'] })).run(r1.handler);
    await (await bus.consumer({ groupId: 'two', topics: ['t'] })).run(r2.handler);
    await (await bus.producer()).send('t', msgs('v', 50));
    await waitFor('both groups', () => r1.values().length >= 50 && r2.values().length >= 50);
    expect(r1.values().sort()).toEqual(r2.values().sort());
    await bus.close();
  });

  test('pause stops deliveries until resume', async () => {
    const bus = createMemoryBus({ partitions: 1 });
    const c = await bus.consumer({ groupId: 'g', topics: ['t'] });
    const r = recorder();
    await c.run(r.handler);
    c.pause();
    await (await bus.producer()).send('t', msgs('v', 5));
    await new Promise((res) => setTimeout(res, 30));
    expect(r.deliveries.length).toBe(0);
    expect(await c.lag()).toBe(5);
    c.resume();
    await waitFor('delivered after resume', () => r.values().length >= 5);
    await bus.close();
  });
});
