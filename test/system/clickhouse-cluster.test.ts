import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickHouseServer, type ClickHouseServer } from '@vakt/test-fixtures/clickhouse';
import { createStoreClient, type StoreClient } from '@vakt/store/client';
import { migrate } from '@vakt/store/migrate';
import { insertMentions } from '@vakt/store/tables/mentions';
import { insertAlerts } from '@vakt/store/tables/alerts';
import { insertDeadLetters } from '@vakt/store/tables/dead-letters';
import { correctLabel } from '@vakt/store/tables/label-corrections';
import { collectQueries, expandGrafanaSql, loadDashboards } from '@vakt/grafana/grafana-sql';
import { startClickHouseCluster, type ClickHouseCluster, type ClusterNode } from './clickhouse-cluster.js';

/**
 * The cluster schema (CLICKHOUSE_CLUSTER) on a real 2 shards × 2 replicas clickhouse-server 18.16 cluster with
 * ZooKeeper, next to a single server with the default schema, both written through the store's insert path.
 */
type ScoredMention = Parameters<ReturnType<typeof insertMentions>>[0][number];
type Label = 'negative' | 'neutral' | 'positive';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WATCH = 'forsakringskassan'; // the watch the documented examples name
const N = 1_200;
const LABELS: Label[] = ['negative', 'neutral', 'positive'];
/** Start of the previous hour: the same instants for both stores, and inside the examples' `now() - INTERVAL 1 DAY`. */
const RECENT = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;

/** Mention i, version v: half on 2026-11-23 10:00–12:00 (the documented window), half in the previous hour (rollup examples). */
function mention(i: number, v: number, label: Label): ScoredMention {
  const created = i % 2 === 0 ? Date.UTC(2026, 10, 23, 10) + i * 5_000 : RECENT + i * 2_000;
  const score = label === 'negative' ? -0.6 : label === 'positive' ? 0.5 : 0;
  return {
    schemaVersion: 1,
    id: `m-${i}`,
    source: i % 3 === 0 ? 'mastodon' : 'rss',
    text: `Fakturan nummer ${i} är fel, it's "quoted"`,
    created_at: new Date(created).toISOString(),
    ingested_at: new Date(created + 1_000).toISOString(),
    url: `https://example.test/${i}`,
    // 17 authors: fewer than the top-20 example's LIMIT, so ties at the limit cannot pick different rows.
    author: { id: `a-${i % 17}`, handle: `author${i % 17}`, followers: (i % 17) * 10 },
    engagement: { reposts: i % 4, replies: i % 3, likes: i % 7, quotes: 0 },
    // A third of the mentions also match a second watch: one row per (watch, source, id).
    matches: [
      { watch: WATCH, entities: [['faktura', 'kundtjänst', 'handläggning'][i % 3]!] },
      ...(i % 3 === 1 ? [{ watch: 'other', entities: [] }] : []),
    ],
    sentiment: {
      label,
      score,
      confidence: 0.8,
      lang: i % 5 === 0 ? 'en' : 'sv',
      p_neg: label === 'negative' ? 0.8 : 0.1,
      p_neu: label === 'neutral' ? 0.8 : 0.1,
      p_pos: label === 'positive' ? 0.8 : 0.1,
      model: 'lexicon-only',
      disagreement: false,
      explanation: [],
    },
    scored_at: new Date(Date.UTC(2026, 10, 23, 13) + v * 60_000).toISOString(),
  };
}

/** Version 1 of every mention, then version 2 (a re-scoring with another label) of every fourth, in batches of 200. */
async function insertAll(store: StoreClient): Promise<void> {
  const insert = insertMentions(store);
  const all = [
    ...Array.from({ length: N }, (_, i) => mention(i, 1, LABELS[i % 3]!)),
    ...Array.from({ length: N }, (_, i) => i)
      .filter((i) => i % 4 === 0)
      .map((i) => mention(i, 2, LABELS[(i + 1) % 3]!)),
  ];
  for (let k = 0; k < all.length; k += 200) {
    const r = await insert(all.slice(k, k + 200));
    if (!r.ok) throw r.error;
  }
}
const EXPECTED_ROWS = N + Math.ceil(N / 3); // one extra row per mention matching 'other' (i % 3 === 1)

