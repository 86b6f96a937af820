import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreClient, type StoreClient } from '@vakt/store/client';
import { applyRetention, eraseAuthor } from '@vakt/store/privacy';
import { insertMentions } from '@vakt/store/tables/mentions';
import { insertDeadLetters } from '@vakt/store/tables/dead-letters';
import { correctLabel } from '@vakt/store/tables/label-corrections';
import { startClickHouseCluster, type ClickHouseCluster } from './clickhouse-cluster.js';

/**
 * GDPR erasure and retention on the cluster schema (CLICKHOUSE_CLUSTER) of a real 2 shards × 2 replicas
 * clickhouse-server 18.16 cluster: the rows live in replicated `*_local` tables behind Distributed ones, which refuse
 * ALTER … DELETE and DROP PARTITION. Every check reads each node's own `*_local` table, so a row left on any replica
 * of any shard fails the test.
 */
type ScoredMention = Parameters<ReturnType<typeof insertMentions>>[0][number];

const VICTIM = { id: 'id-victim', handle: "o'victim" }; // a quote in the handle: the statement goes through the DDL queue
const N = 60; // per author: enough keys that both shards hold some of each

function mention(
  id: string,
  createdAt: string,
  watches: string[],
  author: { id: string; handle: string },
): ScoredMention {
  return {
    schemaVersion: 1,
    id,
    source: 'x',
    text: `Fakturan ${id} är fel`,
    created_at: createdAt,
    ingested_at: createdAt,
    url: `https://example.test/${id}`,
    author: { ...author, followers: 10 },
    engagement: { reposts: 0, replies: 0, likes: 1, quotes: 0 },
    matches: watches.map((watch) => ({ watch, entities: ['faktura'] })),
    sentiment: {
      label: 'negative',
      score: -0.6,
      confidence: 0.8,
      lang: 'sv',
      p_neg: 0.8,
      p_neu: 0.1,
      p_pos: 0.1,
      model: 'lexicon-only',
      disagreement: false,
      explanation: [],
    },
    scored_at: createdAt,
  };
}

