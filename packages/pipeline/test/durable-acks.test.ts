import { describe, expect, it } from 'vitest';
import { DurableAcks } from '@vakt/pipeline/durable-acks';
import { VaktError } from '@vakt/errors/vakt-error';

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

  it('a timeout while the store refuses writes names the store\'s error (e.g. out of disk), not the bus', async () => {
    const acks = new DurableAcks();
    acks.noteWrite(new VaktError('VAKT_CLICKHOUSE_UNAVAILABLE', 'ClickHouse is out of disk space', { retriable: true, context: { diskFull: true } }));
    await expect(acks.wait(['a'], 10)).rejects.toMatchObject({ code: 'VAKT_CLICKHOUSE_UNAVAILABLE', retriable: true, context: { diskFull: true }, message: expect.stringContaining('out of disk space') });
    acks.noteWrite(undefined); // a write succeeded: back to the generic reason
    await expect(acks.wait(['b'], 10)).rejects.toMatchObject({ code: 'VAKT_KAFKA_PRODUCE' });
  });
});
