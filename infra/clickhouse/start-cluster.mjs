#!/usr/bin/env node
// Starts a ClickHouse cluster on this machine: Debian's ZooKeeper (3.8) and shards × replicas clickhouse-server
// processes (18.16 here), each through start-server.mjs exactly as the single server starts, plus a config.d/cluster.xml
// per node naming the cluster, its ZooKeeper, its macros ({shard}, {replica}) and the distributed DDL queue.
//
//   node infra/clickhouse/start-cluster.mjs [--shards 2] [--replicas 2] [--cluster vakt] [--data-dir DIR] [--json]
//
// Everything listens on 127.0.0.1, on free ports reserved across launchers (ports.mjs). Without --data-dir a temp
// dir is created and removed on exit. Each node's dir is <data-dir>/s<shard>r<replica>; running start-server.mjs
// again with that --data-dir and the node's ports restarts the node with the same config and data (the cluster
// tests kill and restart replicas this way).
// With --json the ready line is one JSON object {cluster, zookeeper: {port, pid}, nodes: [{shard, replica, url,
// httpPort, tcpPort, interserverPort, dataDir, pid, launcherPid}]}; pid is clickhouse-server's. SIGINT/SIGTERM
// stops the servers, then ZooKeeper.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reservePort } from './ports.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const JAVA = process.env.JAVA_BIN ?? 'java';
const ZOOKEEPER_JAR = process.env.ZOOKEEPER_JAR ?? '/usr/share/java/zookeeper.jar';
const INSTALL_HINT = 'apt-get update && apt-get install -y zookeeper clickhouse-server clickhouse-client';

