-- User-defined enums (labels in sort order), domains (with their CHECK constraints) and composite types.
SELECT coalesce(json_agg(x), '[]') AS result FROM (SELECT
  t.oid::bigint AS "oid",
  n.nspname AS "schema",
  t.typname AS "name",
  t.typtype AS "kind",
  CASE WHEN t.typtype = 'e' THEN
    (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) END AS "labels",
  CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS "baseType",
  t.typnotnull AS "notNull",
  t.typdefault AS "default",
  CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN
    (SELECT co.collname FROM pg_collation co WHERE co.oid = t.typcollation) END AS "collation",
  CASE WHEN t.typtype = 'd' THEN
    (SELECT coalesce(json_agg(json_build_object('name', k.conname, 'definition', pg_get_constraintdef(k.oid, true))
                              ORDER BY k.conname), '[]')
     FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c') END AS "constraints",
  CASE WHEN t.typtype = 'c' THEN
    (SELECT coalesce(json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod))
                              ORDER BY a.attnum), '[]')
     FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END AS "attributes",
  pg_get_userbyid(t.typowner) AS "owner",
  d.description AS "comment"
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_class tc ON tc.oid = t.typrelid
LEFT JOIN pg_description d ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND tc.relkind = 'c'))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = t.typrelid AND e.deptype = 'e')
) x
