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
 * ClickHouse error codes that mean "try again later", not "this data/SQL is wrong": memory and load limits,
 * too many parts, timeouts, and the server shutting down. From ClickHouse's ErrorCodes.cpp.
 */
const RETRIABLE_SERVER_CODES = new Set([159, 160, 202, 209, 210, 241, 252, 285, 425, 999]);

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
  return /No space left on device|errno: 28\b|\bENOSPC\b|not enough space/i.test(message) || (e as { code?: unknown } | null)?.code === 'ENOSPC';
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
    return new VaktError(code, `ClickHouse is out of disk space during ${what}; free space in its data folder (${code === 'VAKT_CLICKHOUSE_INSERT' ? 'the insert is retried until then' : 'then retry'})`, {
      cause: e,
      retriable: code === 'VAKT_CLICKHOUSE_INSERT',
      context: { operation: what, clickhouseCode: chCode ?? null, diskFull: true },
    });
  }
  const retriable = chCode !== undefined && RETRIABLE_SERVER_CODES.has(chCode) && code === 'VAKT_CLICKHOUSE_INSERT';
  return new VaktError(code, `ClickHouse rejected ${what}${chCode === undefined ? '' : ` (ClickHouse error code ${chCode})`}`, {
    cause: e,
    retriable,
    context: { operation: what, clickhouseCode: chCode ?? null },
  });
}
