-- Analysts' label corrections (issue 4, online adaptation): one row per (watch, source, id) correction. Correcting
-- the same mention again inserts a newer row; ReplacingMergeTree(corrected_ms) keeps the latest at merge time and
-- queries read FINAL, so they are exact before merges too. corrected_ms (not the second-precision corrected_at) is
-- the version, so two corrections within one second still order correctly.
-- The text, language and the model's label/score are copied at correction time: training (`vakt train
-- --add-corrections`) must not depend on the mention still being within retention. So retention does not touch
-- this table, but GDPR erasure does (author and author_id are kept for that, in the same form as vakt.mentions).
-- No partitioning: corrections are made by people, so the table stays small. Types work on 18.16 and chdb.
CREATE TABLE IF NOT EXISTS vakt.label_corrections
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
ENGINE = ReplacingMergeTree(corrected_ms)
ORDER BY (watch, source, id);
