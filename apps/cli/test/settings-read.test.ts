import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CommandIo } from '@vakt/runtime/command';
import type { StoreClient } from '@vakt/store/client';

/**
 * "No setting is accepted by a command that does not use it" (issue 20): each long-running command is started for
 * real, with its configuration wrapped so every setting it reads is recorded, and every setting its --help lists
 * must have been read by the time it is up. Only the edges are replaced: Kafka by the in-process bus, a ClickHouse
 * server by one embedded chdb, and the signal handler by a recorder so the test can stop the command.
 */
const reads = vi.hoisted(() => ({
  keys: new Set<string>(),
  spec: {} as Record<string, unknown>,
  enumerated: false,
  stops: [] as Array<(s: string) => Promise<void>>,
}));

vi.mock('@vakt/runtime/command', async (importOriginal) => {
  const real = await importOriginal<typeof import('@vakt/runtime/command')>();
  return {
    ...real,
    loadCommandConfig: (...args: Parameters<typeof real.loadCommandConfig>) => {
      const loaded = real.loadCommandConfig(...args);
      reads.spec = args[1] as Record<string, unknown>;
      const config = new Proxy(loaded.config as object, {
        get(target, key, receiver) {
          if (typeof key === 'string') reads.keys.add(key);
          return Reflect.get(target, key, receiver);
        },
        // Spreading or iterating the config would "read" every key without using it: recorded so the test says so.
        ownKeys(target) {
          reads.enumerated = true;
          return Reflect.ownKeys(target);
        },
      });
      return { ...loaded, config };
    },
  };
});
vi.mock('@vakt/pipeline/lifecycle', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@vakt/pipeline/lifecycle')>()),
  onShutdownSignal: (stop: (s: string) => Promise<void>) => {
    reads.stops.push(stop);
    return () => undefined;
  },
}));
vi.mock('@vakt/bus/kafka', async () => {
  const { createMemoryBus } = await import('@vakt/bus/memory');
  return { createKafkaBus: () => createMemoryBus({ partitions: 1 }) };
});
const chdbDir = mkdtempSync(join(tmpdir(), 'vakt-settings-read-'));
let shared: StoreClient | undefined;
vi.mock('@vakt/store/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('@vakt/store/client')>();
  // One embedded engine per process: every command gets it; closing is left to the end of the file.
  const one = async (): Promise<StoreClient> =>
    (shared ??= await real.createStoreClient({ mode: 'embedded', dataDir: join(chdbDir, 'clickhouse') }));
  return { ...real, createStoreClient: async () => ({ ...(await one()), close: async () => undefined }) };
});

afterAll(async () => {
  await shared?.close();
  rmSync(chdbDir, { recursive: true, force: true });
});

const sink = (): NodeJS.WritableStream => new Writable({ write: (_c, _e, cb) => cb() });

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/** A setting a request handler reads counts too: the command serves one mention on its ingest API, if it has one. */
async function postOneMention(url: string): Promise<void> {
  const res = await fetch(`${url}/v1/mentions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ id: 'one', source: 'test', text: 'hej', created_at: new Date().toISOString() }]),
  });
  expect(res.status).toBeLessThan(500);
}

/**
 * Runs a command until it is up (it installed its signal handler), lets `exercise` send it a request, stops it, and
 * returns the settings of its spec it never read. `env` turns on what is conditional (pseudonyms, the ingest link),
 * so a setting read only when another is set is read too.
 */
async function runUntilUp(
  run: (io: CommandIo) => Promise<unknown>,
  argv: string[],
  env: Record<string, string>,
  exercise?: (port: number) => Promise<void>,
): Promise<{ unread: string[]; enumerated: boolean }> {
  reads.keys.clear();
  reads.enumerated = false;
  reads.stops.length = 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'vakt-settings-read-data-'));
  let failed: unknown;
  const port = await freePort();
  void run({
    argv: [...argv, '--port', String(port), '--log-level', 'silent'],
    env: { ...env, VAKT_DATA_DIR: dataDir },
    stdout: sink(),
    stderr: sink(),
  }).catch((e: unknown) => {
    failed = e;
  });
  try {
    const deadline = Date.now() + 60_000;
    while (reads.stops.length === 0 && failed === undefined && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    if (failed !== undefined) throw failed;
    expect(reads.stops.length, 'the command did not reach its running state in 60 s').toBe(1);
    await exercise?.(port);
    return { unread: Object.keys(reads.spec).filter((k) => !reads.keys.has(k)), enumerated: reads.enumerated };
  } finally {
    await reads.stops[0]?.('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const FULL_ENV = {
  VAKT_PSEUDONYMISE_AUTHORS: 'true',
  VAKT_PSEUDONYM_SECRET: 'p'.repeat(40),
  VAKT_INGEST_URL: 'http://127.0.0.1:9/',
};
const SERVER_ENV = { ...FULL_ENV, KAFKA_BROKERS: '127.0.0.1:9092', CLICKHOUSE_URL: 'http://127.0.0.1:8123' };

describe('every setting a command lists in --help is read by that command', () => {
  it('vakt up', async () => {
    const { upCommand } = await import('../src/commands/up.js');
    expect(
      await runUntilUp(upCommand, ['--no-demo'], FULL_ENV, (port) => postOneMention(`http://127.0.0.1:${port + 1}`)),
    ).toEqual({ unread: [], enumerated: false });
  }, 120_000);

  it.each([
    ['ingest', async () => (await import('@vakt/ingest')).runIngest],
    ['scorer', async () => (await import('@vakt/scorer')).runScorer],
    ['sink', async () => (await import('@vakt/sink')).runSink],
    ['alerter', async () => (await import('@vakt/alerter')).runAlerter],
    ['dashboard', async () => (await import('@vakt/dashboard')).runDashboard],
  ])(
    'vakt service %s',
    async (name, load) => {
      const exercise = name === 'ingest' ? (port: number) => postOneMention(`http://127.0.0.1:${port}`) : undefined;
      expect(await runUntilUp(await load(), [], SERVER_ENV, exercise)).toEqual({ unread: [], enumerated: false });
    },
    120_000,
  );
});
