-- vakt:requires sql_users
-- The analysts' read-only user, where the engine manages users in SQL (ClickHouse 20.5+ with a writable access
-- storage). Its password comes from the migration option `analystPassword` (VAKT_ANALYST_PASSWORD), or is random
-- and unknown until an admin runs ALTER USER. ClickHouse 18.16 has no SQL users: infra/clickhouse generates a
-- users.xml with the same user and profile instead. chdb is in-process and has no users: `vakt sql` is its door.
CREATE USER IF NOT EXISTS vakt_analyst IDENTIFIED WITH sha256_password BY {analyst_password} SETTINGS readonly = 1;
GRANT SELECT ON vakt.* TO vakt_analyst;
