-- Initial schema, step 10: append-only audit trail of user actions.
-- Not partitioned: the design only partitions audit_logs by year once it exceeds 100M rows.

CREATE TABLE audit_logs (
  id UUID PRIMARY KEY,
  actor_id UUID NOT NULL REFERENCES users(id),
  action VARCHAR(100) NOT NULL, -- 'create_campaign', 'accept_offer', 'release_payment', etc
  resource_type VARCHAR(50) NOT NULL, -- 'campaign', 'offer', 'payment', etc
  resource_id UUID NOT NULL,
  metadata JSONB, -- changes, context
  ip_address INET,
  user_agent TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  correlation_id UUID -- for request tracing
);

CREATE INDEX idx_audit_logs_actor_id ON audit_logs(actor_id);
CREATE INDEX idx_audit_logs_resource ON audit_logs(resource_type, resource_id);
CREATE INDEX idx_audit_logs_action ON audit_logs(action);
CREATE INDEX idx_audit_logs_created_at ON audit_logs(created_at DESC);
CREATE INDEX idx_audit_logs_correlation_id ON audit_logs(correlation_id);

COMMENT ON TABLE audit_logs IS 'Records all changes (who did what to which resource). Retention: 3 years, configurable per region.';
COMMENT ON COLUMN audit_logs.action IS 'e.g. create_campaign, accept_offer, release_payment';
COMMENT ON COLUMN audit_logs.resource_type IS 'e.g. campaign, offer, payment';
COMMENT ON COLUMN audit_logs.metadata IS 'Changes, context';
COMMENT ON COLUMN audit_logs.correlation_id IS 'For request tracing';
