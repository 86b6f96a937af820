import { describe, expect, it } from 'vitest';
import type { BusProducer, OutgoingRecord } from '@vakt/bus/types';
import { coalescingProducer, ProduceCoalescer } from '@vakt/pipeline/produce-coalescer';

function recordingProducer(fail = false): BusProducer & { calls: OutgoingRecord[][] } {
  const calls: OutgoingRecord[][] = [];
  return {
    calls,
    send: async (_t, records) => {
      calls.push(records);
      if (fail) throw new Error('down');
    },
    close: async () => {},
  };
}
const rec = (k: string): OutgoingRecord => ({ key: k, value: k });

describe('ProduceCoalescer', () => {
  it('turns concurrent sends into one produce and resolves each caller after it', async () => {
    const producer = recordingProducer();
    const c = new ProduceCoalescer(producer, 't', { lingerMs: 5 });
    await Promise.all([c.send([rec('a')]), c.send([rec('b'), rec('c')])]);
    expect(producer.calls.map((b) => b.map((r) => r.key))).toEqual([['a', 'b', 'c']]);
  });

  it('gives every caller in a failed produce the error (nothing is acked that was not durable)', async () => {
    const c = new ProduceCoalescer(recordingProducer(true), 't', { lingerMs: 1 });
    const results = await Promise.allSettled([c.send([rec('a')]), c.send([rec('b')])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('flushes early at maxRecords', async () => {
    const producer = recordingProducer();
    const c = new ProduceCoalescer(producer, 't', { lingerMs: 60_000, maxRecords: 2 });
    await c.send([rec('a'), rec('b')]);
    expect(producer.calls).toHaveLength(1);
  });
});

describe('coalescingProducer', () => {
  it('shares one produce per topic among concurrent senders and keeps topics apart', async () => {
    const sent: Array<[string, string[]]> = [];
    const inner: BusProducer = {
      send: async (t, records) => {
        sent.push([t, records.map((r) => r.key!)]);
      },
      close: async () => {},
    };
    const p = coalescingProducer(inner, { lingerMs: 5 });
    await Promise.all([p.send('x', [rec('a')]), p.send('y', [rec('b')]), p.send('x', [rec('c')])]);
    expect(sent.sort()).toEqual([
      ['x', ['a', 'c']],
      ['y', ['b']],
    ]);
  });
});
