-- One row per mention and watch. ReplacingMergeTree on (watch, source, id): a replayed mention is the same key,
-- so merges keep one row (the highest `version`, i.e. the latest scoring), and queries read with FINAL or
-- uniqExact(source, id) so they are exact before merges too. Partitioned by month of created_at so retention
-- drops whole partitions. Types chosen to work on ClickHouse 18.16 (no LowCardinality, no DateTime64) and on chdb.
CREATE TABLE IF NOT EXISTS vakt.mentions
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
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(created_at)
ORDER BY (watch, source, id);
