-- Table constraints (PK, UNIQUE, CHECK, EXCLUDE, FK). NOT NULL rows (contype 'n', PostgreSQL 18+) are left out:
-- nullability is a column property on every version. Constraints cloned onto partitions (conparentid <> 0) are
-- left out too: they are the parent's constraint, not new ones.
SELECT coalesce(json_agg(json_build_object(
  'relOid', c.oid::bigint,
  'table', n.nspname || '.' || c.relname,
  'name', k.conname,
  'type', k.contype,
  'columns', (SELECT coalesce(json_agg(a.attname ORDER BY u.ord), '[]')
              FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum),
  'refTable', CASE WHEN k.contype = 'f' THEN (SELECT rn.nspname || '.' || rc.relname FROM pg_class rc
              JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = k.confrelid) END,
  'refColumns', CASE WHEN k.contype = 'f' THEN (SELECT coalesce(json_agg(a.attname ORDER BY u.ord), '[]')
              FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum) END,
  'onDelete', k.confdeltype,
  'onUpdate', k.confupdtype,
  'match', k.confmatchtype,
  'deferrable', k.condeferrable,
  'deferred', k.condeferred,
  'validated', k.convalidated,
  'index', CASE WHEN k.contype IN ('p', 'u', 'x') AND k.conindid <> 0 THEN
              (SELECT ino.nspname || '.' || ic.relname FROM pg_class ic JOIN pg_namespace ino ON ino.oid = ic.relnamespace
               WHERE ic.oid = k.conindid) END,
  'definition', pg_get_constraintdef(k.oid, true),
  'comment', d.description
) ORDER BY n.nspname, c.relname, k.conname), '[]') AS result
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_constraint'::regclass AND d.objoid = k.oid AND d.objsubid = 0
WHERE k.contype IN ('p', 'u', 'c', 'x', 'f')
  AND k.conparentid = 0
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
