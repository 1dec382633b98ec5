-- Initial schema, step 2: brand organizations (KYC-verified companies that run campaigns).

CREATE TABLE organizations (
  id UUID PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  slug VARCHAR(255) UNIQUE NOT NULL,
  description TEXT,
  website VARCHAR(255),
  country VARCHAR(2) NOT NULL,
  currency VARCHAR(3) NOT NULL DEFAULT 'GBP',
  timezone VARCHAR(50) NOT NULL DEFAULT 'Europe/London',
  kyc_status VARCHAR(50) NOT NULL DEFAULT 'pending' CHECK (kyc_status IN ('pending', 'verified', 'rejected', 'suspended')),
  kyc_verified_at TIMESTAMP,
  kyc_provider VARCHAR(50), -- 'onfido', 'trulioo'
  kyc_reference_id VARCHAR(255),
  logo_url VARCHAR(255),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_organizations_country ON organizations(country);
CREATE INDEX idx_organizations_kyc_status ON organizations(kyc_status);

COMMENT ON TABLE organizations IS 'Brand organizations that own campaigns; have team members and billing info.';
COMMENT ON COLUMN organizations.kyc_provider IS 'KYC provider: onfido or trulioo';
