-- Initial schema, step 8: escrowed payments from organizations to influencers (Stripe).

CREATE TABLE payments (
  id UUID PRIMARY KEY,
  campaign_id UUID NOT NULL REFERENCES campaigns(id),
  contract_id UUID REFERENCES contracts(id),
  payer_id UUID NOT NULL REFERENCES organizations(id),
  payee_id UUID NOT NULL REFERENCES users(id),
  amount DECIMAL(19,2) NOT NULL,
  currency VARCHAR(3) NOT NULL DEFAULT 'GBP',
  stripe_payment_id VARCHAR(255),
  stripe_payment_intent_id VARCHAR(255),
  status VARCHAR(50) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'authorized', 'captured', 'released', 'failed', 'refunded', 'disputed')),
  payment_method VARCHAR(50), -- 'card', 'bank_transfer', 'wallet'
  escrow_status VARCHAR(50) DEFAULT 'held' CHECK (escrow_status IN ('held', 'released', 'refunded')),
  escrow_released_at TIMESTAMP,
  metadata JSONB, -- milestone tracking, notes
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  failed_at TIMESTAMP
);

CREATE INDEX idx_payments_campaign_id ON payments(campaign_id);
CREATE INDEX idx_payments_status ON payments(status);
CREATE INDEX idx_payments_payer_id ON payments(payer_id);
CREATE INDEX idx_payments_payee_id ON payments(payee_id);

COMMENT ON TABLE payments IS 'Campaign payments held in escrow and released to the influencer. Retention: 7 years (tax), not configurable.';
COMMENT ON COLUMN payments.payment_method IS 'card, bank_transfer or wallet';
COMMENT ON COLUMN payments.metadata IS 'Milestone tracking, notes';
