-- Sequences, with the column that owns them (serial or identity).
SELECT coalesce(json_agg(x), '[]') AS result FROM (SELECT
  c.oid::bigint AS "oid",
  n.nspname AS "schema",
  c.relname AS "name",
  format_type(s.seqtypid, NULL) AS "type",
  s.seqstart::text AS "start",
  s.seqincrement::text AS "increment",
  s.seqmin::text AS "min",
  s.seqmax::text AS "max",
  s.seqcycle AS "cycle",
  (SELECT tn.nspname || '.' || tc.relname || '.' || a.attname
    FROM pg_depend dep
    JOIN pg_class tc ON tc.oid = dep.refobjid
    JOIN pg_namespace tn ON tn.oid = tc.relnamespace
    JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
    WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
      AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i') AND dep.refobjsubid > 0
    LIMIT 1) AS "ownedBy",
  pg_get_userbyid(c.relowner) AS "owner",
  d.description AS "comment"
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE c.relkind = 'S'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
) x
