#!/usr/bin/env node
// Starts Debian's clickhouse-server (18.16 here) in the foreground on loopback ports with a throwaway (or given)
// data dir and a generated config, prints where it listens, and stops it on SIGINT/SIGTERM.
//
//   node infra/clickhouse/start-server.mjs [--data-dir DIR] [--http-port N] [--tcp-port N] [--json]
//
// Without --data-dir a temp dir is created and removed on exit; with it, the dir is kept so a restart with the same
// flags brings back the same data (the pipeline tests stop the server for 30 s and restart it this way).
// With --json the ready line is one JSON object {url, httpPort, tcpPort, dataDir, pid} (the fixture reads it);
// otherwise a human line. Everything else (server logs) goes to stderr.
//
// Users (generated users.xml, see users-template below and infra/clickhouse/README.md):
//   default       full access, no password, loopback only: what Vakt services use in tests.
//   vakt_analyst  profile readonly=1, password from VAKT_ANALYST_PASSWORD (default 'analyst'): the analysts' door.
// 18.16 has no SQL users (CREATE USER arrived in 20.x), so on this server the read-only user lives in users.xml.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimPort, reservePort } from './ports.mjs';

const SERVER_BIN = process.env.CLICKHOUSE_SERVER_BIN ?? 'clickhouse-server';

function parseArgs(argv) {
  const out = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === '--data-dir') out.dataDir = next();
    else if (a === '--http-port') out.httpPort = Number(next());
    else if (a === '--tcp-port') out.tcpPort = Number(next());
    else if (a === '--json') out.json = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        'Usage: start-server.mjs [--data-dir DIR] [--http-port N] [--tcp-port N] [--json]\n' +
          'Starts clickhouse-server on 127.0.0.1 with a generated config; Ctrl-C stops it.\n',
      );
      process.exit(0);
    } else fail(`unknown argument ${a} (see --help)`);
  }
  for (const k of ['httpPort', 'tcpPort']) {
    if (out[k] !== undefined && !(Number.isInteger(out[k]) && out[k] > 0 && out[k] < 65536))
      fail(`--${k}: expected a port number`);
  }
  return out;
}

function fail(message) {
  process.stderr.write(`start-server: ${message}\n`);
  process.exit(2);
}

function assertInstalled() {
  // 18.16's clickhouse-server has no --version; look it up on PATH instead.
  const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', SERVER_BIN], { stdio: 'ignore' });
  if (found.status !== 0) {
    fail(
      `${SERVER_BIN} is not installed. Install it with: apt-get update && apt-get install -y clickhouse-server clickhouse-client`,
    );
  }
}

const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function configXml({ dataDir, httpPort, tcpPort }) {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><console>1</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <path>${xmlEscape(join(dataDir, 'data'))}/</path>
  <tmp_path>${xmlEscape(join(dataDir, 'tmp'))}/</tmp_path>
  <user_files_path>${xmlEscape(join(dataDir, 'user_files'))}/</user_files_path>
  <format_schema_path>${xmlEscape(join(dataDir, 'format_schemas'))}/</format_schema_path>
  <users_config>${xmlEscape(join(dataDir, 'users.xml'))}</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
  <!-- Seconds a stop waits for running queries/keep-alive connections (default 5): tests stop and start often. -->
  <shutdown_wait_unfinished>1</shutdown_wait_unfinished>
  <!-- Idle keep-alive lifetime (default 3 s). @clickhouse/client reuses an idle socket for up to 2.5 s by its own
       timers, which fire late on a loaded machine; a server that closed the socket first answers "socket hang up". -->
  <keep_alive_timeout>10</keep_alive_timeout>
  <max_session_timeout>3600</max_session_timeout>
  <default_session_timeout>60</default_session_timeout>
</yandex>
`;
}

function usersXml(analystPassword) {
  const sha = createHash('sha256').update(analystPassword).digest('hex');
  return `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default><max_memory_usage>4000000000</max_memory_usage></default>
    <!-- readonly=1: SELECT/SHOW/DESCRIBE only, and the user may not change settings (so not readonly itself). -->
    <vakt_readonly><readonly>1</readonly><max_execution_time>60</max_execution_time></vakt_readonly>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
    <vakt_analyst>
      <password_sha256_hex>${sha}</password_sha256_hex>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>vakt_readonly</profile>
      <quota>default</quota>
      <allow_databases><database>vakt</database></allow_databases>
    </vakt_analyst>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;
}

async function waitReady(url, child, deadlineMs) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`clickhouse-server exited with code ${child.exitCode} during startup`);
    try {
      const res = await fetch(`${url}/ping`);
      // Ours only if the child still runs a moment later: a server that lost its port to another process exits, while
      // that process may have answered the ping.
      if (res.ok) {
        await new Promise((r) => setTimeout(r, 300));
        if (child.exitCode === null) return;
      }
    } catch {
      // not listening yet: keep polling until the deadline
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`clickhouse-server did not answer ${url}/ping within ${deadlineMs} ms`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  assertInstalled();
  const ownsDir = args.dataDir === undefined;
  const dataDir = args.dataDir ?? mkdtempSync(join(tmpdir(), 'vakt-clickhouse-'));
  for (const d of ['data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(dataDir, d), { recursive: true });
  // Reserved until this launcher exits, which is when its server stops (ports.mjs: safe with launchers in parallel).
  for (const given of [args.httpPort, args.tcpPort]) if (given !== undefined) claimPort(given);
  const httpPort = args.httpPort ?? (await reservePort());
  const tcpPort = args.tcpPort ?? (await reservePort());
  const configPath = join(dataDir, 'config.xml');
  writeFileSync(configPath, configXml({ dataDir, httpPort, tcpPort }));
  writeFileSync(join(dataDir, 'users.xml'), usersXml(process.env.VAKT_ANALYST_PASSWORD ?? 'analyst'));

  const child = spawn(SERVER_BIN, [`--config-file=${configPath}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(process.stderr);
  child.stderr.pipe(process.stderr);
  let stopping = false;
  const cleanup = () => {
    if (ownsDir && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  };
  child.on('exit', (code, signal) => {
    cleanup();
    if (!stopping) process.stderr.write(`start-server: clickhouse-server exited (code ${code}, signal ${signal})\n`);
    process.exit(stopping ? 0 : 1);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    child.kill('SIGTERM');
    // clickhouse-server normally stops in well under a second; do not hang a test run if it does not.
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const url = `http://127.0.0.1:${httpPort}`;
  try {
    await waitReady(url, child, 30_000);
  } catch (e) {
    process.stderr.write(`start-server: ${e.message}\n`);
    stop();
    return;
  }
  const info = { url, httpPort, tcpPort, dataDir, pid: child.pid };
  process.stdout.write(
    args.json
      ? `${JSON.stringify(info)}\n`
      : `clickhouse-server ready: ${url} (tcp ${tcpPort}, data ${dataDir}); Ctrl-C stops it\n`,
  );
}

main().catch((e) => fail(e.stack ?? String(e)));
