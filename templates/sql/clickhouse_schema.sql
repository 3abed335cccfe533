-- The source tables as ClickHouse describes them, for the checks made before
-- any other query: one row per column of the tables {{tables}} (database,
-- table), in the table's own column order (system.columns keeps it; 18.16
-- has no position column), with the table's engine. A table that is missing
-- has no row, so the caller can name it (exit 1) instead of reading a query
-- error later. engine_full is "Distributed(cluster, database, table,
-- sharding_key)" for a Distributed table: users and events must name the
-- same cluster and the same sharding key, or a shard's users would not meet
-- their own events.
SELECT c.database AS database, c.table AS table, c.name AS column, c.type AS type,
       t.engine AS engine, t.engine_full AS engine_full
FROM system.columns AS c
ANY INNER JOIN
(
    SELECT database, name AS table, engine, engine_full
    FROM system.tables
    WHERE (database, name) IN ({{tables}})
) AS t USING (database, table)
WHERE (c.database, c.table) IN ({{tables}})