async function rows<T>(url: string, query: string): Promise<T[]> {
  const res = await fetch(`${url}/?database=vakt`, { method: 'POST', body: `${query}\nFORMAT JSONEachRow` });
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 500)} for: ${query}`);
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as T);
}

describe('erasure and retention on a ClickHouse cluster (2 shards × 2 replicas, 18.16)', () => {
  let cluster: ClickHouseCluster;
  let store: StoreClient;
  /** `query` (a count named n) on every node, as numbers in node order. */
  const onEveryNode = async (query: string): Promise<number[]> =>
    Promise.all(cluster.nodes.map(async (n) => Number((await rows<{ n: string }>(n.url, query))[0]!.n)));
  /** Polls until every node answers `expected` (the second replica of a shard follows through the replication log). */
  const settlesTo = (query: string, expected: (nodes: number[]) => boolean, message: string) =>
    expect.poll(() => onEveryNode(query), { timeout: 60_000, interval: 250, message }).toSatisfy(expected);
  /** Both replicas of each shard answer the same. */
  const replicasAgree = (n: number[]): boolean =>
    [1, 2].every((s) => new Set(n.filter((_, i) => cluster.nodes[i]!.shard === s)).size === 1);
  /** One replica of each shard, added up: the whole table. */
  const sumShards = (n: number[]): number =>
    n[cluster.nodes.findIndex((x) => x.shard === 1)]! + n[cluster.nodes.findIndex((x) => x.shard === 2)]!;
  /** Reads through a Distributed table may reach either replica: wait until both have what was inserted. */
  const replicated = (table: string, where: string, total: number) =>
    settlesTo(
      `SELECT count() AS n FROM vakt.${table} WHERE ${where}`,
      (n) => replicasAgree(n) && sumShards(n) === total,
      `${table} replicated`,
    );

  beforeAll(async () => {
    cluster = await startClickHouseCluster();
    store = await createStoreClient({
      mode: 'server',
      url: cluster.nodes[0]!.url,
      database: 'vakt',
      cluster: cluster.name,
    }).catch((e: Error) => {
      throw new Error(`${e.message}\n${cluster.report()}`, { cause: e });
    });
  }, 240_000);
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
  }, 120_000);

  it('eraseAuthor removes the author from every replica of every shard: mentions, label corrections, dead letters; rollups keep the counts', async () => {
    const at = '2026-11-22T10:00:00.000Z';
    const victim = Array.from({ length: N }, (_, i) => mention(`v-${i}`, at, ['erase', 'erase-2'], VICTIM));
    const others = Array.from({ length: N }, (_, i) =>
      mention(`o-${i}`, at, ['erase'], { id: 'id-other', handle: 'other' }),
    );
    const inserted = await insertMentions(store)([...victim, ...others]);
    if (!inserted.ok) throw inserted.error;
    await replicated('mentions_local', "watch = 'erase'", 2 * N);
    for (const id of ['v-1', 'o-1']) {
      const c = await correctLabel(store)({ watch: 'erase', source: 'x', id, label: 'neutral', by: 'analyst' });
      expect(c.ok && c.value !== undefined, `correction of ${id}`).toBe(true);
    }
    const letter = (raw: string, failedAt: string) => ({
      schemaVersion: 1 as const,
      code: 'VAKT_SCHEMA_INVALID',
      reason: 'r',
      stage: 'erase-test',
      failed_at: failedAt,
      raw_truncated: raw,
      raw_bytes: raw.length,
    });
    const dl = await insertDeadLetters(store)([
      letter(`{"author":{"handle":${JSON.stringify(VICTIM.handle)}}}`, at),
      letter('{"author":{"handle":"other"}}', '2026-11-22T10:00:01.000Z'),
    ]);
    if (!dl.ok) throw dl.error;
    await replicated('label_corrections_local', '1', 2);
    await replicated('dead_letters_local', "stage = 'erase-test'", 2);
    const byVictim = `author_id = '${VICTIM.id}' OR author = 'o''victim'`;
    // Both shards hold some of the victim's rows, so a delete that reached one shard only would fail below.
    const victimPerShard = await Promise.all(
      [1, 2].map((s) =>
        rows<{ n: string }>(
          cluster.nodes.find((n) => n.shard === s)!.url,
          `SELECT count() AS n FROM vakt.mentions_local WHERE ${byVictim}`,
        ),
      ),
    );
    expect(victimPerShard.map((r) => Number(r[0]!.n) > 0)).toEqual([true, true]);

    const r = await eraseAuthor(store)({ authorId: VICTIM.id, handle: VICTIM.handle });
    if (!r.ok) throw r.error;
    expect(r.value.deleted).toEqual({ mentions: 2 * N, label_corrections: 1, dead_letters: 1 });
    expect(r.value.forget?.keys.length).toBe(N);

    await settlesTo(
      `SELECT count() AS n FROM vakt.mentions_local WHERE ${byVictim}`,
      (n) => n.every((x) => x === 0),
      'victim mentions on some replica',
    );
    await settlesTo(
      `SELECT count() AS n FROM vakt.label_corrections_local WHERE ${byVictim}`,
      (n) => n.every((x) => x === 0),
      'victim corrections on some replica',
    );
    await settlesTo(
      "SELECT count() AS n FROM vakt.dead_letters_local WHERE position(raw_truncated, 'victim') > 0",
      (n) => n.every((x) => x === 0),
      'victim dead letters on some replica',
    );
    // Nobody else's rows went: each shard's two replicas agree, and the shards add up to everyone else's mentions.
    const othersLeft = await onEveryNode("SELECT count() AS n FROM vakt.mentions_local WHERE author_id = 'id-other'");
    const shardOf = cluster.nodes.map((n) => n.shard);
    expect(othersLeft[shardOf.indexOf(1)]! + othersLeft[shardOf.indexOf(2)]!).toBe(N);
    const [distributed] = await rows<{ n: string }>(
      cluster.nodes[3]!.url,
      "SELECT count() AS n FROM vakt.label_corrections FINAL WHERE author_id = 'id-other'",
    );
    expect(distributed).toEqual({ n: '1' });
    // One mutation per shard (the leader replica ran it, the other followed), never one per replica.
    await settlesTo(
      "SELECT count() AS n FROM system.mutations WHERE database = 'vakt' AND table = 'mentions_local'",
      (n) => n.every((x) => x === 1),
      'one mutation per shard',
    );
    // The rollups keep the anonymous counts: volumes stay true after an erasure.
    const [rollup] = await rows<{ n: string }>(
      cluster.nodes[2]!.url,
      "SELECT uniqExactMerge(mentions) AS n FROM vakt.mentions_per_minute_v1 WHERE watch = 'erase'",
    );
    expect(rollup).toEqual({ n: String(2 * N) });
  });

  it('applyRetention for one watch, then for all: old rows and whole old partitions go from every replica of every shard, rollups included', async () => {
    const months = [
      '2025-01-15T00:00:00.000Z',
      '2026-10-02T00:00:00.000Z',
      '2026-10-30T00:00:00.000Z',
      '2026-11-22T00:00:00.000Z',
    ];
    const all = ['ret-a', 'ret-b'].flatMap((watch) =>
      months.flatMap((t, m) =>
        Array.from({ length: 20 }, (_, i) => mention(`${watch}-${m}-${i}`, t, [watch], { id: 'id-r', handle: 'r' })),
      ),
    );
    const inserted = await insertMentions(store)(all);
    if (!inserted.ok) throw inserted.error;
    const old = await insertDeadLetters(store)([
      {
        schemaVersion: 1,
        code: 'VAKT_SCHEMA_INVALID',
        reason: 'r',
        stage: 'retention-test',
        failed_at: '2025-01-15T00:00:00.000Z',
        raw_truncated: '{}',
        raw_bytes: 2,
      },
    ]);
    if (!old.ok) throw old.error;
    await replicated('mentions_local', "watch LIKE 'ret-%'", 160);
    await replicated('dead_letters_local', "stage = 'retention-test'", 1);
    const now = () => Date.parse('2026-11-23T00:00:00Z'); // 30 days: cutoff 2026-10-24
    const cutoff = "toDateTime('2026-10-24 00:00:00', 'UTC')";

    const one = await applyRetention(store, { now })({ watch: 'ret-a', days: 30 });
    if (!one.ok) throw one.error;
    expect(one.value.deleted).toMatchObject({ mentions: 40, alerts: 0 });
    expect(one.value.deleted['mentions_per_minute_v1']).toBeGreaterThan(0);
    await settlesTo(
      `SELECT count() AS n FROM vakt.mentions_local WHERE watch = 'ret-a'`,
      (n) => replicasAgree(n) && sumShards(n) === 40,
      'ret-a keeps its 40 rows since the cutoff',
    );
    await settlesTo(
      `SELECT count() AS n FROM vakt.mentions_local WHERE watch = 'ret-b'`,
      (n) => replicasAgree(n) && sumShards(n) === 80,
      'ret-b untouched',
    );
    await settlesTo(
      `SELECT count() AS n FROM vakt.mentions_per_minute_v1_local WHERE watch = 'ret-a' AND minute < ${cutoff}`,
      (n) => n.every((x) => x === 0),
      'ret-a old rollups',
    );

    const every = await applyRetention(store, { now })({ days: 30 });
    if (!every.ok) throw every.error;
    // Partitions are listed on every shard, so the old month is dropped even where this node's shard lacks it.
    expect(every.value.droppedPartitions['mentions']).toContain('202501');
    expect(every.value.droppedPartitions['mentions']).not.toContain('202610');
    expect(every.value.droppedPartitions['dead_letters']).toContain('202501');
    for (const [table, time] of [
      ['mentions_local', 'created_at'],
      ['mentions_per_minute_v1_local', 'minute'],
      ['entity_mentions_per_minute_v1_local', 'minute'],
      ['dead_letters_local', 'failed_at'],
    ] as const) {
      await settlesTo(
        `SELECT count() AS n FROM vakt.${table} WHERE ${time} < ${cutoff}`,
        (n) => n.every((x) => x === 0),
        `${table} older than the cutoff`,
      );
    }
    await settlesTo(
      "SELECT count() AS n FROM system.parts WHERE database = 'vakt' AND table = 'mentions_local' AND active AND partition = '202501'",
      (n) => n.every((x) => x === 0),
      'partition 202501 of mentions_local',
    );
    await settlesTo(
      `SELECT count() AS n FROM vakt.mentions_local WHERE watch = 'ret-b'`,
      (n) => replicasAgree(n) && sumShards(n) === 40,
      'ret-b keeps what is newer than the cutoff',
    );
  });
});
