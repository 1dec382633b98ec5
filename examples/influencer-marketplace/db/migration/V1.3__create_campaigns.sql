-- Initial schema, step 4: campaigns published by organizations.

CREATE TABLE campaigns (
  id UUID PRIMARY KEY,
  organization_id UUID NOT NULL REFERENCES organizations(id),
  title VARCHAR(255) NOT NULL,
  description TEXT,
  brief JSONB, -- campaign objectives, tone, key messages
  status VARCHAR(50) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'active', 'paused', 'completed', 'disputed', 'cancelled')),
  budget_min DECIMAL(19,2),
  budget_max DECIMAL(19,2),
  budget_spent DECIMAL(19,2) DEFAULT 0,
  currency VARCHAR(3) NOT NULL DEFAULT 'GBP',
  start_date TIMESTAMP,
  end_date TIMESTAMP,
  deliverable_deadline TIMESTAMP,
  submission_deadline TIMESTAMP,
  content_approval_required BOOLEAN DEFAULT TRUE,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  published_at TIMESTAMP,
  completed_at TIMESTAMP
);

CREATE INDEX idx_campaigns_org_id ON campaigns(organization_id);
CREATE INDEX idx_campaigns_status ON campaigns(status);
CREATE INDEX idx_campaigns_start_date ON campaigns(start_date);

COMMENT ON TABLE campaigns IS 'Influencer campaigns of an organization; have deliverables, offers, contracts, payments and metrics.';
COMMENT ON COLUMN campaigns.brief IS 'Campaign objectives, tone, key messages';
