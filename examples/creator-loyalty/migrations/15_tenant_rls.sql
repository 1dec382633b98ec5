-- Row-Level Security: tenant isolation on every tenant-scoped table (every table with client_id).
-- The application sets app.current_client_id per request/transaction. The two-argument
-- current_setting() yields NULL when the setting is absent, so an unset tenant sees no rows
-- instead of raising. FORCE makes the policies apply to the table owner too (the app role).
-- clients (root) and the user-scoped otp_codes, password_reset_tokens and handle_changes have
-- no client_id and no RLS.

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;

CREATE POLICY users_tenant_isolation ON users
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE tiers ENABLE ROW LEVEL SECURITY;
ALTER TABLE tiers FORCE ROW LEVEL SECURITY;

CREATE POLICY tiers_tenant_isolation ON tiers
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE videos ENABLE ROW LEVEL SECURITY;
ALTER TABLE videos FORCE ROW LEVEL SECURITY;

CREATE POLICY videos_tenant_isolation ON videos
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE sales_adjustments ENABLE ROW LEVEL SECURITY;
ALTER TABLE sales_adjustments FORCE ROW LEVEL SECURITY;

CREATE POLICY sales_adjustments_tenant_isolation ON sales_adjustments
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE tier_checkpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE tier_checkpoints FORCE ROW LEVEL SECURITY;

CREATE POLICY tier_checkpoints_tenant_isolation ON tier_checkpoints
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE sync_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_logs FORCE ROW LEVEL SECURITY;

CREATE POLICY sync_logs_tenant_isolation ON sync_logs
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE missions ENABLE ROW LEVEL SECURITY;
ALTER TABLE missions FORCE ROW LEVEL SECURITY;

CREATE POLICY missions_tenant_isolation ON missions
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE mission_progress ENABLE ROW LEVEL SECURITY;
ALTER TABLE mission_progress FORCE ROW LEVEL SECURITY;

CREATE POLICY mission_progress_tenant_isolation ON mission_progress
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE rewards ENABLE ROW LEVEL SECURITY;
ALTER TABLE rewards FORCE ROW LEVEL SECURITY;

CREATE POLICY rewards_tenant_isolation ON rewards
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE redemptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE redemptions FORCE ROW LEVEL SECURITY;

CREATE POLICY redemptions_tenant_isolation ON redemptions
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE commission_boost_redemptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE commission_boost_redemptions FORCE ROW LEVEL SECURITY;

CREATE POLICY commission_boost_redemptions_tenant_isolation ON commission_boost_redemptions
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE commission_boost_state_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE commission_boost_state_history FORCE ROW LEVEL SECURITY;

CREATE POLICY commission_boost_state_history_tenant_isolation ON commission_boost_state_history
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE physical_gift_redemptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE physical_gift_redemptions FORCE ROW LEVEL SECURITY;

CREATE POLICY physical_gift_redemptions_tenant_isolation ON physical_gift_redemptions
  USING (client_id = current_setting('app.current_client_id', true)::UUID);

ALTER TABLE raffle_participations ENABLE ROW LEVEL SECURITY;
ALTER TABLE raffle_participations FORCE ROW LEVEL SECURITY;

CREATE POLICY raffle_participations_tenant_isolation ON raffle_participations
  USING (client_id = current_setting('app.current_client_id', true)::UUID);
