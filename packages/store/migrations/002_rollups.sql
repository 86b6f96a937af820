-- Per-minute rollups, correct before merges and under replays: the count is uniqExactState(source, id), a set of
-- mention keys, so inserting the same mention twice adds the same key twice and uniqExactMerge counts it once.
-- A plain count()/SummingMergeTree would double-count replays until (and unless) the source table merged.
-- Read with uniqExactMerge(mentions) GROUP BY the coarser key you want (hour, day, watch, label, ...).
CREATE TABLE IF NOT EXISTS vakt.mentions_per_minute_v1
(
    minute DateTime('UTC'),
    watch String,
    source String,
    lang String,
    label Enum8('negative' = -1, 'neutral' = 0, 'positive' = 1),
    mentions AggregateFunction(uniqExact, String, String)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(minute)
ORDER BY (watch, minute, source, lang, label);

CREATE MATERIALIZED VIEW IF NOT EXISTS vakt.mentions_per_minute_mv_v1 TO vakt.mentions_per_minute_v1
AS SELECT
    toStartOfMinute(created_at) AS minute,
    watch,
    source,
    lang,
    label,
    uniqExactState(source, id) AS mentions
FROM vakt.mentions
GROUP BY minute, watch, source, lang, label;

-- The same per sub-entity (service, touchpoint, person): one row per entity a mention hit (ARRAY JOIN).
CREATE TABLE IF NOT EXISTS vakt.entity_mentions_per_minute_v1
(
    minute DateTime('UTC'),
    watch String,
    entity String,
    label Enum8('negative' = -1, 'neutral' = 0, 'positive' = 1),
    mentions AggregateFunction(uniqExact, String, String)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(minute)
ORDER BY (watch, entity, minute, label);

CREATE MATERIALIZED VIEW IF NOT EXISTS vakt.entity_mentions_per_minute_mv_v1 TO vakt.entity_mentions_per_minute_v1
AS SELECT
    toStartOfMinute(created_at) AS minute,
    watch,
    entity,
    label,
    uniqExactState(source, id) AS mentions
FROM vakt.mentions
ARRAY JOIN entities AS entity
GROUP BY minute, watch, entity, label;
