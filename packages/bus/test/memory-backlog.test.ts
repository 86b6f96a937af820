import { describe, expect, test } from 'vitest';
import { createMemoryBus } from '../src/memory.js';
import { deferred, waitFor } from './helpers.js';

describe('memory bus: bounded memory', () => {
  test('send waits while the backlog is at the bound and continues once the group commits', async () => {
    const bus = createMemoryBus({ partitions: 2, maxBacklogPerTopic: 10 });
    const c = await bus.consumer({ groupId: 'g', topics: ['t'] });
    const gate = deferred();
    await c.run(() => gate.promise);
    const p = await bus.producer();
    await p.send(
      't',
      Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: 'x' })),
    );
    let sent = false;
    const blocked = p.send('t', [{ key: 'k', value: 'y' }]).then(() => (sent = true));
    await new Promise((res) => setTimeout(res, 30));
    expect(sent).toBe(false); // 1. at the bound: the producer waits
    expect(bus.retained('t')).toBe(10);
    gate.resolve(); // 2. the consumer commits, records are released
    await blocked;
    expect(sent).toBe(true);
    await bus.close();
  });

  test('a slow consumer under a long feed: retained records never exceed the bound, and all arrive', async () => {
    const max = 500;
    const batch = 50;
    const total = 40_000;
    const bus = createMemoryBus({ partitions: 4, maxBacklogPerTopic: max });
    const c = await bus.consumer({ groupId: 'g', topics: ['t'], maxBatchSize: 100 });
    let received = 0;
    let peak = 0;
    await c.run(async (records) => {
      peak = Math.max(peak, bus.retained('t'));
      await new Promise((res) => setImmediate(res)); // a sink slower than the producer
      received += records.length;
    });
    const p = await bus.producer();
    const payload = 'x'.repeat(1024);
    for (let i = 0; i < total; i += batch) {
      await p.send(
        't',
        Array.from({ length: batch }, (_, j) => ({ key: `k${(i + j) % 101}`, value: payload })),
      );
      peak = Math.max(peak, bus.retained('t'));
    }
    await waitFor('all consumed', () => received === total, 60_000);
    // One send may overshoot the bound by its own batch, never more: ~40 MB went through, <= 550 kB was held.
    expect(peak).toBeLessThanOrEqual(max + batch);
    await waitFor('released', () => bus.retained('t') === 0);
    await bus.close();
  });

  test('a topic no group reads keeps only the newest records (retention), and never blocks', async () => {
    const bus = createMemoryBus({ partitions: 1, maxBacklogPerTopic: 100 });
    const p = await bus.producer();
    for (let i = 0; i < 50; i++)
      await p.send(
        'dlq',
        Array.from({ length: 10 }, (_, j) => ({ key: null, value: `${i * 10 + j}` })),
      );
    expect(bus.retained('dlq')).toBe(100);
    const seen: string[] = [];
    await (
      await bus.consumer({ groupId: 'late', topics: ['dlq'] })
    ).run(async (rs) => {
      seen.push(...rs.map((r) => r.value.toString()));
    });
    await waitFor('retained delivered', () => seen.length >= 100);
    expect(seen[0]).toBe('400');
    expect(seen.at(-1)).toBe('499');
    await bus.close();
  });

  test('close rejects a producer blocked on backpressure instead of hanging', async () => {
    const bus = createMemoryBus({ partitions: 1, maxBacklogPerTopic: 1 });
    await (await bus.consumer({ groupId: 'g', topics: ['t'] })).run(() => new Promise(() => {}).then(() => {}));
    const p = await bus.producer();
    await p.send('t', [{ key: null, value: 'a' }]);
    const blocked = p.send('t', [{ key: null, value: 'b' }]);
    void bus.close().catch(() => {});
    await expect(blocked).rejects.toMatchObject({ code: 'VAKT_KAFKA_UNAVAILABLE' });
  });
});
