-- Cluster label corrections: replicated shards behind a Distributed table, sharded like vakt.mentions so a
-- correction and its later corrections replace on one shard. Columns as in ../005_label_corrections.sql.
CREATE TABLE IF NOT EXISTS vakt.label_corrections_local ON CLUSTER {cluster}
(
    watch String,
    source String,
    id String,
    label Enum8('negative' = -1, 'neutral' = 0, 'positive' = 1),
    model_label Enum8('negative' = -1, 'neutral' = 0, 'positive' = 1),
    model_score Float32,
    model String,
    text String,
    lang String,
    author String,
    author_id String,
    created_at DateTime('UTC'),
    corrected_by String,
    corrected_at DateTime('UTC'),
    corrected_ms UInt64
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/vakt/label_corrections_local', '{replica}', corrected_ms)
ORDER BY (watch, source, id);

CREATE TABLE IF NOT EXISTS vakt.label_corrections ON CLUSTER {cluster} AS vakt.label_corrections_local
ENGINE = Distributed({cluster}, 'vakt', 'label_corrections_local', cityHash64(source, id));
