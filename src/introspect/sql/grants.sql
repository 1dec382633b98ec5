-- Explicit privileges on tables, views, sequences, columns, schemas and functions. An owner's own privileges
-- are implied by ownership and left out; a NULL ACL (the built-in default) yields no rows. MAINTAIN (PostgreSQL
-- 17+, part of GRANT ALL there) is left out so that the same migrations give the same model on every version:
-- it allows VACUUM/ANALYZE/REINDEX, not access to data.
WITH user_ns AS (
  SELECT n.oid, n.nspname FROM pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
),
rel AS (
  SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'view' ELSE 'table' END AS kind,
         n.nspname || '.' || c.relname AS object, c.relowner AS owner, (aclexplode(c.relacl)).*
  FROM pg_class c JOIN user_ns n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') AND c.relacl IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
),
col AS (
  SELECT 'column' AS kind, n.nspname || '.' || c.relname || '.' || a.attname AS object, c.relowner AS owner,
         (aclexplode(a.attacl)).*
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN user_ns n ON n.oid = c.relnamespace
  WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
    AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
),
sch AS (
  SELECT 'schema' AS kind, n.nspname AS object, n.nspowner AS owner, (aclexplode(n.nspacl)).*
  FROM pg_namespace n JOIN user_ns u ON u.oid = n.oid
  WHERE n.nspacl IS NOT NULL
),
fn AS (
  SELECT 'function' AS kind, n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS object,
         p.proowner AS owner, (aclexplode(p.proacl)).*
  FROM pg_proc p JOIN user_ns n ON n.oid = p.pronamespace
  WHERE p.proacl IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
),
all_grants AS (
  SELECT * FROM rel UNION ALL SELECT * FROM col UNION ALL SELECT * FROM sch UNION ALL SELECT * FROM fn
)
-- The same privilege given by two grantors is one grant (grantable if either gave it WITH GRANT OPTION).
SELECT coalesce(json_agg(x), '[]') AS result FROM (SELECT
  g.kind AS "kind",
  g.object AS "object",
  CASE WHEN g.grantee = 0 THEN 'public' ELSE pg_get_userbyid(g.grantee) END AS "grantee",
  lower(g.privilege_type) AS "privilege",
  g.grantable AS "grantable"
FROM (
  SELECT kind, object, grantee, privilege_type, bool_or(is_grantable) AS grantable
  FROM all_grants
  WHERE grantee <> owner AND privilege_type <> 'MAINTAIN'
  GROUP BY kind, object, grantee, privilege_type
) g
) x
