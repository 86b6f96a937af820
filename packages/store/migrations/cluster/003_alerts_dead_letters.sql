-- Cluster alerts and dead letters: replicated shards behind Distributed tables with the single-node names. Alerts
-- are sharded by fingerprint, so every lifecycle row of one episode replaces on one shard under FINAL; dead letters by
-- their origin, so a re-delivered poison message stays one row. Columns as in ../003_alerts_dead_letters.sql.
CREATE TABLE IF NOT EXISTS vakt.alerts_local ON CLUSTER {cluster}
(
    fingerprint String,
    starts_at DateTime('UTC'),
    status Enum8('firing' = 1, 'resolved' = 2),
    ends_at Nullable(DateTime('UTC')),
    updated_at DateTime('UTC'),
    updated_ms UInt64,
    starts_iso String,
    ends_iso String,
    updated_iso String,
    alertname String,
    watch String,
    series String,
    severity String,
    labels String,
    annotations String,
    evidence String,
    top_mentions String,
    generator_url String
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/vakt/alerts_local', '{replica}', updated_ms)
PARTITION BY toYYYYMM(starts_at)
ORDER BY (fingerprint, starts_at);

CREATE TABLE IF NOT EXISTS vakt.alerts ON CLUSTER {cluster} AS vakt.alerts_local
ENGINE = Distributed({cluster}, 'vakt', 'alerts_local', cityHash64(fingerprint));

CREATE TABLE IF NOT EXISTS vakt.dead_letters_local ON CLUSTER {cluster}
(
    failed_at DateTime('UTC'),
    stage String,
    code String,
    reason String,
    origin_topic String,
    origin_partition Int32,
    origin_offset String,
    origin_key Nullable(String),
    raw_truncated String,
    raw_bytes UInt64
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/vakt/dead_letters_local', '{replica}')
PARTITION BY toYYYYMM(failed_at)
ORDER BY (stage, code, origin_topic, origin_partition, origin_offset, failed_at);

CREATE TABLE IF NOT EXISTS vakt.dead_letters ON CLUSTER {cluster} AS vakt.dead_letters_local
ENGINE = Distributed({cluster}, 'vakt', 'dead_letters_local', cityHash64(origin_topic, origin_partition, origin_offset));
