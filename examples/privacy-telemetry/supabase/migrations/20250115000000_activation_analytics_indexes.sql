-- 20250115000000_activation_analytics_indexes.sql
-- Activation analytics: "has the user produced event type X yet?" funnels.

CREATE INDEX IF NOT EXISTS idx_events_user_id_event_type ON events ("userId", "eventType");
COMMENT ON INDEX idx_events_user_id_event_type IS 'User+type filtering';
