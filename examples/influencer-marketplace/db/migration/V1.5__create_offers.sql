-- Initial schema, step 6: offers negotiated between a brand and an influencer for a campaign.

CREATE TABLE offers (
  id UUID PRIMARY KEY,
  campaign_id UUID NOT NULL REFERENCES campaigns(id),
  influencer_id UUID NOT NULL REFERENCES users(id),
  organization_id UUID NOT NULL REFERENCES organizations(id),
  price DECIMAL(19,2) NOT NULL,
  currency VARCHAR(3) NOT NULL DEFAULT 'GBP',
  terms JSONB, -- payment terms, milestones, deliverables
  status VARCHAR(50) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'counter', 'expired', 'completed')),
  version INTEGER DEFAULT 1,
  counter_by VARCHAR(50), -- 'brand' or 'influencer'
  expires_at TIMESTAMP,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  accepted_at TIMESTAMP,
  rejected_at TIMESTAMP
);

CREATE INDEX idx_offers_campaign_id ON offers(campaign_id);
CREATE INDEX idx_offers_influencer_id ON offers(influencer_id);
CREATE INDEX idx_offers_status ON offers(status);
-- At most one live (pending / counter / accepted) offer per influencer per campaign.
CREATE UNIQUE INDEX idx_offers_active_per_influencer ON offers(campaign_id, influencer_id) WHERE status IN ('pending', 'counter', 'accepted');

COMMENT ON TABLE offers IS 'Offers between a campaign (organization) and an influencer; one offer leads to one contract.';
COMMENT ON COLUMN offers.terms IS 'Payment terms, milestones, deliverables';
COMMENT ON COLUMN offers.counter_by IS 'Who made the last counter-offer: brand or influencer';
