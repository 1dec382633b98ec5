-- 20250110000000_consolidated_rls_policies.sql
-- Consolidated RLS for all tables.
--   * helper functions so organization-aware policies don't recurse through
--     organization_members' own RLS (SECURITY DEFINER);
--   * organization-aware policies replace the owner-only ones from the initial schema;
--   * admin policies for the public-read catalogue tables and audit logs;
--   * RLS for the analytics tables created by 000000000800_upsert_functions.sql.
-- Privacy tables (telemetry_events, privacy_transparency_log, privacy_prefs) keep their
-- zero-trust policies from 20240101000003 untouched: no admin or service-role bypass.

-- ===========================================================================
-- Helper functions
-- ===========================================================================
CREATE OR REPLACE FUNCTION is_admin()
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT coalesce(auth.jwt() -> 'app_metadata' ->> 'role', '') = 'admin';
$$;
COMMENT ON FUNCTION is_admin() IS 'Check if user is admin';

CREATE OR REPLACE FUNCTION is_org_member(org_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT EXISTS (
    SELECT 1 FROM organization_members m
    WHERE m."organizationId" = org_id
      AND m."userId" = auth.uid()
  );
$$;
COMMENT ON FUNCTION is_org_member(uuid) IS 'Check org membership';

CREATE OR REPLACE FUNCTION is_org_admin(org_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT EXISTS (
    SELECT 1 FROM organization_members m
    WHERE m."organizationId" = org_id
      AND m."userId" = auth.uid()
      AND m.role IN ('owner', 'admin')
  );
$$;
COMMENT ON FUNCTION is_org_admin(uuid) IS 'Check org admin status';

-- ===========================================================================
-- Organizations: members can view, admins can update
-- ===========================================================================
DROP POLICY IF EXISTS "Members can view" ON organizations;
CREATE POLICY "Members can view" ON organizations
  FOR SELECT TO authenticated USING (is_org_member(id));
DROP POLICY IF EXISTS "Admins can update" ON organizations;
CREATE POLICY "Admins can update" ON organizations
  FOR UPDATE TO authenticated USING (is_org_admin(id)) WITH CHECK (is_org_admin(id));

-- ===========================================================================
-- Organization members: members can view, admins can manage
-- ===========================================================================
DROP POLICY IF EXISTS "Users can view own memberships" ON organization_members;
DROP POLICY IF EXISTS "Members can view" ON organization_members;
CREATE POLICY "Members can view" ON organization_members
  FOR SELECT TO authenticated USING (is_org_member("organizationId"));
DROP POLICY IF EXISTS "Admins can manage" ON organization_members;
CREATE POLICY "Admins can manage" ON organization_members
  FOR ALL TO authenticated
  USING (is_org_admin("organizationId"))
  WITH CHECK (is_org_admin("organizationId"));

-- ===========================================================================
-- Workflows: own + org workflows if member
-- ===========================================================================
DROP POLICY IF EXISTS "Users can view own workflows" ON workflows;
DROP POLICY IF EXISTS "Users can view own and org workflows" ON workflows;
CREATE POLICY "Users can view own and org workflows" ON workflows
  FOR SELECT TO authenticated
  USING (auth.uid() = "userId" OR ("organizationId" IS NOT NULL AND is_org_member("organizationId")));

DROP POLICY IF EXISTS "Users can view own data" ON workflow_versions;
CREATE POLICY "Users can view own data" ON workflow_versions
  FOR SELECT TO authenticated
  USING (EXISTS (
    SELECT 1 FROM workflows w
    WHERE w.id = workflow_versions."workflowId"
      AND (w."userId" = auth.uid() OR (w."organizationId" IS NOT NULL AND is_org_member(w."organizationId")))));
DROP POLICY IF EXISTS "Users can manage own data" ON workflow_versions;
CREATE POLICY "Users can manage own data" ON workflow_versions
  FOR ALL TO authenticated
  USING (EXISTS (SELECT 1 FROM workflows w WHERE w.id = workflow_versions."workflowId" AND w."userId" = auth.uid()))
  WITH CHECK (EXISTS (SELECT 1 FROM workflows w WHERE w.id = workflow_versions."workflowId" AND w."userId" = auth.uid()));

DROP POLICY IF EXISTS "Users can view own data" ON workflow_executions;
CREATE POLICY "Users can view own data" ON workflow_executions
  FOR SELECT TO authenticated
  USING (EXISTS (
    SELECT 1 FROM workflows w
    WHERE w.id = workflow_executions."workflowId"
      AND (w."userId" = auth.uid() OR (w."organizationId" IS NOT NULL AND is_org_member(w."organizationId")))));

-- ===========================================================================
-- User integrations: own + org integrations if member
-- ===========================================================================
DROP POLICY IF EXISTS "Users can view own integrations" ON user_integrations;
DROP POLICY IF EXISTS "Users can view own and org integrations" ON user_integrations;
CREATE POLICY "Users can view own and org integrations" ON user_integrations
  FOR SELECT TO authenticated
  USING (auth.uid() = "userId" OR ("organizationId" IS NOT NULL AND is_org_member("organizationId")));

-- ===========================================================================
-- Admin policies (NOT on privacy tables)
-- ===========================================================================
DROP POLICY IF EXISTS "Admins can view all audit logs" ON audit_logs;
CREATE POLICY "Admins can view all audit logs" ON audit_logs
  FOR SELECT TO authenticated USING (is_admin());

DROP POLICY IF EXISTS "Admins can manage" ON feature_flags;
CREATE POLICY "Admins can manage" ON feature_flags
  FOR ALL TO authenticated USING (is_admin()) WITH CHECK (is_admin());
DROP POLICY IF EXISTS "Admins can manage" ON offers;
CREATE POLICY "Admins can manage" ON offers
  FOR ALL TO authenticated USING (is_admin()) WITH CHECK (is_admin());
DROP POLICY IF EXISTS "Admins can manage" ON roles;
CREATE POLICY "Admins can manage" ON roles
  FOR ALL TO authenticated USING (is_admin()) WITH CHECK (is_admin());

-- ===========================================================================
-- Analytics tables (created by 000000000800_upsert_functions.sql without RLS)
-- ===========================================================================
ALTER TABLE spend         ENABLE ROW LEVEL SECURITY;
ALTER TABLE metrics_daily ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS "Service role bypass" ON spend;
CREATE POLICY "Service role bypass" ON spend
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
DROP POLICY IF EXISTS "Service role bypass" ON metrics_daily;
CREATE POLICY "Service role bypass" ON metrics_daily
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');
