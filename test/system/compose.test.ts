import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// infra/compose.yaml is the production stack; no Docker engine runs here, so the file is checked the way the brief
// asks: Debian's docker-compose must accept it (`docker-compose config` resolves anchors, merges and defaults),
// and what it resolves to is asserted below.
const file = fileURLToPath(new URL('../../infra/compose.yaml', import.meta.url));

interface Service {
  environment?: Record<string, string>;
  volumes?: string[];
  command?: string[];
  image?: string;
  profiles?: string[];
  hostname?: string;
}

function resolved(profile?: string): { services: Record<string, Service>; volumes: Record<string, unknown> } {
  let out: string;
  try {
    out = execFileSync(
      'docker-compose',
      ['-f', file, ...(profile === undefined ? [] : ['--profile', profile]), 'config'],
      { encoding: 'utf8', env: { ...process.env, CLICKHOUSE_PASSWORD: 'test-secret' } },
    );
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT')
      throw new Error(
        'docker-compose is not installed: run `sudo bash infra/scripts/install-system-deps.sh` (Debian package docker-compose)',
        { cause: e },
      );
    throw new Error(`docker-compose rejected infra/compose.yaml:\n${err.stderr ?? err.message}`, { cause: e });
  }
  return parse(out) as { services: Record<string, Service>; volumes: Record<string, unknown> };
}