function fail(message) {
  process.stderr.write(`start-cluster: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const out = { shards: 2, replicas: 2, cluster: 'vakt', json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i] ?? fail(`${a} needs a value`);
    if (a === '--shards') out.shards = Number(next());
    else if (a === '--replicas') out.replicas = Number(next());
    else if (a === '--cluster') out.cluster = next();
    else if (a === '--data-dir') out.dataDir = next();
    else if (a === '--json') out.json = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        'Usage: start-cluster.mjs [--shards N] [--replicas N] [--cluster NAME] [--data-dir DIR] [--json]\n',
      );
      process.exit(0);
    } else fail(`unknown argument ${a} (see --help)`);
  }
  for (const k of ['shards', 'replicas'])
    if (!(Number.isInteger(out[k]) && out[k] >= 1 && out[k] <= 9)) fail(`--${k}: expected 1..9`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(out.cluster)) fail('--cluster: expected a plain name (letters, digits, _)');
  return out;
}

function assertInstalled() {
  if (spawnSync('sh', ['-c', `command -v "${JAVA}"`], { stdio: 'ignore' }).status !== 0 || !existsSync(ZOOKEEPER_JAR)) {
    fail(`ZooKeeper is not installed (need ${JAVA} and ${ZOOKEEPER_JAR}). Install it with: ${INSTALL_HINT}`);
  }
}

/** ZooKeeper's four-letter `ruok`; resolves true on `imok`. */
function ruok(port) {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    let text = '';
    sock.setTimeout(1000, () => sock.destroy());
    sock.on('connect', () => sock.write('ruok'));
    sock.on('data', (d) => (text += d.toString()));
    sock.on('close', () => resolve(text === 'imok'));
    sock.on('error', () => resolve(false));
  });
}

async function startZooKeeper(dir, port) {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const cfg = join(dir, 'zoo.cfg');
  writeFileSync(
    cfg,
    [
      `tickTime=500`,
      `dataDir=${join(dir, 'data')}`,
      `clientPort=${port}`,
      'clientPortAddress=127.0.0.1',
      'admin.enableServer=false',
      '4lw.commands.whitelist=ruok',
      '',
    ].join('\n'),
  );
  const child = spawn(
    JAVA,
    ['-Xmx256m', '-cp', ZOOKEEPER_JAR, 'org.apache.zookeeper.server.ZooKeeperServerMain', cfg],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.pipe(process.stderr);
  child.stderr.pipe(process.stderr);
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`ZooKeeper exited with code ${child.exitCode} during startup`);
    if (await ruok(port)) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`ZooKeeper did not answer ruok on port ${port} within 30 s`);
}

/** config.d/cluster.xml for one node: merged by clickhouse-server into the config start-server.mjs generates. */
function clusterXml({ cluster, nodes, node, zkPort }) {
  const shards = [...new Set(nodes.map((n) => n.shard))].map(
    (s) =>
      `      <shard>\n        <internal_replication>true</internal_replication>\n` +
      nodes
        .filter((n) => n.shard === s)
        .map((n) => `        <replica><host>127.0.0.1</host><port>${n.tcpPort}</port></replica>\n`)
        .join('') +
      `      </shard>\n`,
  );
  return `<?xml version="1.0"?>
<yandex>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <interserver_http_port>${node.interserverPort}</interserver_http_port>
  <remote_servers>
    <${cluster}>
${shards.join('')}    </${cluster}>
  </remote_servers>
  <zookeeper>
    <node><host>127.0.0.1</host><port>${zkPort}</port></node>
    <session_timeout_ms>10000</session_timeout_ms>
  </zookeeper>
  <macros>
    <cluster>${cluster}</cluster>
    <shard>${String(node.shard).padStart(2, '0')}</shard>
    <replica>s${node.shard}r${node.replica}</replica>
  </macros>
  <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
</yandex>
`;
}

/** Ready means ZooKeeper-ready too: a node answers /ping before its ZooKeeper session exists, and ON CLUSTER needs it. */
async function waitZooKeeperSession(url) {
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(url, { method: 'POST', body: "SELECT count() FROM system.zookeeper WHERE path = '/'" });
      if (res.ok) return;
    } catch {
      // not answering yet: keep polling until the deadline
    }
    if (Date.now() > until) throw new Error(`${url} has no ZooKeeper session after 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * clickhouse-server 18.16 segfaults (zkutil::ZooKeeper::createImpl on a null session) when an ON CLUSTER query
 * arrives before the node's DDLWorker thread holds its ZooKeeper session: the worker takes it on its first pass, after
 * the server already answers queries, and retries seconds later when ZooKeeper was not ready. The worker's first pass
 * creates the task queue; once it exists, a few seconds cover a worker that is still between attempts.
 */
const DDL_WORKER_SETTLE_MS = 5_000;
async function waitDdlWorkers(url) {
  const until = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(url, {
      method: 'POST',
      body: "SELECT count() FROM system.zookeeper WHERE path = '/clickhouse/task_queue' AND name = 'ddl' FORMAT TSV",
    }).catch(() => undefined);
    if (res?.ok && (await res.text()).trim() === '1') break;
    if (Date.now() > until) throw new Error(`${url}: no distributed DDL queue in ZooKeeper after 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, DDL_WORKER_SETTLE_MS));
}

/** Runs start-server.mjs for one node and resolves with its ready line. */
function launchNode(node, launchers) {
  const child = spawn(
    process.execPath,
    [
      join(HERE, 'start-server.mjs'),
      '--json',
      '--data-dir',
      node.dataDir,
      '--http-port',
      String(node.httpPort),
      '--tcp-port',
      String(node.tcpPort),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  launchers.push(child); // stopped with the cluster even if another node fails to start
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, ready: JSON.parse(out.slice(0, nl)) });
    });
    child.on('exit', (code) => reject(new Error(`node s${node.shard}r${node.replica} failed to start (exit ${code})`)));
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  assertInstalled();
  const ownsDir = args.dataDir === undefined;
  const root = args.dataDir ?? mkdtempSync(join(tmpdir(), 'vakt-ch-cluster-'));
  mkdirSync(root, { recursive: true });
  // Reserved until this launcher exits (ports.mjs), so restarting a node on its ports finds them still free.
  const zkPort = await reservePort();
  const nodes = [];
  for (let s = 1; s <= args.shards; s++) {
    for (let r = 1; r <= args.replicas; r++) {
      nodes.push({
        shard: s,
        replica: r,
        httpPort: await reservePort(),
        tcpPort: await reservePort(),
        interserverPort: await reservePort(),
        dataDir: join(root, `s${s}r${r}`),
      });
    }
  }
  const launchers = [];
  let zk;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      launchers.map((c) =>
        c.exitCode !== null ? undefined : new Promise((r) => (c.once('exit', r), c.kill('SIGTERM'))),
      ),
    );
    if (zk && zk.exitCode === null) {
      zk.kill('SIGTERM');
      await new Promise((r) => (zk.once('exit', r), setTimeout(r, 5000).unref()));
    }
    if (ownsDir) rmSync(root, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    zk = await startZooKeeper(join(root, 'zookeeper'), zkPort);
    zk.on('exit', () => {
      if (!stopping) process.stderr.write('start-cluster: ZooKeeper exited\n');
    });
    for (const node of nodes) {
      mkdirSync(join(node.dataDir, 'config.d'), { recursive: true });
      writeFileSync(
        join(node.dataDir, 'config.d', 'cluster.xml'),
        clusterXml({ cluster: args.cluster, nodes, node, zkPort }),
      );
    }
    const started = await Promise.all(nodes.map((n) => launchNode(n, launchers)));
    for (const [i, { child, ready }] of started.entries()) {
      Object.assign(nodes[i], { url: ready.url, pid: ready.pid, launcherPid: child.pid });
      // A launcher exits only when its server does; a test that kills a node restarts it itself.
      child.on('exit', () => {
        if (!stopping) process.stderr.write(`start-cluster: node s${nodes[i].shard}r${nodes[i].replica} stopped\n`);
      });
    }
    await Promise.all(nodes.map((n) => waitZooKeeperSession(n.url)));
    await waitDdlWorkers(nodes[0].url);
  } catch (e) {
    process.stderr.write(`start-cluster: ${e.message}\n`);
    await stop(1);
    return;
  }
  const info = { cluster: args.cluster, zookeeper: { port: zkPort, pid: zk.pid }, nodes };
  process.stdout.write(
    args.json
      ? `${JSON.stringify(info)}\n`
      : `ClickHouse cluster '${args.cluster}' ready (${args.shards} shards × ${args.replicas} replicas, ZooKeeper 127.0.0.1:${zkPort}):\n` +
          nodes.map((n) => `  s${n.shard}r${n.replica} ${n.url} (tcp ${n.tcpPort}, data ${n.dataDir})\n`).join('') +
          'Ctrl-C stops it\n',
  );
}

main().catch((e) => fail(e.stack ?? String(e)));
