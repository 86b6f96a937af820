import { describe, expect, it } from 'vitest';
import { DurableAcks } from '@vakt/pipeline/durable-acks';

describe('DurableAcks', () => {
  it('resolves once every key is done, in any order and across calls', async () => {
    const acks = new DurableAcks();
    let resolved = false;
    const p = acks.wait(['a', 'b', 'b'], 1_000).then(() => { resolved = true; });
    acks.done(['b']);
    await Promise.resolve();
    expect(resolved).toBe(false);
    acks.done(['x', 'a']);
    await p;
    expect(acks.pending).toBe(0);
  });

  it('rejects retriably on timeout and forgets its keys', async () => {
    const acks = new DurableAcks();
    await expect(acks.wait(['a'], 10)).rejects.toMatchObject({ code: 'VAKT_KAFKA_PRODUCE', retriable: true });
    expect(acks.pending).toBe(0);
  });

  it('serves two waiters on the same key', async () => {
    const acks = new DurableAcks();
    const both = Promise.all([acks.wait(['k'], 1_000), acks.wait(['k'], 1_000)]);
    acks.done(['k']);
    await both;
  });
});
