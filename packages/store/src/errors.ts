import { VaktError } from '@vakt/errors/vakt-error';
import type { VaktErrorCode } from '@vakt/errors/codes';

/** Socket-level failures: the server is not there (yet), so the call is retriable and the sink backs off. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/**
 * On a cluster (CLICKHOUSE_CLUSTER), a shard or ZooKeeper being away: ALL_CONNECTION_TRIES_FAILED (279, every
 * replica of a shard refused a synchronous Distributed insert), NO_ZOOKEEPER (225), TABLE_IS_READ_ONLY (242, a
 * replicated table without its ZooKeeper session) and UNKNOWN_STATUS_OF_INSERT (319). The rows are fine: retry.
 */
const CLUSTER_RETRIABLE_CODES = [225, 242, 279, 319];

/**
 * ClickHouse error codes that mean "try again later", not "this data/SQL is wrong": memory and load limits,
 * too many parts, timeouts, and the server shutting down. From ClickHouse's ErrorCodes.cpp. 252 also covers one
 * error that is the batch's fault, never load: see isTooManyPartitionsPerInsert.
 */
const RETRIABLE_SERVER_CODES = new Set([159, 160, 202, 209, 210, 241, 252, 285, 425, 999, ...CLUSTER_RETRIABLE_CODES]);

/** The numeric ClickHouse error code, from the parsed error (modern servers, chdb) or the message (18.16's format). */
export function clickHouseCode(e: unknown): number | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  if (typeof code === 'number') return code;
  const message = e instanceof Error ? e.message : '';
  const m = /^Code: (\d+)/.exec(message) ?? /\bCode: (\d+)\b/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/**
 * ClickHouse out of disk: NOT_ENOUGH_SPACE (243) when a part cannot reserve room, or a write that hit ENOSPC (errno
 * 28) under another code (74 CANNOT_WRITE_TO_FILE_DESCRIPTOR, 1001 std::exception). The rows are fine and nothing
 * was written, so an insert is retried until an operator frees space; dead-lettering them instead would drop every
 * row while the disk is full (embedded mode acknowledged them to the client once dead-lettered).
 */
export function isDiskFull(e: unknown): boolean {
  if (clickHouseCode(e) === 243) return true;
  const message = e instanceof Error ? e.message : '';
  return (
    /No space left on device|errno: 28\b|\bENOSPC\b|not enough space/i.test(message) ||
    (e as { code?: unknown } | null)?.code === 'ENOSPC'
  );
}

/**
 * Error 252 is TOO_MANY_PARTS for two different things. "Too many parts (N). Merges are processing significantly
 * slower than inserts" is load: retry later. "Too many partitions for single INSERT block (more than N)" is the
 * batch itself (its rows span more partitions than `max_partitions_per_insert_block`): the same insert fails every
 * time, so retrying it would hold the sink (and, embedded, every ingest request) forever. Split the batch instead.
 */
export function isTooManyPartitionsPerInsert(e: unknown): boolean {
  if (clickHouseCode(e) !== 252) return false;
  const message = e instanceof Error ? e.message : String((e as { message?: unknown } | null)?.message ?? '');
  return /too many partitions for single insert block|max_partitions_per_insert_block/i.test(message);
}

export function isNetworkError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  const message = e instanceof Error ? e.message : '';
  return /socket hang up|Timeout error|ECONNREFUSED|ECONNRESET|request timed out/i.test(message);
}

/**
 * Wraps anything a ClickHouse call threw into a VaktError whose message carries no server text: ClickHouse echoes
 * the offending row or SQL (mention text) in its messages, so those stay in the non-enumerable `cause` only.
 */
export function toStoreError(e: unknown, code: VaktErrorCode, what: string): VaktError {
  if (isNetworkError(e)) {
    return new VaktError('VAKT_CLICKHOUSE_UNAVAILABLE', `ClickHouse is unreachable during ${what}`, {
      cause: e,
      retriable: true,
      context: { operation: what },
    });
  }
  const chCode = clickHouseCode(e);
  if (isDiskFull(e)) {
    return new VaktError(
      code,
      `ClickHouse is out of disk space during ${what}; free space in its data folder (${code === 'VAKT_CLICKHOUSE_INSERT' ? 'the insert is retried until then' : 'then retry'})`,
      {
        cause: e,
        retriable: code === 'VAKT_CLICKHOUSE_INSERT',
        context: { operation: what, clickhouseCode: chCode ?? null, diskFull: true },
      },
    );
  }
  if (isTooManyPartitionsPerInsert(e)) {
    return new VaktError(
      code,
      `ClickHouse refused ${what}: its rows span more partitions than max_partitions_per_insert_block allows (ClickHouse error code 252); the same insert can never succeed, so split it rather than retry it`,
      {
        cause: e,
        retriable: false,
        context: { operation: what, clickhouseCode: chCode ?? null, tooManyPartitions: true },
      },
    );
  }
  const retriable = chCode !== undefined && RETRIABLE_SERVER_CODES.has(chCode) && code === 'VAKT_CLICKHOUSE_INSERT';
  return new VaktError(
    code,
    `ClickHouse rejected ${what}${chCode === undefined ? '' : ` (ClickHouse error code ${chCode})`}`,
    {
      cause: e,
      retriable,
      context: { operation: what, clickhouseCode: chCode ?? null },
    },
  );
}
