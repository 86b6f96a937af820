import { describe, expect, it } from 'vitest';
import { BatchingSink } from '@vakt/pipeline/batching-sink';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok } from '@vakt/errors/result';

describe('BatchingSink', () => {
  it('resolves add() only after the rows are written, in one insert for several adds', async () => {
    const writes: number[][] = [];
    const sink = new BatchingSink<number>({
      writeBatch: async (rows) => {
        writes.push(rows);
        return ok(undefined);
      },
      onPoison: async () => {},
      maxWaitMs: 20,
    });
    await Promise.all([sink.add([1, 2]), sink.add([3])]);
    expect(writes).toEqual([[1, 2, 3]]);
  });

  it('retries retriable failures and keeps add() pending until the store is back (nothing acked early)', async () => {
    let failures = 3;
    let settled = false;
    const sink = new BatchingSink<number>({
      writeBatch: async () =>
        failures-- > 0 ? err(new VaktError('VAKT_CLICKHOUSE_UNAVAILABLE', 'down')) : ok(undefined),
      onPoison: async () => {},
      maxWaitMs: 1,
      maxBackoffMs: 5,
    });
    const p = sink.add([1]).then(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 2));
    expect(settled).toBe(false);
    await p;
    expect(failures).toBe(-1);
  });

  it('isolates a poison row on a non-retriable error and writes the rest', async () => {
    const written: number[] = [];
    const poisoned: number[] = [];
    const sink = new BatchingSink<number>({
      writeBatch: async (rows) =>
        rows.includes(13)
          ? err(new VaktError('VAKT_CLICKHOUSE_INSERT', 'bad row', { retriable: false }))
          : (written.push(...rows), ok(undefined)),
      onPoison: async (row) => {
        poisoned.push(row);
      },
      maxWaitMs: 1,
    });
    await sink.add([11, 12, 13, 14]);
    expect(poisoned).toEqual([13]);
    expect(written.sort()).toEqual([11, 12, 14]);
  });

  // Issue 16: a batch the store refuses as a whole and forever (ClickHouse 252 "too many partitions for single INSERT
  // block" on a server whose limit is below the store's own split) must never be retried as it is: it is halved
  // until each part fits, so every row is written and none is dead-lettered.
  it('halves a batch the store can never take whole until each part fits; nothing poisoned, no retry', async () => {
    const attempts: number[][] = [];
    const retries: number[] = [];
    const partitionsIn = (rows: number[]) => new Set(rows.map((r) => Math.floor(r / 10))).size;
    const sink = new BatchingSink<number>({
      writeBatch: async (rows) => {
        attempts.push(rows);
        return partitionsIn(rows) > 3
          ? err(new VaktError('VAKT_CLICKHOUSE_INSERT', 'too many partitions', { retriable: false }))
          : ok(undefined);
      },
      onPoison: async (row) => {
        throw new Error(`row ${row} was dead-lettered`);
      },
      onRetry: (_e, attempt) => retries.push(attempt),
      maxWaitMs: 1,
    });
    const rows = Array.from({ length: 10 }, (_, i) => i * 10); // ten rows in ten partitions
    await sink.add(rows);
    const written = attempts.filter((a) => partitionsIn(a) <= 3);
    expect(written.flat().sort((a, b) => a - b)).toEqual(rows);
    expect(retries).toEqual([]);
    expect(attempts.length).toBeLessThan(2 * rows.length);
  });

  it('bounds memory: add() waits while maxPendingRows would be exceeded', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const sink = new BatchingSink<number>({
      writeBatch: async () => {
        await gate;
        return ok(undefined);
      },
      onPoison: async () => {},
      maxWaitMs: 1,
      maxPendingRows: 3,
    });
    const first = sink.add([1, 2, 3]);
    await new Promise((r) => setTimeout(r, 5));
    let secondAccepted = false;
    const second = sink.add([4]).then(() => {
      secondAccepted = true;
    });
    await new Promise((r) => setTimeout(r, 5));
    // The second add is not even buffered while the first batch holds the whole budget.
    expect(sink.pendingRows).toBe(3);
    expect(secondAccepted).toBe(false);
    release();
    await Promise.all([first, second]);
  });

  // Regression: drain() used to recurse on an already-settled promise while rows were buffered, spinning on
  // microtasks so that no timer (not even the shutdown deadline) could fire. Shutdown hung and memory grew.
  it('drain() flushes buffered rows without relying on the flush timer', async () => {
    const written: number[] = [];
    const sink = new BatchingSink<number>({
      writeBatch: async (rows) => {
        written.push(...rows);
        return ok(undefined);
      },
      onPoison: async () => {},
      maxWaitMs: 60_000,
    });
    const added = sink.add([1, 2, 3]);
    await sink.drain();
    await added;
    expect(written).toEqual([1, 2, 3]);
    expect(sink.pendingRows).toBe(0);
  });
});

describe('BatchingSink.accept (deferred ack)', () => {
  it('takes rows at once and resolves `durable` after the insert; a full buffer makes accept wait for room', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const writes: number[][] = [];
    const sink = new BatchingSink<number>({
      writeBatch: async (rows) => {
        await gate;
        writes.push(rows);
        return ok(undefined);
      },
      onPoison: async () => {},
      maxWaitMs: 1,
      maxPendingRows: 3,
    });
    const first = await sink.accept([1, 2]);
    let durable = false;
    void first.durable.then(() => {
      durable = true;
    });
    await new Promise((r) => setTimeout(r, 10)); // the insert of [1, 2] is now in flight, held by the gate
    expect(durable).toBe(false);
    let acceptedSecond = false;
    const second = sink.accept([3, 4]).then((a) => {
      acceptedSecond = true;
      return a;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(acceptedSecond).toBe(false); // 2 pending + 2 new > 3: backpressure
    release();
    await first.durable;
    await (
      await second
    ).durable;
    expect(writes).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('a durable that rejects (sink stopped while ClickHouse is down) does not crash the process when nobody awaits it yet', async () => {
    const sink = new BatchingSink<number>({
      writeBatch: async () => err(new VaktError('VAKT_CLICKHOUSE_UNAVAILABLE', 'down')),
      onPoison: async () => {},
      maxWaitMs: 1,
      maxBackoffMs: 5,
    });
    const { durable } = await sink.accept([1]);
    await new Promise((r) => setTimeout(r, 20));
    sink.stop();
    await expect(durable).rejects.toMatchObject({ code: 'VAKT_CLICKHOUSE_UNAVAILABLE' });
  });
});
