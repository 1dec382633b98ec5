-- 20240101000000_initial_schema.sql
-- Core tables, indexes, RLS.
-- Naming: this schema uses camelCase column names (quoted identifiers), e.g. "userId".

-- ===========================================================================
-- Helper: updatedAt trigger function
-- ===========================================================================
CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW."updatedAt" = now();
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION update_updated_at_column() IS 'Trigger function for updatedAt timestamps';

-- ===========================================================================
-- User management
-- ===========================================================================
CREATE TABLE users (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email           text NOT NULL,
  "emailVerified" timestamptz,
  "passwordHash"  text,
  name            text,
  image           text,
  "createdAt"     timestamptz NOT NULL DEFAULT now(),
  "updatedAt"     timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE users IS 'User accounts';

CREATE TABLE sessions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"    uuid NOT NULL REFERENCES users (id),
  token       text NOT NULL,
  "expiresAt" timestamptz NOT NULL,
  "createdAt" timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE sessions IS 'Authentication sessions';

-- ===========================================================================
-- Core data
-- ===========================================================================
CREATE TABLE events (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"    uuid NOT NULL REFERENCES users (id),
  "filePath"  text NOT NULL,
  "eventType" text NOT NULL,
  tool        text,
  "timestamp" timestamptz NOT NULL DEFAULT now(),
  metadata    jsonb NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON TABLE events IS 'File system events';

CREATE TABLE patterns (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"        uuid NOT NULL REFERENCES users (id),
  "fileExtension" text NOT NULL,
  count           integer NOT NULL DEFAULT 0,
  "lastUsed"      timestamptz NOT NULL DEFAULT now(),
  tools           text[] NOT NULL DEFAULT '{}',
  "updatedAt"     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT patterns_user_file_extension_key UNIQUE ("userId", "fileExtension")
);
COMMENT ON TABLE patterns IS 'Detected file patterns';

CREATE TABLE relationships (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"       uuid NOT NULL REFERENCES users (id),
  "sourceFile"   text NOT NULL,
  "targetFile"   text NOT NULL,
  "relationType" text NOT NULL,
  weight         double precision NOT NULL DEFAULT 1.0,
  "lastSeen"     timestamptz NOT NULL DEFAULT now(),
  "updatedAt"    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT relationships_user_source_target_type_key UNIQUE ("userId", "sourceFile", "targetFile", "relationType")
);
COMMENT ON TABLE relationships IS 'File relationships';

-- ===========================================================================
-- Business logic
-- ===========================================================================
CREATE TABLE subscriptions (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"             uuid NOT NULL REFERENCES users (id),
  plan                 text NOT NULL DEFAULT 'free',
  status               text NOT NULL DEFAULT 'incomplete',
  "stripeId"           text UNIQUE,
  "currentPeriodStart" timestamptz,
  "currentPeriodEnd"   timestamptz,
  "cancelAtPeriodEnd"  boolean NOT NULL DEFAULT false,
  "createdAt"          timestamptz NOT NULL DEFAULT now(),
  "updatedAt"          timestamptz NOT NULL DEFAULT now(),
  -- Stripe subscription statuses
  CONSTRAINT subscriptions_status_check CHECK (status IN
    ('incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'))
);
COMMENT ON TABLE subscriptions IS 'User subscriptions';

CREATE TABLE utm_tracks (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"     uuid REFERENCES users (id),
  source       text,
  medium       text,
  campaign     text,
  term         text,
  content      text,
  "firstTouch" boolean NOT NULL DEFAULT false,
  "lastTouch"  boolean NOT NULL DEFAULT false,
  "timestamp"  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE utm_tracks IS 'UTM tracking';

CREATE TABLE cohorts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"      uuid NOT NULL UNIQUE REFERENCES users (id),
  "cohortMonth" date NOT NULL,
  "acquiredAt"  timestamptz NOT NULL,
  "createdAt"   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cohorts IS 'Cohort analysis';

CREATE TABLE feature_flags (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key         text NOT NULL UNIQUE,
  enabled     boolean NOT NULL DEFAULT false,
  description text,
  metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE feature_flags IS 'Feature flags';

CREATE TABLE offers (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key         text NOT NULL UNIQUE,
  name        text NOT NULL,
  description text,
  "planType"  text NOT NULL,
  discount    numeric(5,2) NOT NULL DEFAULT 0,
  "validFrom" timestamptz,
  "validTo"   timestamptz,
  enabled     boolean NOT NULL DEFAULT true,
  metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE offers IS 'Pricing offers';

-- Role catalogue (read by anyone; see RLS below).
CREATE TABLE roles (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL UNIQUE,
  description text,
  permissions jsonb NOT NULL DEFAULT '[]'::jsonb,
  "createdAt" timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE roles IS 'Role definitions';

-- ===========================================================================
-- Audit & monitoring
-- ===========================================================================
CREATE TABLE audit_logs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"     uuid REFERENCES users (id),
  action       text NOT NULL,
  resource     text NOT NULL,
  "resourceId" text,
  metadata     jsonb NOT NULL DEFAULT '{}'::jsonb,
  "ipAddress"  inet,
  "userAgent"  text,
  "timestamp"  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE audit_logs IS 'Audit logs';

CREATE TABLE retention_policies (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "tableName"     text NOT NULL UNIQUE,
  "retentionDays" integer NOT NULL CHECK ("retentionDays" > 0),
  enabled         boolean NOT NULL DEFAULT true,
  "lastRun"       timestamptz,
  "createdAt"     timestamptz NOT NULL DEFAULT now(),
  "updatedAt"     timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE retention_policies IS 'Data retention policies';

-- ===========================================================================
-- Organizations & workflows
-- ===========================================================================
CREATE TABLE organizations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  slug        text NOT NULL UNIQUE,
  plan        text NOT NULL DEFAULT 'free',
  settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE organizations IS 'Organizations';

CREATE TABLE organization_members (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "organizationId" uuid NOT NULL REFERENCES organizations (id),
  "userId"         uuid NOT NULL REFERENCES users (id),
  role             text NOT NULL DEFAULT 'member',
  "createdAt"      timestamptz NOT NULL DEFAULT now(),
  "updatedAt"      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT organization_members_org_user_key UNIQUE ("organizationId", "userId"),
  CONSTRAINT organization_members_role_check CHECK (role IN ('owner', 'admin', 'member'))
);
COMMENT ON TABLE organization_members IS 'Organization members';

CREATE TABLE workflows (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"         uuid NOT NULL REFERENCES users (id),
  "organizationId" uuid REFERENCES organizations (id),
  name             text NOT NULL,
  description      text,
  definition       jsonb NOT NULL DEFAULT '{}'::jsonb,
  "isActive"       boolean NOT NULL DEFAULT true,
  "createdAt"      timestamptz NOT NULL DEFAULT now(),
  "updatedAt"      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE workflows IS 'Workflows';

CREATE TABLE workflow_versions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "workflowId" uuid NOT NULL REFERENCES workflows (id),
  version      integer NOT NULL CHECK (version > 0),
  definition   jsonb NOT NULL,
  "createdAt"  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT workflow_versions_workflow_version_key UNIQUE ("workflowId", version)
);
COMMENT ON TABLE workflow_versions IS 'Workflow versions';

CREATE TABLE workflow_executions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "workflowId"  uuid NOT NULL REFERENCES workflows (id),
  status        text NOT NULL DEFAULT 'pending',
  input         jsonb,
  output        jsonb,
  error         text,
  "startedAt"   timestamptz NOT NULL DEFAULT now(),
  "completedAt" timestamptz,
  CONSTRAINT workflow_executions_status_check CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled'))
);
COMMENT ON TABLE workflow_executions IS 'Workflow executions';

-- ===========================================================================
-- Integrations
-- ===========================================================================
CREATE TABLE user_integrations (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"         uuid NOT NULL REFERENCES users (id),
  "organizationId" uuid REFERENCES organizations (id),
  provider         text NOT NULL,
  name             text NOT NULL,
  config           jsonb NOT NULL DEFAULT '{}'::jsonb,
  "isActive"       boolean NOT NULL DEFAULT true,
  "lastSyncAt"     timestamptz,
  "createdAt"      timestamptz NOT NULL DEFAULT now(),
  "updatedAt"      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE user_integrations IS 'User integrations';

-- ===========================================================================
-- Indexes
-- ===========================================================================
CREATE UNIQUE INDEX idx_users_email ON users (email);
COMMENT ON INDEX idx_users_email IS 'Users email lookup';

CREATE INDEX idx_sessions_user_id ON sessions ("userId");
COMMENT ON INDEX idx_sessions_user_id IS 'Session user lookup';
CREATE UNIQUE INDEX idx_sessions_token ON sessions (token);
COMMENT ON INDEX idx_sessions_token IS 'Session token lookup';
CREATE INDEX idx_sessions_expires_at ON sessions ("expiresAt");
COMMENT ON INDEX idx_sessions_expires_at IS 'Expired session cleanup';

CREATE INDEX idx_events_user_id_timestamp ON events ("userId", "timestamp");
COMMENT ON INDEX idx_events_user_id_timestamp IS 'User events by time';
CREATE INDEX idx_events_file_path ON events ("filePath");
COMMENT ON INDEX idx_events_file_path IS 'File path lookups';
CREATE INDEX idx_events_event_type ON events ("eventType");
COMMENT ON INDEX idx_events_event_type IS 'Event type filtering';

CREATE INDEX idx_patterns_user_id ON patterns ("userId");
COMMENT ON INDEX idx_patterns_user_id IS 'User patterns';
CREATE INDEX idx_relationships_user_id ON relationships ("userId");
COMMENT ON INDEX idx_relationships_user_id IS 'User relationships';

CREATE INDEX idx_organization_members_user_id ON organization_members ("userId");
COMMENT ON INDEX idx_organization_members_user_id IS 'User org membership';
CREATE INDEX idx_organization_members_org_id ON organization_members ("organizationId");
COMMENT ON INDEX idx_organization_members_org_id IS 'Org member lookup';
CREATE INDEX idx_workflows_user_id ON workflows ("userId");
COMMENT ON INDEX idx_workflows_user_id IS 'User workflows';
CREATE INDEX idx_workflows_org_id ON workflows ("organizationId");
COMMENT ON INDEX idx_workflows_org_id IS 'Org workflows';

-- ===========================================================================
-- updatedAt triggers
-- (organizations, organization_members, workflows and user_integrations have an
--  "updatedAt" column but no trigger; the application sets it.)
-- ===========================================================================
CREATE TRIGGER update_users_updated_at
  BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_patterns_updated_at
  BEFORE UPDATE ON patterns
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_relationships_updated_at
  BEFORE UPDATE ON relationships
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_subscriptions_updated_at
  BEFORE UPDATE ON subscriptions
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_feature_flags_updated_at
  BEFORE UPDATE ON feature_flags
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_offers_updated_at
  BEFORE UPDATE ON offers
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_retention_policies_updated_at
  BEFORE UPDATE ON retention_policies
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- ===========================================================================
-- Row Level Security
-- ===========================================================================
ALTER TABLE users                ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions             ENABLE ROW LEVEL SECURITY;
ALTER TABLE events               ENABLE ROW LEVEL SECURITY;
ALTER TABLE patterns             ENABLE ROW LEVEL SECURITY;
ALTER TABLE relationships        ENABLE ROW LEVEL SECURITY;
ALTER TABLE subscriptions        ENABLE ROW LEVEL SECURITY;
ALTER TABLE utm_tracks           ENABLE ROW LEVEL SECURITY;
ALTER TABLE cohorts              ENABLE ROW LEVEL SECURITY;
ALTER TABLE feature_flags        ENABLE ROW LEVEL SECURITY;
ALTER TABLE offers               ENABLE ROW LEVEL SECURITY;
ALTER TABLE roles                ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_logs           ENABLE ROW LEVEL SECURITY;
ALTER TABLE retention_policies   ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations        ENABLE ROW LEVEL SECURITY;
ALTER TABLE organization_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflows            ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflow_versions    ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflow_executions  ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_integrations    ENABLE ROW LEVEL SECURITY;

-- users: the row's id is the user id
CREATE POLICY "Users can view own data" ON users
  FOR SELECT TO authenticated USING (auth.uid() = id);
CREATE POLICY "Users can manage own data" ON users
  FOR ALL TO authenticated USING (auth.uid() = id) WITH CHECK (auth.uid() = id);

-- user-owned tables: view + manage own rows
CREATE POLICY "Users can view own data" ON sessions
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can manage own data" ON sessions
  FOR ALL TO authenticated USING (auth.uid() = "userId") WITH CHECK (auth.uid() = "userId");

CREATE POLICY "Users can view own data" ON events
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can manage own data" ON events
  FOR ALL TO authenticated USING (auth.uid() = "userId") WITH CHECK (auth.uid() = "userId");

CREATE POLICY "Users can view own data" ON patterns
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can manage own data" ON patterns
  FOR ALL TO authenticated USING (auth.uid() = "userId") WITH CHECK (auth.uid() = "userId");

CREATE POLICY "Users can view own data" ON relationships
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can manage own data" ON relationships
  FOR ALL TO authenticated USING (auth.uid() = "userId") WITH CHECK (auth.uid() = "userId");

CREATE POLICY "Users can view own data" ON utm_tracks
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can manage own data" ON utm_tracks
  FOR ALL TO authenticated USING (auth.uid() = "userId") WITH CHECK (auth.uid() = "userId");

-- read-only for the owner (written by billing webhooks / analytics jobs)
CREATE POLICY "Users can view own data" ON subscriptions
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can view own data" ON cohorts
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can view own data" ON audit_logs
  FOR SELECT TO authenticated USING (auth.uid() = "userId");

-- public read tables
CREATE POLICY "Anyone can view" ON feature_flags
  FOR SELECT USING (true);
CREATE POLICY "Anyone can view enabled offers" ON offers
  FOR SELECT USING (enabled = true);
CREATE POLICY "Anyone can view" ON roles
  FOR SELECT USING (true);

-- organizations / workflows: first version (owner-only; org-aware policies come later)
CREATE POLICY "Users can view own memberships" ON organization_members
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Members can view" ON organizations
  FOR SELECT TO authenticated USING (
    EXISTS (SELECT 1 FROM organization_members m
            WHERE m."organizationId" = organizations.id AND m."userId" = auth.uid()));
CREATE POLICY "Users can view own workflows" ON workflows
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can manage own data" ON workflows
  FOR ALL TO authenticated USING (auth.uid() = "userId") WITH CHECK (auth.uid() = "userId");
CREATE POLICY "Users can view own integrations" ON user_integrations
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can manage own data" ON user_integrations
  FOR ALL TO authenticated USING (auth.uid() = "userId") WITH CHECK (auth.uid() = "userId");