/** Runs a query on one node over HTTP as `default`; rows as parsed JSONEachRow. */
async function rows<T>(url: string, query: string): Promise<T[]> {
  const res = await fetch(`${url}/?database=vakt`, { method: 'POST', body: `${query}\nFORMAT JSONEachRow` });
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 500)} for: ${query}`);
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as T);
}

/** Every `sql example:sql` block of the store README, and the analysts' guide's first queries. */
function documentedQueries(): string[] {
  const readme = readFileSync(`${ROOT}packages/store/README.md`, 'utf8');
  const blocks = [...readme.matchAll(/^```sql example:sql\n([\s\S]*?)^```/gm)].map((m) => m[1]!.trim());
  return [
    ...blocks,
    `SELECT label, count() FROM vakt.mentions FINAL WHERE watch = '${WATCH}' GROUP BY label ORDER BY label`, // docs/analysts.md
    'SELECT watch, count() AS n FROM vakt.mentions FINAL GROUP BY watch ORDER BY n DESC', // docs/analysts.md
  ];
}

type Alert = Parameters<ReturnType<typeof insertAlerts>>[0][number];

/** Alerts of the documented watch: firing and resolved, in the documented window and in the last hours. */
function alerts(): Alert[] {
  return [Date.UTC(2026, 10, 23, 10, 30), Date.UTC(2026, 10, 23, 11), RECENT, RECENT + 1_800_000].map((at, i) => ({
    schemaVersion: 1,
    fingerprint: `fp-${i}`,
    status: i % 2 === 0 ? 'firing' : 'resolved',
    startsAt: new Date(at).toISOString(),
    updatedAt: new Date(at + 60_000).toISOString(),
    ...(i % 2 === 0 ? {} : { endsAt: new Date(at + 600_000).toISOString() }),
    labels: {
      alertname: 'NegativeSpike',
      watch: WATCH,
      series: 'negative_share',
      window: '5m',
      severity: i < 2 ? 'warning' : 'critical',
    },
    annotations: { summary: `Negative share surged (${i})` },
    evidence: { window: '5m', observed: 0.6, expected: 0.2, score: 0.9, topMentions: [], surgingTerms: [] },
    generatorURL: `http://127.0.0.1:8080/#/alerts/fp-${i}`,
  }));
}

/** Every SQL text of the Grafana dashboards (panels, variables, annotations), expanded as Grafana would for `range`. */
function grafanaQueries(range: { from: number; to: number; intervalSeconds: number }): string[] {
  return loadDashboards(`${ROOT}dashboards/grafana/dashboards`)
    .flatMap((d) => collectQueries(d.file, d.json))
    .map((q) => expandGrafanaSql(q.sql, { ...range, vars: { watch: WATCH, datasource: 'vakt-clickhouse' } }));
}

/** Rows as sorted JSON lines: ties under a panel's ORDER BY may come back in either order, even on one server. */
const asSet = (r: unknown[]): string[] => r.map((x) => JSON.stringify(x)).sort();

