/**
 * A real ClickHouse cluster for the cluster system tests: ZooKeeper and shards × replicas clickhouse-server 18.16,
 * started by infra/clickhouse/start-cluster.mjs (the script humans run), so tests and people use one launcher.
 *
 *   const cluster = await startClickHouseCluster();
 *   try { ...cluster.nodes[0].url... } finally { await cluster.stop(); }
 *
 * `kill(node)` SIGKILLs one server (a crash); `restart(node)` starts it again on its own data dir, ports and
 * config.d, through start-server.mjs. Never skips: a missing ZooKeeper or server fails with how to install it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLUSTER_LAUNCHER = fileURLToPath(new URL('../../infra/clickhouse/start-cluster.mjs', import.meta.url));
const SERVER_LAUNCHER = fileURLToPath(new URL('../../infra/clickhouse/start-server.mjs', import.meta.url));

export interface ClusterNode {
  shard: number;
  replica: number;
  url: string;
  httpPort: number;
  tcpPort: number;
  dataDir: string;
  pid: number;
}

export interface ClickHouseCluster {
  readonly name: string;
  readonly nodes: readonly ClusterNode[];
  /** SIGKILL to one clickhouse-server; resolves when it is gone. */
  kill(node: ClusterNode): Promise<void>;
  /** Starts a killed node again on the same data dir and ports; resolves when /ping answers. */
  restart(node: ClusterNode): Promise<void>;
  /** Stops every server and ZooKeeper and removes the data. Idempotent. */
  stop(): Promise<void>;
  /** For a failed step: which servers still run, and the tail of the launcher's and servers' stderr. */
  report(): string;
}

function readReadyLine<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    let out = '';
    let errText = '';
    child.stderr?.on('data', (d: Buffer) => {
      errText = (errText + d.toString('utf8')).slice(-4000); // the tail, for the error message only
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as T);
    });
    child.on('exit', (code) => reject(new Error(`${what} failed to start (exit ${code}):\n${errText}`)));
  });
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));

async function pidGone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** /ping answers before the node's ZooKeeper session exists; replicated inserts and ON CLUSTER need it. */
async function waitZooKeeperSession(url: string): Promise<void> {
  const until = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(url, {
      method: 'POST',
      body: "SELECT count() FROM system.zookeeper WHERE path = '/'",
    }).catch(() => undefined);
    if (res?.ok) return;
    if (Date.now() > until) throw new Error(`${url} has no ZooKeeper session after 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startClickHouseCluster(
  opts: { shards?: number; replicas?: number } = {},
): Promise<ClickHouseCluster> {
  const args = [
    CLUSTER_LAUNCHER,
    '--json',
    '--shards',
    String(opts.shards ?? 2),
    '--replicas',
    String(opts.replicas ?? 2),
  ];
  const launcher = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = await readReadyLine<{ cluster: string; nodes: ClusterNode[] }>(launcher, 'start-cluster.mjs');
  // Keep draining server logs so the pipe never blocks; the tail explains a node that stopped after it was ready.
  let logTail = '';
  launcher.stderr?.on('data', (d: Buffer) => {
    logTail = (logTail + d.toString('utf8')).slice(-6000);
  });
  const restarted = new Map<ClusterNode, ChildProcess>();
  const onExit = (): void => {
    launcher.kill('SIGKILL');
    for (const n of ready.nodes) {
      try {
        process.kill(n.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', onExit);
  let stopped = false;
  return {
    name: ready.cluster,
    nodes: ready.nodes,
    async kill(node) {
      process.kill(node.pid, 'SIGKILL');
      await pidGone(node.pid);
    },
    async restart(node) {
      const child = spawn(
        process.execPath,
        [
          SERVER_LAUNCHER,
          '--json',
          '--data-dir',
          node.dataDir,
          '--http-port',
          String(node.httpPort),
          '--tcp-port',
          String(node.tcpPort),
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const r = await readReadyLine<{ pid: number }>(child, `node s${node.shard}r${node.replica}`);
      child.stderr?.resume();
      node.pid = r.pid;
      await waitZooKeeperSession(node.url);
      restarted.set(node, child);
    },
    report() {
      const alive = (pid: number): boolean => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      const nodes = ready.nodes
        .map((n) => `s${n.shard}r${n.replica} ${n.url} pid ${n.pid} ${alive(n.pid) ? 'running' : 'GONE'}`)
        .join('\n');
      return `cluster nodes:\n${nodes}\nlauncher ${launcher.exitCode === null ? 'running' : `exited ${launcher.exitCode}`}; stderr tail:\n${logTail}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const child of restarted.values()) child.kill('SIGTERM');
      await Promise.all([...restarted.values()].map(exited));
      // The cluster launcher stops its servers and ZooKeeper, then removes the data dir, on SIGTERM.
      launcher.kill('SIGTERM');
      await exited(launcher);
      process.removeListener('exit', onExit);
    },
  };
}
