-- 20240101000002_enhanced_policies.sql
-- Service role policies (background jobs run as service_role), monitoring functions,
-- data-management helpers.

-- ===========================================================================
-- Service role bypass policies
-- ===========================================================================
CREATE POLICY "Service role bypass" ON users
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON sessions
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON events
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON patterns
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON relationships
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON subscriptions
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON utm_tracks
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON cohorts
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON feature_flags
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON offers
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON roles
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON audit_logs
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON retention_policies
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON organizations
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON organization_members
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON workflows
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON workflow_versions
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON workflow_executions
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
CREATE POLICY "Service role bypass" ON user_integrations
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');

-- ===========================================================================
-- Monitoring functions
-- ===========================================================================
CREATE OR REPLACE FUNCTION get_table_sizes()
RETURNS TABLE (
  table_name    text,
  row_estimate  bigint,
  total_bytes   bigint,
  table_bytes   bigint,
  index_bytes   bigint,
  toast_bytes   bigint,
  total_size    text
)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public, pg_catalog
AS $$
  SELECT c.relname::text,
         c.reltuples::bigint,
         pg_total_relation_size(c.oid),
         pg_relation_size(c.oid),
         pg_indexes_size(c.oid),
         coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0::oid)), 0),
         pg_size_pretty(pg_total_relation_size(c.oid))
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  ORDER BY pg_total_relation_size(c.oid) DESC;
$$;
COMMENT ON FUNCTION get_table_sizes() IS 'Get table size statistics';

CREATE OR REPLACE FUNCTION get_index_usage()
RETURNS TABLE (
  table_name  text,
  index_name  text,
  idx_scan    bigint,
  idx_tup_read bigint,
  idx_tup_fetch bigint,
  index_size  text,
  is_unused   boolean
)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public, pg_catalog
AS $$
  SELECT s.relname::text,
         s.indexrelname::text,
         s.idx_scan,
         s.idx_tup_read,
         s.idx_tup_fetch,
         pg_size_pretty(pg_relation_size(s.indexrelid)),
         (s.idx_scan = 0)
  FROM pg_catalog.pg_stat_user_indexes s
  WHERE s.schemaname = 'public'
  ORDER BY s.idx_scan ASC, pg_relation_size(s.indexrelid) DESC;
$$;
COMMENT ON FUNCTION get_index_usage() IS 'Get index usage statistics';

-- ===========================================================================
-- Data management
-- ===========================================================================

-- Log an RLS violation into audit_logs. attempted_user_id may not be a known user,
-- in which case it is kept in metadata only ("userId" is a foreign key to users).
CREATE OR REPLACE FUNCTION audit_rls_violation(table_name text, attempted_user_id uuid, operation text)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
  INSERT INTO audit_logs ("userId", action, resource, "resourceId", metadata)
  VALUES (
    (SELECT u.id FROM users u WHERE u.id = attempted_user_id),
    'rls_violation',
    table_name,
    NULL,
    jsonb_build_object(
      'attempted_user_id', attempted_user_id,
      'operation',         upper(operation),
      'db_role',           current_user,
      'jwt_role',          auth.role()
    )
  );
END;
$$;
COMMENT ON FUNCTION audit_rls_violation(text, uuid, text) IS 'Log RLS violations';

-- Delete rows older than each enabled retention policy. The age column is detected
-- per table (first match of "timestamp", "createdAt", ts, created_at, occurred_at).
CREATE OR REPLACE FUNCTION cleanup_retention_data()
RETURNS TABLE (table_name text, deleted_rows bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  _p       record;
  _column  text;
  _deleted bigint;
BEGIN
  FOR _p IN
    SELECT rp.id, rp."tableName", rp."retentionDays"
    FROM retention_policies rp
    WHERE rp.enabled
    ORDER BY rp."tableName"
  LOOP
    IF to_regclass(format('public.%I', _p."tableName")) IS NULL THEN
      RAISE WARNING 'cleanup_retention_data: table % does not exist, skipping', _p."tableName";
      CONTINUE;
    END IF;

    SELECT c.column_name INTO _column
    FROM information_schema.columns c
    WHERE c.table_schema = 'public'
      AND c.table_name = _p."tableName"
      AND c.column_name IN ('timestamp', 'createdAt', 'ts', 'created_at', 'occurred_at')
    ORDER BY array_position(ARRAY['timestamp', 'createdAt', 'ts', 'created_at', 'occurred_at']::text[], c.column_name::text)
    LIMIT 1;

    IF _column IS NULL THEN
      RAISE WARNING 'cleanup_retention_data: no timestamp column on %, skipping', _p."tableName";
      CONTINUE;
    END IF;

    EXECUTE format('DELETE FROM public.%I WHERE %I < now() - make_interval(days => $1)', _p."tableName", _column)
      USING _p."retentionDays";
    GET DIAGNOSTICS _deleted = ROW_COUNT;

    UPDATE retention_policies SET "lastRun" = now() WHERE id = _p.id;

    table_name   := _p."tableName";
    deleted_rows := _deleted;
    RETURN NEXT;
  END LOOP;
END;
$$;
COMMENT ON FUNCTION cleanup_retention_data() IS 'Clean up old data based on retention policies';
