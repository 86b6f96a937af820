-- vakt:requires sql_users
-- The analysts' read-only user on every node (see ../004_analyst_user.sql). Skipped on 18.16, whose users live in
-- users.xml (infra/clickhouse generates it on every node).
CREATE USER IF NOT EXISTS vakt_analyst ON CLUSTER {cluster} IDENTIFIED WITH sha256_password BY {analyst_password} SETTINGS readonly = 1;
GRANT ON CLUSTER {cluster} SELECT ON vakt.* TO vakt_analyst;
