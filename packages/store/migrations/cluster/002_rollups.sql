-- Cluster rollups: each shard's per-minute tables are replicated (ReplicatedAggregatingMergeTree), fed by a
-- materialized view on vakt.mentions_local on every node. A Distributed insert lands on one replica per shard; the
-- view fires there and its rows replicate like any other insert, so every replica holds the whole shard's rollup.
-- The Distributed tables keep the single-node names, and uniqExactMerge across shards is exact because each shard's
-- states are sets of (source, id) and one mention lives on one shard. Columns as in ../002_rollups.sql.
CREATE TABLE IF NOT EXISTS vakt.mentions_per_minute_v1_local ON CLUSTER {cluster}
(
    minute DateTime('UTC'),
    watch String,
    source String,
    lang String,
    label Enum8('negative' = -1, 'neutral' = 0, 'positive' = 1),
    mentions AggregateFunction(uniqExact, String, String)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/vakt/mentions_per_minute_v1_local', '{replica}')
PARTITION BY toYYYYMM(minute)
ORDER BY (watch, minute, source, lang, label);

CREATE MATERIALIZED VIEW IF NOT EXISTS vakt.mentions_per_minute_mv_v1 ON CLUSTER {cluster} TO vakt.mentions_per_minute_v1_local
AS SELECT
    toStartOfMinute(created_at) AS minute,
    watch,
    source,
    lang,
    label,
    uniqExactState(source, id) AS mentions
FROM vakt.mentions_local
GROUP BY minute, watch, source, lang, label;

CREATE TABLE IF NOT EXISTS vakt.mentions_per_minute_v1 ON CLUSTER {cluster} AS vakt.mentions_per_minute_v1_local
ENGINE = Distributed({cluster}, 'vakt', 'mentions_per_minute_v1_local', rand());

CREATE TABLE IF NOT EXISTS vakt.entity_mentions_per_minute_v1_local ON CLUSTER {cluster}
(
    minute DateTime('UTC'),
    watch String,
    entity String,
    label Enum8('negative' = -1, 'neutral' = 0, 'positive' = 1),
    mentions AggregateFunction(uniqExact, String, String)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/vakt/entity_mentions_per_minute_v1_local', '{replica}')
PARTITION BY toYYYYMM(minute)
ORDER BY (watch, entity, minute, label);

CREATE MATERIALIZED VIEW IF NOT EXISTS vakt.entity_mentions_per_minute_mv_v1 ON CLUSTER {cluster} TO vakt.entity_mentions_per_minute_v1_local
AS SELECT
    toStartOfMinute(created_at) AS minute,
    watch,
    entity,
    label,
    uniqExactState(source, id) AS mentions
FROM vakt.mentions_local
ARRAY JOIN entities AS entity
GROUP BY minute, watch, entity, label;

CREATE TABLE IF NOT EXISTS vakt.entity_mentions_per_minute_v1 ON CLUSTER {cluster} AS vakt.entity_mentions_per_minute_v1_local
ENGINE = Distributed({cluster}, 'vakt', 'entity_mentions_per_minute_v1_local', rand());
