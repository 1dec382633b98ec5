-- Indexes on tables and materialized views. Index partitions attached to a partitioned index are left out:
-- they are the parent index, repeated per partition. Row columns are read through to_jsonb so that
-- columns newer than the oldest supported server (indnullsnotdistinct, PostgreSQL 15) read as null there.
SELECT coalesce(json_agg(json_build_object(
  'table', n.nspname || '.' || c.relname,
  'schema', n.nspname,
  'name', ic.relname,
  'unique', i.indisunique,
  'primary', i.indisprimary,
  'constraint', (SELECT n.nspname || '.' || c.relname || '.' || k.conname FROM pg_constraint k
                 WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')),
  'method', am.amname,
  'keys', (SELECT coalesce(json_agg(json_build_object(
             'column', CASE WHEN i.indkey[k.pos - 1] <> 0 THEN
                         (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k.pos - 1]) END,
             'expression', CASE WHEN i.indkey[k.pos - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k.pos, true) END,
             'descending', (i.indoption[k.pos - 1] & 1) <> 0,
             'nullsFirst', (i.indoption[k.pos - 1] & 2) <> 0,
             'opclass', (SELECT CASE WHEN oc.opcdefault THEN NULL
                                     WHEN ocn.nspname = 'pg_catalog' THEN oc.opcname
                                     ELSE ocn.nspname || '.' || oc.opcname END
                         FROM pg_opclass oc JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
                         WHERE oc.oid = i.indclass[k.pos - 1]),
             'collation', (SELECT CASE WHEN i.indcollation[k.pos - 1] = 0 THEN NULL
                                       WHEN i.indkey[k.pos - 1] <> 0 AND i.indcollation[k.pos - 1] =
                                            (SELECT a.attcollation FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k.pos - 1])
                                       THEN NULL
                                       ELSE (SELECT co.collname FROM pg_collation co WHERE co.oid = i.indcollation[k.pos - 1]) END)
           ) ORDER BY k.pos), '[]')
           FROM generate_series(1, i.indnkeyatts) AS k(pos)),
  'include', (SELECT coalesce(json_agg(a.attname ORDER BY k.pos), '[]')
              FROM generate_series(i.indnkeyatts + 1, i.indnatts) AS k(pos)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.pos - 1]),
  'predicate', pg_get_expr(i.indpred, i.indrelid, true),
  'valid', i.indisvalid,
  'nullsNotDistinct', coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false),
  'definition', pg_get_indexdef(i.indexrelid),
  'comment', d.description
) ORDER BY n.nspname, ic.relname), '[]') AS result
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = ic.oid AND d.objsubid = 0
WHERE c.relkind IN ('r', 'p', 'm')
  AND NOT ic.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