describe('ClickHouse cluster schema (2 shards × 2 replicas, 18.16, ZooKeeper)', () => {
  let cluster: ClickHouseCluster;
  let single: ClickHouseServer;
  let store: StoreClient;
  let singleStore: StoreClient;
  const shardNode = (shard: number, replica = 1): ClusterNode =>
    cluster.nodes.find((n) => n.shard === shard && n.replica === replica)!;

  beforeAll(async () => {
    cluster = await startClickHouseCluster();
    single = await startClickHouseServer();
    store = await createStoreClient({
      mode: 'server',
      url: cluster.nodes[0]!.url,
      database: 'vakt',
      cluster: cluster.name,
    }).catch((e: Error) => {
      throw new Error(`${e.message}\n${cluster.report()}`, { cause: e });
    });
    singleStore = await createStoreClient({ mode: 'server', url: single.url, database: 'vakt' });
  }, 240_000);
  afterAll(async () => {
    await store?.close();
    await singleStore?.close();
    await Promise.all([cluster?.stop(), single?.stop()]);
  }, 120_000);

  it('migrations build replicated shards and Distributed tables on every node, and running them again changes nothing', async () => {
    const schema = (url: string): Promise<Array<{ name: string; engine: string }>> =>
      rows(url, "SELECT name, engine FROM system.tables WHERE database = 'vakt' ORDER BY name");
    const before = await Promise.all(cluster.nodes.map((n) => schema(n.url)));
    for (const tables of before) expect(tables).toEqual(before[0]);
    const engines = Object.fromEntries(before[0]!.map((t) => [t.name, t.engine]));
    expect(engines).toMatchObject({
      mentions: 'Distributed',
      mentions_local: 'ReplicatedReplacingMergeTree',
      mentions_per_minute_v1: 'Distributed',
      mentions_per_minute_v1_local: 'ReplicatedAggregatingMergeTree',
      entity_mentions_per_minute_v1_local: 'ReplicatedAggregatingMergeTree',
      alerts_local: 'ReplicatedReplacingMergeTree',
      alerts: 'Distributed',
      dead_letters_local: 'ReplicatedReplacingMergeTree',
      dead_letters: 'Distributed',
      label_corrections: 'Distributed',
      schema_migrations: 'ReplicatedReplacingMergeTree',
    });
    // Again from another node: everything is recorded as applied (4, SQL users, is skipped on 18.16).
    const other = await createStoreClient({
      mode: 'server',
      url: shardNode(2, 2).url,
      database: 'vakt',
      cluster: cluster.name,
      migrate: false,
    });
    try {
      const again = await migrate(other, { cluster: cluster.name });
      expect(again.ok && again.value).toEqual({
        applied: [],
        skipped: [{ version: 4, reason: expect.stringContaining('no SQL users') }],
      });
    } finally {
      await other.close();
    }
    const after = await Promise.all(cluster.nodes.map((n) => schema(n.url)));
    expect(after).toEqual(before);
  });

  it('an unknown CLICKHOUSE_CLUSTER is a configuration error naming it', async () => {
    await expect(
      createStoreClient({ mode: 'server', url: cluster.nodes[0]!.url, database: 'vakt', cluster: 'no_such_cluster' }),
    ).rejects.toMatchObject({
      code: 'VAKT_CONFIG_INVALID',
      message: expect.stringContaining('no_such_cluster'),
    });
  });

  it('every version of a mention lands on one shard: exactly one row per (watch, source, id) under FINAL, latest version', async () => {
    await insertAll(store);
    const [total] = await rows<{ rows: string; mentions: string }>(
      cluster.nodes[1]!.url,
      'SELECT count() AS rows, uniqExact(source, id) AS mentions FROM vakt.mentions FINAL',
    );
    expect(total).toEqual({ rows: String(EXPECTED_ROWS), mentions: String(N) });
    // Both shards hold part of the data, and no mention key is on both.
    const keys = await Promise.all(
      [1, 2].map((s) =>
        rows<{ k: string }>(shardNode(s).url, "SELECT DISTINCT concat(source, '/', id) AS k FROM vakt.mentions_local"),
      ),
    );
    const [a, b] = keys.map((ks) => new Set(ks.map((r) => r.k)));
    expect(a!.size).toBeGreaterThan(N / 4);
    expect(b!.size).toBeGreaterThan(N / 4);
    expect([...a!].filter((k) => b!.has(k))).toEqual([]);
    expect(a!.size + b!.size).toBe(N);
    // The re-scored mentions read as their second version.
    const relabelled = await rows<{ id: string; label: string }>(
      cluster.nodes[2]!.url,
      "SELECT id, label FROM vakt.mentions FINAL WHERE watch = 'forsakringskassan' AND id IN ('m-0', 'm-3', 'm-4') ORDER BY id",
    );
    expect(relabelled).toEqual([
      { id: 'm-0', label: 'neutral' }, // re-scored from negative
      { id: 'm-3', label: 'negative' }, // one version only
      { id: 'm-4', label: 'positive' }, // re-scored from neutral
    ]);
    // Each shard's second replica has what its first has (replication, including the rollups its views wrote).
    for (const s of [1, 2]) {
      for (const table of ['mentions_local', 'mentions_per_minute_v1_local', 'entity_mentions_per_minute_v1_local']) {
        const q = `SELECT count() AS n FROM vakt.${table} FINAL`;
        const expected = await rows(shardNode(s, 1).url, q);
        await expect.poll(() => rows(shardNode(s, 2).url, q), { timeout: 30_000, interval: 250 }).toEqual(expected);
      }
    }
  });

  it("the documented analysts' queries give the same answers on the cluster as on one node", async () => {
    await insertAll(singleStore);
    const queries = documentedQueries();
    expect(queries.length).toBeGreaterThanOrEqual(6);
    for (const q of queries) {
      const [onCluster, onSingle] = await Promise.all([rows(shardNode(2, 2).url, q), rows(single.url, q)]);
      expect(onSingle.length, q).toBeGreaterThan(0);
      expect(onCluster, q).toEqual(onSingle);
    }
  });

  it("the Grafana panels' SQL gives the same answers on the cluster as on one node", async () => {
    for (const [s, name] of [
      [store, 'cluster'],
      [singleStore, 'single'],
    ] as const) {
      const r = await insertAlerts(s)(alerts());
      if (!r.ok) throw new Error(`alerts into the ${name} store: ${r.error.message}`);
    }
    const ranges = [
      { from: Date.UTC(2026, 10, 23, 9), to: Date.UTC(2026, 10, 23, 13), intervalSeconds: 60 }, // the documented window, per minute
      { from: Date.UTC(2026, 10, 23, 9), to: Date.UTC(2026, 10, 23, 13), intervalSeconds: 3_600 },
      { from: RECENT - 86_400_000, to: RECENT + 7_200_000, intervalSeconds: 600 }, // the last day
    ];
    let nonEmpty = 0;
    for (const range of ranges) {
      const queries = grafanaQueries(range);
      expect(queries.length).toBeGreaterThanOrEqual(12);
      for (const q of queries) {
        // Any node: a read reaches one replica per shard, and the alerts were just inserted (wait for replication).
        const onSingle = asSet(await rows(single.url, q));
        if (onSingle.length > 0 && !/^\{"[a-z_]+":"?0"?\}$/.test(onSingle[0]!)) nonEmpty += 1;
        await expect
          .poll(async () => asSet(await rows(shardNode(1, 2).url, q)), { timeout: 30_000, interval: 250, message: q })
          .toEqual(onSingle);
      }
    }
    // The comparison means something only if most panels have data in these ranges.
    expect(nonEmpty).toBeGreaterThanOrEqual(30);
  });

  it('a replica killed mid-stream catches up after restart: nothing lost on either replica', async () => {
    const insert = insertMentions(store);
    const victim = shardNode(1, 2);
    const batch = (from: number, n: number): ScoredMention[] =>
      Array.from({ length: n }, (_, k) => ({
        ...mention(from + k, 1, 'negative'),
        matches: [{ watch: 'replica-kill', entities: [] }],
      }));
    expect((await insert(batch(0, 300))).ok).toBe(true);
    await cluster.kill(victim);
    for (let k = 300; k < 900; k += 100) {
      const r = await insert(batch(k, 100)); // the shard's other replica takes the writes
      if (!r.ok) throw r.error;
    }
    const q = "SELECT count() AS n FROM vakt.mentions_local FINAL WHERE watch = 'replica-kill'";
    const [onSurvivor] = await rows<{ n: string }>(shardNode(1, 1).url, q);
    await cluster.restart(victim);
    await expect.poll(() => rows(victim.url, q), { timeout: 60_000, interval: 500 }).toEqual([onSurvivor]);
    const [total] = await rows<{ n: string }>(
      victim.url,
      "SELECT count() AS n FROM vakt.mentions FINAL WHERE watch = 'replica-kill'",
    );
    expect(total).toEqual({ n: '900' });
  });

  it('a whole shard down fails the insert as retriable (the sink retries, nothing is dropped); the retry lands when it returns', async () => {
    const insert = insertMentions(store);
    const batch = Array.from({ length: 200 }, (_, k) => ({
      ...mention(k, 1, 'positive'),
      matches: [{ watch: 'shard-down', entities: [] }],
    }));
    const shard2 = cluster.nodes.filter((n) => n.shard === 2);
    for (const n of shard2) await cluster.kill(n);
    const down = await insert(batch);
    expect(down.ok).toBe(false);
    expect(!down.ok && { code: down.error.code, retriable: down.error.retriable }).toEqual({
      code: expect.stringMatching(/^VAKT_CLICKHOUSE_/),
      retriable: true,
    });
    for (const n of shard2) await cluster.restart(n);
    const again = await insert(batch);
    if (!again.ok) throw again.error;
    // Reads pick any replica of a shard; the one that did not take the insert has it once replication catches up.
    const q = "SELECT count() AS n FROM vakt.mentions FINAL WHERE watch = 'shard-down'";
    await expect.poll(() => rows(shardNode(1, 1).url, q), { timeout: 60_000, interval: 500 }).toEqual([{ n: '200' }]);
    for (const n of shard2) {
      await expect
        .poll(() => rows(n.url, q.replace('vakt.mentions ', 'vakt.mentions_local ')), {
          timeout: 60_000,
          interval: 500,
        })
        .not.toEqual([{ n: '0' }]);
    }
  });

  it('moving a single-node store to the cluster as infra/README.md says: the same answers for every table, rollups filled by the views', async () => {
    const moved = Array.from({ length: 300 }, (_, i) => ({
      ...mention(i, 1, LABELS[i % 3]!),
      matches: [{ watch: 'moved', entities: ['faktura'] }],
    }));
    const r = await insertMentions(singleStore)(moved);
    if (!r.ok) throw r.error;
    const movedAlerts = alerts().map((a) => ({
      ...a,
      fingerprint: `moved-${a.fingerprint}`,
      labels: { ...a.labels, watch: 'moved' },
    }));
    const a = await insertAlerts(singleStore)([
      ...movedAlerts,
      { ...movedAlerts[0]!, status: 'resolved', endsAt: movedAlerts[1]!.startsAt, updatedAt: movedAlerts[1]!.startsAt },
    ]);
    if (!a.ok) throw a.error;
    const letter = (k: number) => ({
      schemaVersion: 1 as const,
      code: 'VAKT_SCHEMA_INVALID',
      reason: 'r',
      stage: 'moved',
      failed_at: '2026-11-23T10:00:00.000Z',
      raw_truncated: `{"n":${k}}`,
      raw_bytes: 8,
      origin: { topic: 'vakt.mentions.raw', partition: k % 3, offset: String(k), key: null },
    });
    const d = await insertDeadLetters(singleStore)(Array.from({ length: 20 }, (_, k) => letter(k)));
    if (!d.ok) throw d.error;
    for (const [k, id] of ['m-1', 'm-2', 'm-1'].entries()) {
      const c = await correctLabel(singleStore, { now: () => Date.UTC(2026, 11, 1) + k })({
        watch: 'moved',
        source: 'rss',
        id,
        label: k === 2 ? 'neutral' : 'positive',
        by: `analyst-${k}`,
      });
      if (!c.ok) throw c.error;
    }
    const tcpPort = /<tcp_port>(\d+)<\/tcp_port>/.exec(readFileSync(`${single.dataDir}/config.xml`, 'utf8'))![1];
    // The documented statement, per table, run on any cluster node.
    const move = [
      ['mentions', "watch = 'moved'"],
      ['alerts', "watch = 'moved'"],
      ['dead_letters', "stage = 'moved'"],
      ['label_corrections', "watch = 'moved'"],
    ];
    for (const [table, where] of move) {
      const res = await fetch(`${shardNode(1, 2).url}/?insert_distributed_sync=1`, {
        method: 'POST',
        body: `INSERT INTO vakt.${table} SELECT * FROM remote('127.0.0.1:${tcpPort}', vakt.${table}) WHERE ${where}`,
      });
      expect(res.status, await res.text()).toBe(200);
    }
    const queries = [
      "SELECT label, count() AS n, sum(reach) AS reach FROM vakt.mentions FINAL WHERE watch = 'moved' GROUP BY label ORDER BY label",
      "SELECT label, uniqExactMerge(mentions) AS n FROM vakt.mentions_per_minute_v1 WHERE watch = 'moved' GROUP BY label ORDER BY label",
      "SELECT entity, uniqExactMerge(mentions) AS n FROM vakt.entity_mentions_per_minute_v1 WHERE watch = 'moved' GROUP BY entity",
      // Lifecycle rows of one episode replace each other on one shard: the latest status per fingerprint.
      "SELECT fingerprint, status, starts_at FROM vakt.alerts FINAL WHERE watch = 'moved' ORDER BY fingerprint",
      "SELECT count() AS n, uniqExact(origin_offset) AS offsets FROM vakt.dead_letters FINAL WHERE stage = 'moved'",
      // The later correction of m-1 wins, across shards too.
      "SELECT id, label, corrected_by FROM vakt.label_corrections FINAL WHERE watch = 'moved' ORDER BY id",
    ];
    for (const q of queries) {
      const onSingle = await rows(single.url, q);
      expect(onSingle.length, q).toBeGreaterThan(0);
      // A read may reach the replica that did not take the insert: it has the rows once replication catches up.
      await expect
        .poll(() => rows(shardNode(2, 1).url, q), { timeout: 30_000, interval: 250, message: q })
        .toEqual(onSingle);
    }
  });
});
