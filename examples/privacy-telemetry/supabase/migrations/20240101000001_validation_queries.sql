-- 20240101000001_validation_queries.sql
-- Validation queries run right after the initial schema. Read-only: they only report,
-- so they are safe to run on an empty database and change nothing.

-- 1. Tables in public and whether RLS is enabled on them
SELECT c.relname AS table_name,
       c.relrowsecurity AS rls_enabled,
       (SELECT count(*) FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname) AS policy_count
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r'
ORDER BY c.relname;

-- 2. Expected indexes from the initial schema that are missing
SELECT expected.indexname AS missing_index
FROM (VALUES
  ('idx_users_email'), ('idx_sessions_user_id'), ('idx_sessions_token'), ('idx_sessions_expires_at'),
  ('idx_events_user_id_timestamp'), ('idx_events_file_path'), ('idx_events_event_type'),
  ('idx_patterns_user_id'), ('idx_relationships_user_id'),
  ('idx_organization_members_user_id'), ('idx_organization_members_org_id'),
  ('idx_workflows_user_id'), ('idx_workflows_org_id')
) AS expected (indexname)
WHERE NOT EXISTS (SELECT 1 FROM pg_indexes i WHERE i.schemaname = 'public' AND i.indexname = expected.indexname);

-- 3. updatedAt triggers present
SELECT t.tgname AS trigger_name, c.relname AS table_name
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND NOT t.tgisinternal AND t.tgname LIKE 'update\_%\_updated\_at'
ORDER BY c.relname;

-- 4. Foreign keys without a supporting index (informational)
SELECT con.conrelid::regclass AS table_name, con.conname AS constraint_name
FROM pg_constraint con
WHERE con.contype = 'f'
  AND con.connamespace = 'public'::regnamespace
  AND NOT EXISTS (
    SELECT 1 FROM pg_index i
    WHERE i.indrelid = con.conrelid
      AND (i.indkey::int2[])[0:array_length(con.conkey, 1) - 1] = con.conkey
  )
ORDER BY 1, 2;

-- 5. Warn (do not fail) about tables without RLS
DO $$
DECLARE
  _t record;
BEGIN
  FOR _t IN
    SELECT c.relname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relrowsecurity
    ORDER BY c.relname
  LOOP
    RAISE WARNING 'validation: RLS is not enabled on public.%', _t.relname;
  END LOOP;
END;
$$;
