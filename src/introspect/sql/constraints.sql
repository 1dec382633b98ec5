-- Table constraints (PK, UNIQUE, CHECK, EXCLUDE, FK). NOT NULL rows (contype 'n', PostgreSQL 18+) are left out:
-- nullability is a column property on every version. Constraints cloned onto partitions (conparentid <> 0) are
-- left out too: they are the parent's constraint, not new ones.
SELECT coalesce(json_agg(x), '[]') AS result FROM (SELECT
  c.oid::bigint AS "relOid",
  n.nspname || '.' || c.relname AS "table",
  k.conname AS "name",
  k.contype AS "type",
  array_to_json(ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord)) AS "columns",
  CASE WHEN k.contype = 'f' THEN rn.nspname || '.' || rc.relname END AS "refTable",
  CASE WHEN k.contype = 'f' THEN
    array_to_json(ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
                        JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord)) END AS "refColumns",
  k.confdeltype AS "onDelete",
  k.confupdtype AS "onUpdate",
  k.confmatchtype AS "match",
  k.condeferrable AS "deferrable",
  k.condeferred AS "deferred",
  k.convalidated AS "validated",
  CASE WHEN k.contype IN ('p', 'u', 'x') AND k.conindid <> 0 THEN ino.nspname || '.' || ic.relname END AS "index",
  pg_get_constraintdef(k.oid, true) AS "definition",
  d.description AS "comment"
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
-- the referenced table (FKs; confrelid is 0 otherwise) and the index behind a PK, UNIQUE or EXCLUDE
LEFT JOIN pg_class rc ON rc.oid = k.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_class ic ON ic.oid = k.conindid
LEFT JOIN pg_namespace ino ON ino.oid = ic.relnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_constraint'::regclass AND d.objoid = k.oid AND d.objsubid = 0
WHERE k.contype IN ('p', 'u', 'c', 'x', 'f')
  AND k.conparentid = 0
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
) x
