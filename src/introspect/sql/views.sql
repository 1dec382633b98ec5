-- Views and materialized views, with the relations their definitions read.
SELECT coalesce(json_agg(x), '[]') AS result FROM (SELECT
  c.oid::bigint AS "oid",
  n.nspname AS "schema",
  c.relname AS "name",
  c.relkind = 'm' AS "materialized",
  pg_get_viewdef(c.oid, true) AS "definition",
  coalesce(to_json(c.reloptions), '[]') AS "options",
  pg_get_userbyid(c.relowner) AS "owner",
  d.description AS "comment",
  (SELECT coalesce(json_agg(DISTINCT dn.nspname || '.' || dc.relname), '[]')
    FROM pg_rewrite r
    JOIN pg_depend dep ON dep.classid = 'pg_rewrite'::regclass AND dep.objid = r.oid
                      AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid <> c.oid
    JOIN pg_class dc ON dc.oid = dep.refobjid
    JOIN pg_namespace dn ON dn.oid = dc.relnamespace
    WHERE r.ev_class = c.oid) AS "dependsOn"
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE c.relkind IN ('v', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
) x
