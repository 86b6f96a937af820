import { describe, expect, it } from 'vitest';
import { DurableAcks } from '@vakt/pipeline/durable-acks';
import { VaktError } from '@vakt/errors/vakt-error';

describe('DurableAcks', () => {
  it('resolves once every key is done, in any order and across calls', async () => {
    const acks = new DurableAcks();
    let resolved = false;
    const p = acks.wait(['a', 'b', 'b'], 1_000).then(() => {
      resolved = true;
    });
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

  it("a timeout while the store refuses writes names the store's error (e.g. out of disk), not the bus", async () => {
    const acks = new DurableAcks();
    acks.noteWrite(
      new VaktError('VAKT_CLICKHOUSE_UNAVAILABLE', 'ClickHouse is out of disk space', {
        retriable: true,
        context: { diskFull: true },
      }),
    );
    await expect(acks.wait(['a'], 10)).rejects.toMatchObject({
      code: 'VAKT_CLICKHOUSE_UNAVAILABLE',
      retriable: true,
      context: { diskFull: true },
      message: expect.stringContaining('out of disk space'),
    });
    acks.noteWrite(undefined); // a write succeeded: back to the generic reason
    await expect(acks.wait(['b'], 10)).rejects.toMatchObject({ code: 'VAKT_KAFKA_PRODUCE' });
  });

  it('once the store has refused every write for refuseAfterMs, waiters are rejected at once and refusal() says why', async () => {
    let t = 0;
    const acks = new DurableAcks({ now: () => t, refuseAfterMs: 5_000 });
    const diskFull = new VaktError('VAKT_CLICKHOUSE_INSERT', 'ClickHouse is out of disk space', {
      retriable: true,
      context: { diskFull: true },
    });
    const waiting = acks.wait(['a'], 60_000);
    acks.noteWrite(diskFull); // t=0: the first failure starts the clock; one failure is not yet a refusal
    expect(acks.refusal()).toBeUndefined();
    t = 4_999;
    acks.noteWrite(diskFull);
    expect(acks.refusal()).toBeUndefined();
    t = 5_000;
    acks.noteWrite(diskFull); // 5 s of nothing but failures: the waiter does not sit out its 60 s
    await expect(waiting).rejects.toMatchObject({
      code: 'VAKT_CLICKHOUSE_INSERT',
      retriable: true,
      context: { diskFull: true },
      message: expect.stringMatching(/refused writes for 5 s: ClickHouse is out of disk space/),
    });
    expect(acks.pending).toBe(0);
    expect(acks.refusal()).toMatchObject({ code: 'VAKT_CLICKHOUSE_INSERT', retriable: true });
    acks.noteWrite(undefined); // one successful write ends it
    expect(acks.refusal()).toBeUndefined();
  });

  it('a non-retriable failure (a poison batch the sink dead-letters) does not make the store look refusing', () => {
    let t = 0;
    const acks = new DurableAcks({ now: () => t, refuseAfterMs: 5_000 });
    acks.noteWrite(new VaktError('VAKT_SCHEMA_INVALID', 'ScoredMention[3] /text: must be a string'));
    t = 60_000;
    expect(acks.refusal()).toBeUndefined();
  });
});
