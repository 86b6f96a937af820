/**
 * The read-only SQL door of a running `vakt up`. chdb lets one process open a data directory, so while the pipeline
 * holds it, `vakt sql` cannot open the store itself (chdb: "Cannot lock file …/status") and asks the pipeline instead.
 *
 * - Rights: the analyst's. Every statement goes through `runReadOnlySql` (one statement, SELECT-like only, and the
 *   engine runs it with readonly = 1), the same limits as `vakt_analyst` on a ClickHouse server.
 * - Authentication: a random bearer token per start, compared in constant time. It is written with the URL and pid to
 *   `<dataDir>/sql-door.json` (0600, in the 0700 data directory): whoever may read the data directory may query it,
 *   which is no more than they could do by stopping the pipeline and opening the store.
 * - Reach: loopback only; the file is removed when the door closes. A file left by a killed process names a pid that
 *   no longer runs, and `findSqlDoor` ignores it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import { ERROR_CODES, type VaktErrorCode } from '@vakt/errors/codes';
import type { StoreClient } from '@vakt/store/client';
import { describeSqlError, runReadOnlySql, type SqlResult } from '@vakt/store/sql';

export const SQL_DOOR_FILE = 'sql-door.json';
const MAX_QUERY_BYTES = 256 * 1024;

/** What `<dataDir>/sql-door.json` holds. */
export interface SqlDoorInfo {
  url: string;
  token: string;
  pid: number;
}

export interface SqlDoor {
  url: string;
  /** Stops listening and removes the door file. Idempotent. */
  close(): Promise<void>;
}

/** Opens the door on 127.0.0.1 (a free port) and writes the door file. */
export async function openSqlDoor(o: { store: StoreClient; dataDir: string }): Promise<SqlDoor> {
  const token = randomBytes(32).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  const server = createServer((req, res) => {
    // A client that hangs up mid-body makes reading it throw: answer (or just close), never let it reach the process.
    handle(req, res, o.store, expected).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'VAKT_INTERNAL', message: 'the SQL door failed to answer' } }));
    });
  });
  // A query can take a while; a client that trickles its body cannot hold the socket for ever.
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}/sql`;
  const file = join(o.dataDir, SQL_DOOR_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ url, token, pid: process.pid } satisfies SqlDoorInfo), { mode: 0o600 });
  await rename(tmp, file);
  let closed = false;
  return {
    url,
    async close() {
      if (closed) return;
      closed = true;
      await unlink(file).catch(() => undefined); // already gone (an operator removed it): nothing to undo
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, store: StoreClient, expected: Buffer): Promise<void> {
  const answer = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const refuse = (status: number, code: VaktErrorCode, message: string): void =>
    answer(status, { error: { code, message } });
  const given = Buffer.from(req.headers.authorization ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return refuse(401, 'VAKT_UNAUTHORIZED', 'the SQL door needs the token in <dataDir>/sql-door.json');
  if (req.method !== 'POST' || req.url !== '/sql') return refuse(404, 'VAKT_NOT_FOUND', 'POST /sql is the only route');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_QUERY_BYTES)
      return refuse(413, 'VAKT_PAYLOAD_TOO_LARGE', `a query is at most ${MAX_QUERY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  let query: unknown;
  try {
    query = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query?: unknown }).query;
  } catch {
    query = undefined;
  }
  if (typeof query !== 'string') return refuse(400, 'VAKT_REQUEST_INVALID', 'send {"query": "<SELECT …>"}');
  const r = await runReadOnlySql(store, query);
  if (r.ok) return answer(200, r.value);
  // The engine's message goes back to the analyst who typed the query (it names the column or table); never logged.
  answer(r.error.code === 'VAKT_FORBIDDEN' ? 403 : 400, {
    error: { code: r.error.code, message: r.error.message, detail: describeSqlError(r.error) },
  });
}

/** The door of the process that holds `dataDir`, or undefined when there is none (no file, or its pid is gone). */
export async function findSqlDoor(dataDir: string): Promise<SqlDoorInfo | undefined> {
  let info: SqlDoorInfo;
  try {
    info = JSON.parse(await readFile(join(dataDir, SQL_DOOR_FILE), 'utf8')) as SqlDoorInfo;
  } catch {
    return undefined;
  }
  if (typeof info.url !== 'string' || typeof info.token !== 'string' || !Number.isInteger(info.pid)) return undefined;
  return pidRuns(info.pid) ? info : undefined;
}

function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // runs, as another user
  }
}

/**
 * Runs one read-only statement through a running process's door. Errors keep the door's code; their `cause` holds
 * ClickHouse's own message, so `describeSqlError` shows it as it would for a local query.
 */
export async function askSqlDoor(door: SqlDoorInfo, query: string): Promise<Result<SqlResult>> {
  let res: Response;
  try {
    res = await fetch(door.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${door.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
  } catch (e) {
    return err(
      new VaktError(
        'VAKT_CLICKHOUSE_UNAVAILABLE',
        `the running vakt (pid ${door.pid}) holds the data directory, but its SQL door at ${door.url} does not answer; is it stopping?`,
        { cause: e },
      ),
    );
  }
  const body = (await res.json().catch(() => ({}))) as Partial<SqlResult> & {
    error?: { code?: string; message?: string; detail?: string };
  };
  if (res.ok && body.columns && body.rows) return ok({ columns: body.columns, rows: body.rows });
  const code =
    body.error?.code && body.error.code in ERROR_CODES ? (body.error.code as VaktErrorCode) : 'VAKT_INTERNAL';
  const message = body.error?.message ?? `the SQL door answered ${res.status}`;
  const detail = body.error?.detail;
  // describeSqlError prefixes the VaktError message itself: keep only the engine's part as the cause.
  const engine = detail && detail.startsWith(`${message}: `) ? detail.slice(message.length + 2) : undefined;
  return err(new VaktError(code, message, engine ? { cause: new Error(engine) } : {}));
}