describe('infra/compose.yaml', () => {
  const c = resolved();
  const vakt = ['ingest', 'scorer', 'sink', 'alerter', 'dashboard'];

  it('runs KRaft Kafka (no ZooKeeper), ClickHouse server and every Vakt service', () => {
    // `config` lists every service; those of a profile start only with --profile.
    expect(
      Object.keys(c.services)
        .filter((s) => c.services[s]!.profiles === undefined)
        .sort(),
    ).toEqual(['alerter', 'clickhouse', 'dashboard', 'ingest', 'kafka', 'scorer', 'sink']);
    expect(c.services['kafka']!.environment!['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    for (const s of vakt) expect(c.services[s]!.command).toEqual(['service', s]);
  });

  it('gives every Vakt service a persistent data dir, and lets ingest, scorers and dashboard share the watches', () => {
    const dataVolume = (s: string): string | undefined =>
      c.services[s]!.volumes?.find((v) => v.split(':')[1] === '/var/lib/vakt')?.split(':')[0];
    for (const s of vakt) expect(dataVolume(s), `${s} has no volume at /var/lib/vakt`).toBeDefined();
    expect(new Set(['ingest', 'scorer', 'dashboard'].map(dataVolume))).toEqual(new Set(['vakt-watches']));
    expect(dataVolume('sink')).not.toBe(dataVolume('alerter'));
    for (const v of vakt.map(dataVolume)) expect(c.volumes).toHaveProperty(v!);
  });

  it('passes the ClickHouse password from the environment instead of baking one in', () => {
    for (const s of [...vakt, 'clickhouse'])
      expect(c.services[s]!.environment!['CLICKHOUSE_PASSWORD']).toBe('test-secret');
  });

  it('refuses to start without a ClickHouse password (no well-known default such as change-me)', () => {
    const { CLICKHOUSE_PASSWORD: _drop, ...env } = process.env;
    let stderr = '';
    try {
      execFileSync('docker-compose', ['-f', file, 'config'], {
        encoding: 'utf8',
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      stderr = String((e as { stderr?: string }).stderr);
    }
    expect(stderr).toContain('set CLICKHOUSE_PASSWORD to a long random value');
  });
});

describe('infra/compose.yaml, cluster profile', () => {
  const c = resolved('cluster');
  const inProfile = Object.keys(c.services).filter((s) => c.services[s]!.profiles?.includes('cluster'));
  const named = (re: RegExp): string[] => inProfile.filter((s) => re.test(s)).sort();
  const env = (s: string): Record<string, string> => c.services[s]!.environment ?? {};
  const mounted = (s: string, target: string): string => {
    const v = c.services[s]!.volumes?.find((x) => x.split(':')[1] === target);
    if (!v) throw new Error(`${s} mounts nothing at ${target}`);
    return readFileSync(v.split(':')[0]!, 'utf8');
  };
  const brokers = named(/^kafka-\d$/);
  const keepers = named(/^clickhouse-keeper-\d$/);
  const nodes = named(/^clickhouse-s\dr\d$/);

  it('has 3 KRaft nodes forming one controller quorum, replication factor 3 and min.insync.replicas 2', () => {
    expect(brokers).toEqual(['kafka-1', 'kafka-2', 'kafka-3']);
    const voters = brokers.map((b) => `${env(b)['KAFKA_NODE_ID']}@${b}:9093`).join(',');
    for (const b of brokers) {
      expect(env(b)).toMatchObject({
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_CONTROLLER_QUORUM_VOTERS: voters,
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${b}:9092`,
        KAFKA_DEFAULT_REPLICATION_FACTOR: '3',
        KAFKA_MIN_INSYNC_REPLICAS: '2',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '3',
        KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE: 'false',
      });
    }
    expect(new Set(brokers.map((b) => env(b)['CLUSTER_ID'])).size).toBe(1);
    expect(new Set(brokers.map((b) => c.services[b]!.volumes![0]!.split(':')[0])).size).toBe(3);
  });

  it('has 3 ClickHouse Keeper nodes whose raft configuration names each of them by its id', () => {
    expect(keepers).toHaveLength(3);
    for (const k of keepers) {
      const xml = mounted(k, '/etc/clickhouse-keeper/keeper_config.xml');
      const servers = [...xml.matchAll(/<server><id>(\d+)<\/id><hostname>([^<]+)<\/hostname>/g)].map((m) => [
        m[1],
        m[2],
      ]);
      expect(servers.sort()).toEqual(keepers.map((x) => [env(x)['KEEPER_ID'], x]).sort());
    }
  });

  it('has 2 shards x 2 replicas whose remote_servers, macros and Keeper list match the services', () => {
    expect(nodes).toEqual(['clickhouse-s1r1', 'clickhouse-s1r2', 'clickhouse-s2r1', 'clickhouse-s2r2']);
    for (const n of nodes) {
      const xml = mounted(n, '/etc/clickhouse-server/config.d/cluster.xml');
      const shards = [...xml.matchAll(/<shard>([\s\S]*?)<\/shard>/g)].map((m) =>
        [...m[1]!.matchAll(/<host>([^<]+)<\/host>/g)].map((h) => h[1]),
      );
      // Each <shard> holds exactly the nodes whose VAKT_SHARD macro is that shard.
      const byMacro = [...new Set(nodes.map((x) => env(x)['VAKT_SHARD']))]
        .sort()
        .map((s) => nodes.filter((x) => env(x)['VAKT_SHARD'] === s));
      expect(shards).toEqual(byMacro);
      expect([...xml.matchAll(/<node><host>([^<]+)<\/host>/g)].map((m) => m[1])).toEqual(keepers);
      expect(xml).toMatch(/<remote_servers>\s*<vakt>/);
      expect(xml).toContain('<replica from_env="VAKT_REPLICA"/>');
      expect(env(n)['VAKT_NODE_HOST']).toBe(n);
      expect(env(n)['CLICKHOUSE_PASSWORD']).toBe('test-secret');
    }
    expect(new Set(nodes.map((n) => env(n)['VAKT_REPLICA'])).size).toBe(4);
  });

  it('runs every Vakt service against the brokers and the cluster (CLICKHOUSE_CLUSTER) and waits for all of them', () => {
    const vakt = named(/^cluster-/);
    expect(vakt).toEqual(['cluster-alerter', 'cluster-dashboard', 'cluster-ingest', 'cluster-scorer', 'cluster-sink']);
    for (const s of vakt) {
      expect(c.services[s]!.command).toEqual(['service', s.replace('cluster-', '')]);
      expect(env(s)['CLICKHOUSE_CLUSTER']).toBe('vakt');
      expect(env(s)['KAFKA_BROKERS']!.split(',')).toEqual(brokers.map((b) => `${b}:9092`));
      expect(nodes).toContain(new URL(env(s)['CLICKHOUSE_URL']!).hostname);
      expect(Object.keys((c.services[s] as { depends_on?: object }).depends_on ?? {}).sort()).toEqual(
        [...nodes, ...brokers].sort(),
      );
    }
  });
});
