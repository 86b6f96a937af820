import { describe, expect, it } from 'vitest';
import type { BusProducer, BusRecord, DeferredAck, OutgoingRecord } from '@vakt/bus/types';
import { ok } from '@vakt/errors/result';
import { createLogger } from '@vakt/pipeline/logger';
import { createMetrics } from '@vakt/pipeline/metrics';
import type { Stage } from '@vakt/pipeline/stage';
import { topicTransform } from '@vakt/pipeline/topic-transform';

const record = (i: number): BusRecord => ({
  topic: 'in',
  partition: 0,
  offset: String(i),
  key: `k${i}`,
  value: Buffer.from(String(i)),
  headers: {},
  timestamp: 0,
});
const echo: Stage<string, { topic: string; record: OutgoingRecord }> = {
  name: 'echo',
  process: async (inputs) => inputs.map((v) => ok([{ topic: 'out', record: { key: v, value: v } }])),
};

/** A producer whose sends stay pending until the test releases them (a broker slow to ack). */
function heldProducer() {
  const held: Array<{ records: OutgoingRecord[]; release: () => void }> = [];
  const producer: BusProducer = {
    send: (_t, records) => new Promise<void>((release) => held.push({ records, release })),
    close: async () => {},
  };
  return { producer, held };
}

const options = (producer: BusProducer, maxInFlightRecords?: number) => ({
  stageName: 'test',
  decode: (r: BusRecord) => ok(r.value.toString()),
  stage: echo,
  producer,
  dlqTopic: 'dlq',
  metrics: createMetrics(),
  log: createLogger({ name: 't', level: 'silent' }),
  now: Date.now,
  ...(maxInFlightRecords !== undefined ? { maxInFlightRecords } : {}),
});

describe('topicTransform', () => {
  it('without a bound, resolves only when the produce is durable', async () => {
    const { producer, held } = heldProducer();
    let done = false;
    const p = topicTransform(options(producer))([record(1)], { heartbeat: async () => {}, isStale: () => false }).then(
      () => {
        done = true;
      },
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    held[0]!.release();
    await p;
    expect(done).toBe(true);
  });

  it('with maxInFlightRecords, answers a deferred ack at once and waits for the oldest produce above the bound', async () => {
    const { producer, held } = heldProducer();
    const handle = topicTransform(options(producer, 3));
    const ctx = { heartbeat: async () => {}, isStale: () => false };
    const first = (await handle([record(1), record(2)], ctx)) as DeferredAck;
    expect(first).toHaveProperty('durable');
    let secondReturned = false;
    const second = handle([record(3), record(4)], ctx).then((a) => {
      secondReturned = true;
      return a as DeferredAck;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(secondReturned).toBe(false); // 4 records unacknowledged > 3: the handler holds the consumer
    held[0]!.release();
    await first.durable;
    const ack = await second;
    held[1]!.release();
    await ack.durable;
    expect(held.map((h) => h.records.map((r) => r.key))).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });
});
