-- Initial schema, step 7: contracts created from accepted offers, incl. dispute handling.

CREATE TABLE contracts (
  id UUID PRIMARY KEY,
  campaign_id UUID NOT NULL REFERENCES campaigns(id),
  offer_id UUID NOT NULL REFERENCES offers(id),
  influencer_id UUID NOT NULL REFERENCES users(id),
  organization_id UUID NOT NULL REFERENCES organizations(id),
  status VARCHAR(50) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'signed', 'active', 'completed', 'disputed', 'terminated')),
  content JSONB NOT NULL, -- full contract terms
  signed_by JSONB, -- { brand: { signer_id, signed_at }, influencer: { signer_id, signed_at } }
  signed_at TIMESTAMP,
  dispute_status VARCHAR(50), -- null, 'pending', 'resolved', 'escalated'
  dispute_reason TEXT,
  dispute_evidence JSONB,
  dispute_resolution JSONB,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_contracts_campaign_id ON contracts(campaign_id);
CREATE INDEX idx_contracts_influencer_id ON contracts(influencer_id);
CREATE INDEX idx_contracts_status ON contracts(status);

COMMENT ON TABLE contracts IS 'Signed agreement for an offer (Offer 1 - 1 Contract). Retention: indefinite, not configurable.';
COMMENT ON COLUMN contracts.content IS 'Full contract terms';
COMMENT ON COLUMN contracts.signed_by IS '{ brand: { signer_id, signed_at }, influencer: { signer_id, signed_at } }';
COMMENT ON COLUMN contracts.dispute_status IS 'null, pending, resolved or escalated';
