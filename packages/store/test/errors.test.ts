import { describe, expect, it } from 'vitest';
import {
  clickHouseCode,
  isDiskFull,
  isNetworkError,
  isTooManyPartitionsPerInsert,
  toStoreError,
} from '../src/errors.js';

describe('toStoreError', () => {
  it.each([
    // socket failures: the server is away, retry with backoff
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' }),
      'VAKT_CLICKHOUSE_UNAVAILABLE',
      true,
    ],
    [new Error('socket hang up'), 'VAKT_CLICKHOUSE_UNAVAILABLE', true],
    [new Error('Timeout error.'), 'VAKT_CLICKHOUSE_UNAVAILABLE', true],
    // 18.16 formats errors as "Code: N, e.displayText() = …": too many parts (252) and memory (241) are load, retriable
    [new Error('Code: 252, e.displayText() = DB::Exception: Too many parts (300)'), 'VAKT_CLICKHOUSE_INSERT', true],
    [new Error('Code: 241, e.displayText() = DB::Exception: Memory limit exceeded'), 'VAKT_CLICKHOUSE_INSERT', true],
    // disk full (fault suite, disk-full.test.ts): chdb's NOT_ENOUGH_SPACE and a write that hit ENOSPC are retried,
    // never dead-lettered, so no row is dropped while an operator frees space
    [
      Object.assign(new Error('Cannot reserve 19.09 MiB, not enough space.'), {
        code: '243',
        type: 'NOT_ENOUGH_SPACE',
      }),
      'VAKT_CLICKHOUSE_INSERT',
      true,
    ],
    [
      new Error(
        'Code: 74, e.displayText() = DB::Exception: Cannot write to file /d/tmp_insert/text.bin, errno: 28, strerror: No space left on device',
      ),
      'VAKT_CLICKHOUSE_INSERT',
      true,
    ],
    [
      new Error('Code: 1001, type: std::__1::system_error, e.what() = No space left on device'),
      'VAKT_CLICKHOUSE_INSERT',
      true,
    ],
    // issue 16: the same code 252 for "too many partitions for single INSERT block" is the batch's fault, never load:
    // retrying it wedged the sink (and every embedded ingest) forever, so it is not retriable (chdb's and 18.16's form)
    [
      Object.assign(
        new Error(
          "Too many partitions for single INSERT block (more than 100). The limit is controlled by 'max_partitions_per_insert_block' setting.",
        ),
        { code: '252', type: 'TOO_MANY_PARTS' },
      ),
      'VAKT_CLICKHOUSE_INSERT',
      false,
    ],
    [
      new Error(
        'Code: 252, e.displayText() = DB::Exception: Too many partitions for single INSERT block (more than 100)',
      ),
      'VAKT_CLICKHOUSE_INSERT',
      false,
    ],
    // cluster (CLICKHOUSE_CLUSTER): every replica of a shard refusing a synchronous Distributed insert, or a replica
    // without ZooKeeper, is the cluster being away, not the rows: retry (clickhouse-cluster system test)
    [
      new Error(
        'Code: 279, e.displayText() = DB::NetException: All connection tries failed. Log: Code: 210, Connection refused',
      ),
      'VAKT_CLICKHOUSE_INSERT',
      true,
    ],
    [
      new Error('Code: 242, e.displayText() = DB::Exception: Table is in readonly mode'),
      'VAKT_CLICKHOUSE_INSERT',
      true,
    ],
    // a parse error is the data's fault: not retriable, dead-letter instead
    [
      Object.assign(new Error("Cannot parse input: expected ',' before: 'secret row text'"), { code: '27' }),
      'VAKT_CLICKHOUSE_INSERT',
      false,
    ],
  ])('classifies %s', (cause, code, retriable) => {
    const e = toStoreError(cause, 'VAKT_CLICKHOUSE_INSERT', 'the insert');
    expect(e.code).toBe(code);
    expect(e.retriable).toBe(retriable);
    expect(e.message).not.toContain('secret row text');
    expect(e.cause).toBe(cause);
    expect(Object.keys(e)).not.toContain('cause'); // non-enumerable: JSON logs do not carry it
  });

  it('says the disk is full and marks it in the context; only inserts are retried by the sink', () => {
    const full = Object.assign(new Error('Cannot reserve 1 MiB, not enough space.'), { code: '243' });
    const insert = toStoreError(full, 'VAKT_CLICKHOUSE_INSERT', 'the mentions insert');
    expect(insert.message).toMatch(/out of disk space.*free space/);
    expect(insert.context).toMatchObject({ diskFull: true, clickhouseCode: 243 });
    expect(isDiskFull(full)).toBe(true);
    expect(isDiskFull(new Error('Code: 27, Cannot parse input'))).toBe(false);
    expect(toStoreError(full, 'VAKT_CLICKHOUSE_QUERY', 'a query').retriable).toBe(false);
  });

  it('names a too-many-partitions refusal as such, without the engine text', () => {
    const e = toStoreError(
      Object.assign(new Error('Too many partitions for single INSERT block (more than 100)'), { code: '252' }),
      'VAKT_CLICKHOUSE_INSERT',
      'the insert',
    );
    expect(e.message).toMatch(/max_partitions_per_insert_block.*never succeed/);
    expect(e.context).toMatchObject({ tooManyPartitions: true, clickhouseCode: 252 });
    expect(
      isTooManyPartitionsPerInsert(
        new Error('Code: 252, Too many parts (300). Merges are processing significantly slower than inserts'),
      ),
    ).toBe(false);
  });

  it('reads ClickHouse codes from both error formats', () => {
    expect(clickHouseCode({ code: '60' })).toBe(60);
    expect(clickHouseCode(new Error('Code: 164, e.displayText() = DB::Exception: readonly'))).toBe(164);
    expect(clickHouseCode(new Error('nothing here'))).toBeUndefined();
    expect(isNetworkError(new Error('Code: 62, syntax'))).toBe(false);
  });
});
