import { describe, expect } from 'vitest';
import { mentions, postMentions, test } from './pipeline-fixture.js';
import { waitFor } from './processes.js';
import { startClickHouseCluster } from './clickhouse-cluster.js';

/**
 * The services as processes over the Kafka protocol, the sink writing (CLICKHOUSE_CLUSTER) to a 2 shards × 2 replicas
 * clickhouse-server 18.16 cluster with ZooKeeper instead of the fixture's single server.
 */
const N = 3_000;

async function select<T>(url: string, query: string): Promise<T[]> {
  const res = await fetch(`${url}/?database=vakt`, { method: 'POST', body: `${query}\nFORMAT JSONEachRow` });
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 300)}`);
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

describe('services against a ClickHouse cluster (CLICKHOUSE_CLUSTER)', () => {
  test('a sink SIGKILLed mid-stream on the cluster: exactly one row per mention across shards, rollups agree', async ({ pipeline: p }) => {
    const cluster = await startClickHouseCluster();
    try {
      const onCluster = { CLICKHOUSE_URL: cluster.nodes[0]!.url, CLICKHOUSE_CLUSTER: cluster.name, VAKT_SINK_MAX_ROWS: '300' };
      const ingest = await p.start('ingest');
      await p.start('scorer');
      let clusterSink = await p.start('sink', onCluster);
      const sending = postMentions(ingest.url, mentions(p.watch, N), 250);
      const count = async (): Promise<{ rows: number; distinct: number }> => {
        const [r] = await select<{ rows: string; distinct: string }>(cluster.nodes[3]!.url, `SELECT count() AS rows, uniqExact(source, id) AS distinct FROM vakt.mentions FINAL WHERE watch = '${p.watch}'`);
        return { rows: Number(r!.rows), distinct: Number(r!.distinct) };
      };
      await waitFor('first rows on the cluster', count, (c) => c.distinct > 300);
      await clusterSink.kill('SIGKILL');
      clusterSink = await p.start('sink', onCluster);
      expect(await sending).toBe(N);
      await waitFor('every mention on the cluster', count, (c) => c.distinct >= N, 180_000);
      await new Promise((r) => setTimeout(r, 2_000)); // let a redelivered batch land before judging
      expect(await count()).toEqual({ rows: N, distinct: N });
      // Both shards hold part of the stream, and the rollups (fed by the views on each shard) count every mention once.
      const perShard = await Promise.all([1, 2].map((shard) => select<{ n: string }>(cluster.nodes.find((n) => n.shard === shard)!.url, `SELECT count() AS n FROM vakt.mentions_local FINAL WHERE watch = '${p.watch}'`)));
      expect(perShard.map((r) => Number(r[0]!.n)).every((n) => n > N / 4)).toBe(true);
      const [rollup] = await select<{ n: string }>(cluster.nodes[1]!.url, `SELECT sum(n) AS n FROM (SELECT minute, uniqExactMerge(mentions) AS n FROM vakt.mentions_per_minute_v1 WHERE watch = '${p.watch}' GROUP BY minute)`);
      expect(Number(rollup!.n)).toBe(N);
    } finally {
      await cluster.stop();
    }
  });
});
