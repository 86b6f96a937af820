-- Cluster schema (CLICKHOUSE_CLUSTER): vakt.mentions_local holds each shard's mentions, replicated between the
-- shard's replicas through ZooKeeper ({shard} and {replica} are the servers' macros); vakt.mentions is a Distributed
-- table over it that the sink writes to and everyone reads, so the SQL is the same as on one node.
-- The sharding key cityHash64(source, id) sends every version of one mention (and its copies for every watch) to one
-- shard, so ReplacingMergeTree's FINAL and uniqExact(source, id) stay exact across shards.
-- Columns as in ../001_mentions.sql. Every statement is ON CLUSTER and IF NOT EXISTS: running it again is a no-op.
CREATE TABLE IF NOT EXISTS vakt.mentions_local ON CLUSTER {cluster}
(
    watch String,
    source String,
    id String,
    url String,
    author String,
    author_id String,
    author_followers UInt64,
    text String,
    lang String,
    created_at DateTime('UTC'),
    ingested_at DateTime('UTC'),
    scored_at DateTime('UTC'),
    label Enum8('negative' = -1, 'neutral' = 0, 'positive' = 1),
    score Float32,
    confidence Float32,
    p_neg Float32,
    p_neu Float32,
    p_pos Float32,
    disagreement UInt8,
    model String,
    entities Array(String),
    reposts UInt32,
    replies UInt32,
    likes UInt32,
    quotes UInt32,
    reach UInt64,
    explanation String,
    version UInt64
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/vakt/mentions_local', '{replica}', version)
PARTITION BY toYYYYMM(created_at)
ORDER BY (watch, source, id);

CREATE TABLE IF NOT EXISTS vakt.mentions ON CLUSTER {cluster} AS vakt.mentions_local
ENGINE = Distributed({cluster}, 'vakt', 'mentions_local', cityHash64(source, id));
