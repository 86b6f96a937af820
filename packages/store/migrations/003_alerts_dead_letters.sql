-- Alerts: one row per firing episode (fingerprint, starts_at); every lifecycle change is a new row with a later
-- updated_ms and ReplacingMergeTree(updated_ms) keeps the latest. Read with FINAL. The *_iso columns keep the
-- wire timestamps exactly (DateTime has second precision).
-- The evidence's top mentions are stored as keys only (top_mentions): their text and author live in vakt.mentions,
-- so erasing an author there also removes them from every alert (queryAlerts rehydrates them).
CREATE TABLE IF NOT EXISTS vakt.alerts
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
ENGINE = ReplacingMergeTree(updated_ms)
PARTITION BY toYYYYMM(starts_at)
ORDER BY (fingerprint, starts_at);

-- Dead letters: what a stage gave up on, with the reason. Keyed by origin so a re-delivered poison message is one row.
CREATE TABLE IF NOT EXISTS vakt.dead_letters
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
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(failed_at)
ORDER BY (stage, code, origin_topic, origin_partition, origin_offset, failed_at);
