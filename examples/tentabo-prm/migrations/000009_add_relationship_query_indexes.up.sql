-- Compound indexes for the most frequently queried relationships, plus GIN
-- indexes for JSONB queries and a partial index for unprocessed webhook events.

-- Lead ownership queries
CREATE INDEX idx_leads_owner_status ON leads (owner_id, status);
CREATE INDEX idx_leads_status_created ON leads (status, created_at);

-- Multi-tenant queries
CREATE INDEX idx_leads_distributor_partner ON leads (distributor_id, partner_id);
CREATE INDEX idx_orders_partner_status ON orders (partner_id, status);
CREATE INDEX idx_contracts_distributor_status ON contracts (distributor_id, status);
CREATE INDEX idx_contracts_partner_status ON contracts (partner_id, status);

-- Order processing
CREATE INDEX idx_orders_status_created ON orders (status, created_at);

-- Contract management
CREATE INDEX idx_contracts_status_activation ON contracts (status, activation_date);

-- GIN indexes for JSONB queries
CREATE INDEX idx_webhook_events_payload ON webhook_events USING gin (payload);
CREATE INDEX idx_audit_logs_changes ON audit_logs USING gin (changes);

-- Partial indexes
CREATE INDEX idx_webhook_events_unprocessed ON webhook_events (received_at) WHERE processed = false;
