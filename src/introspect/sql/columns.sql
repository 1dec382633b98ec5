-- Columns of tables, views and materialized views (live columns only), with their types as format_type prints them.
SELECT coalesce(json_agg(x ORDER BY x."relOid", x.num), '[]') AS result FROM (SELECT
  c.oid::bigint AS "relOid",
  a.attname AS "name",
  a.attnum AS "num",
  format_type(a.atttypid, a.atttypmod) AS "type",
  CASE
    WHEN ut.typtype IN ('e', 'd') OR (ut.typtype = 'c' AND utc.relkind = 'c') THEN utn.nspname || '.' || ut.typname
  END AS "typeRef",
  a.attnotnull AS "notNull",
  CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS "default",
  a.attidentity AS "identity",
  CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS "generated",
  CASE WHEN a.attcollation <> t.typcollation THEN
    (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname) ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
     FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END AS "collation",
  d.description AS "comment"
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
-- the user-defined type behind the column: the type itself, or the element type of an array
LEFT JOIN pg_type ut ON ut.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
LEFT JOIN pg_namespace utn ON utn.oid = ut.typnamespace
LEFT JOIN pg_class utc ON utc.oid = ut.typrelid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
) x
