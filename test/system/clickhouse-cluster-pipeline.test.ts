import { describe, expect } from 'vitest';
import { mentions, postMentions, test } from './pipeline-fixture.js';
import { waitFor } from './processes.js';
import { startClickHouseCluster } from './clickhouse-cluster.js';

/**
 * The services as processes over the Kafka protocol, the sink, the alerter and the dashboard on (CLICKHOUSE_CLUSTER) a
 * 2 shards × 2 replicas clickhouse-server 18.16 cluster with ZooKeeper instead of the fixture's single server.
 */
const N = 3_000;

async function select<T>(url: string, query: string): Promise<T[]> {
  const res = await fetch(`${url}/?database=vakt`, { method: 'POST', body: `${query}\nFORMAT JSONEachRow` });
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 300)}`);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

describe('services against a ClickHouse cluster (CLICKHOUSE_CLUSTER)', () => {
  test('a sink SIGKILLed mid-stream on the cluster: exactly one row per mention across shards, rollups agree; the dashboard reads it and erases an author from every replica', async ({
    pipeline: p,
  }) => {
    const cluster = await startClickHouseCluster();
    try {
      const onCluster = {
        CLICKHOUSE_URL: cluster.nodes[0]!.url,
        CLICKHOUSE_CLUSTER: cluster.name,
        VAKT_SINK_MAX_ROWS: '300',
      };
      const ingest = await p.start('ingest');
      await p.start('scorer');
      let clusterSink = await p.start('sink', onCluster);
      const sending = postMentions(ingest.url, mentions(p.watch, N), 250);
      const count = async (): Promise<{ rows: number; distinct: number }> => {
        const [r] = await select<{ rows: string; distinct: string }>(
          cluster.nodes[3]!.url,
          `SELECT count() AS rows, uniqExact(source, id) AS distinct FROM vakt.mentions FINAL WHERE watch = '${p.watch}'`,
        );
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
      const perShard = await Promise.all(
        [1, 2].map((shard) =>
          select<{ n: string }>(
            cluster.nodes.find((n) => n.shard === shard)!.url,
            `SELECT count() AS n FROM vakt.mentions_local FINAL WHERE watch = '${p.watch}'`,
          ),
        ),
      );
      expect(perShard.map((r) => Number(r[0]!.n)).every((n) => n > N / 4)).toBe(true);
      const [rollup] = await select<{ n: string }>(
        cluster.nodes[1]!.url,
        `SELECT sum(n) AS n FROM (SELECT minute, uniqExactMerge(mentions) AS n FROM vakt.mentions_per_minute_v1 WHERE watch = '${p.watch}' GROUP BY minute)`,
      );
      expect(Number(rollup!.n)).toBe(N);

      // The alerter and the dashboard as processes on the cluster (other nodes than the sink's): the dashboard reads
      // the Distributed tables, and an admin's erasure through its API goes ON CLUSTER to every replica.
      const alerter = await p.start('alerter', { ...onCluster, CLICKHOUSE_URL: cluster.nodes[2]!.url });
      const dashboard = await p.start('dashboard', {
        ...onCluster,
        CLICKHOUSE_URL: cluster.nodes[3]!.url,
        VAKT_ALERTER_URL: alerter.url,
        VAKT_ADMIN_PASSWORD: 'cluster-test-pw',
      });
      const origin = dashboard.url;
      const login = await fetch(`${origin}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'cluster-test-pw' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const timeline = (await (
        await fetch(
          `${origin}/api/watches/${p.watch}/timeline?from=${Date.UTC(2026, 10, 23, 8)}&to=${Date.UTC(2026, 10, 23, 10)}&step=hour`,
          { headers: { cookie } },
        )
      ).json()) as { points: Array<{ total: number }> };
      expect(timeline.points.reduce((sum, x) => sum + x.total, 0)).toBe(N);
      expect((await fetch(`${origin}/api/alerts`, { headers: { cookie } })).status).toBe(200);
      const byHandle = (url: string) =>
        select<{ n: string }>(
          url,
          `SELECT count() AS n FROM vakt.mentions_local WHERE watch = '${p.watch}' AND author = 'user5'`,
        );
      const erase = await fetch(`${origin}/api/privacy/erase-author`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ handle: 'user5', reference: 'cluster-test' }),
      });
      const erased = (await erase.json()) as { erased?: boolean; deleted?: Record<string, number> };
      expect(erase.status, JSON.stringify(erased)).toBe(200);
      // Rows, not mentions: a batch the killed sink had written is there twice until a merge collapses it.
      expect(erased.deleted?.['mentions']).toBeGreaterThanOrEqual(
        mentions(p.watch, N).filter((m) => (m as { author: { handle: string } }).author.handle === 'user5').length,
      );
      for (const node of cluster.nodes)
        await expect
          .poll(async () => Number((await byHandle(node.url))[0]!.n), { timeout: 60_000, interval: 250 })
          .toBe(0);
    } finally {
      await cluster.stop();
    }
  });
});
