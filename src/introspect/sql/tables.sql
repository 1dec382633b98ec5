-- Tables: ordinary, partitioned, partitions and foreign tables (not views, sequences or indexes).
SELECT coalesce(json_agg(x), '[]') AS result FROM (SELECT
  c.oid::bigint AS "oid",
  n.nspname AS "schema",
  c.relname AS "name",
  c.relkind AS "relkind",
  c.relpersistence AS "persistence",
  c.relispartition AS "isPartition",
  (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits i
    JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
    WHERE i.inhrelid = c.oid AND c.relispartition) AS "partitionOf",
  CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS "partitionBound",
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS "partitionKey",
  (SELECT coalesce(json_agg(pn.nspname || '.' || pc.relname ORDER BY i.inhseqno), '[]') FROM pg_inherits i
    JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
    WHERE i.inhrelid = c.oid AND NOT c.relispartition) AS "inherits",
  c.relrowsecurity AS "rlsEnabled",
  c.relforcerowsecurity AS "rlsForced",
  pg_get_userbyid(c.relowner) AS "owner",
  d.description AS "comment",
  c.reltuples AS "reltuples"
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE c.relkind IN ('r', 'p', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
) x
