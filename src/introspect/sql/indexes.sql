-- Indexes on tables and materialized views. Index partitions attached to a partitioned index are left out:
-- they are the parent index, repeated per partition. Row columns are read through to_jsonb so that
-- columns newer than the oldest supported server (indnullsnotdistinct, PostgreSQL 15) read as null there.
SELECT coalesce(json_agg(x), '[]') AS result FROM (SELECT
  n.nspname || '.' || c.relname AS "table",
  n.nspname AS "schema",
  ic.relname AS "name",
  i.indisunique AS "unique",
  i.indisprimary AS "primary",
  n.nspname || '.' || c.relname || '.' || k.conname AS "constraint",
  am.amname AS "method",
  -- the key columns: indkey lists the INCLUDE columns after them; indclass, indcollation and indoption do not
  (SELECT coalesce(json_agg(json_build_object(
             'column', a.attname,
             'expression', CASE WHEN u.attnum = 0 THEN pg_get_indexdef(i.indexrelid, u.pos::int, true) END,
             'descending', (u.opt & 1) <> 0,
             'nullsFirst', (u.opt & 2) <> 0,
             'opclass', CASE WHEN oc.opcdefault THEN NULL
                             WHEN ocn.nspname = 'pg_catalog' THEN oc.opcname
                             ELSE ocn.nspname || '.' || oc.opcname END,
             'collation', CASE WHEN u.coll = 0 THEN NULL
                               WHEN u.attnum <> 0 AND u.coll = a.attcollation THEN NULL
                               ELSE co.collname END
           ) ORDER BY u.pos), '[]')
   FROM unnest(i.indkey::int2[], i.indclass::oid[], i.indcollation::oid[], i.indoption::int2[])
          WITH ORDINALITY AS u(attnum, opclass, coll, opt, pos)
   LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.attnum
   LEFT JOIN pg_opclass oc ON oc.oid = u.opclass
   LEFT JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
   LEFT JOIN pg_collation co ON co.oid = u.coll
   WHERE u.pos <= i.indnkeyatts) AS "keys",
  (SELECT coalesce(json_agg(a.attname ORDER BY k.pos), '[]')
   FROM generate_series(i.indnkeyatts + 1, i.indnatts) AS k(pos)
   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.pos - 1]) AS "include",
  pg_get_expr(i.indpred, i.indrelid, true) AS "predicate",
  i.indisvalid AS "valid",
  coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) AS "nullsNotDistinct",
  pg_get_indexdef(i.indexrelid) AS "definition",
  d.description AS "comment"
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam
-- the PK, UNIQUE or EXCLUDE constraint the index implements, if any (one at most)
LEFT JOIN pg_constraint k ON k.conrelid = i.indrelid AND k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x')
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = ic.oid AND d.objsubid = 0
WHERE c.relkind IN ('r', 'p', 'm')
  AND NOT ic.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
) x
