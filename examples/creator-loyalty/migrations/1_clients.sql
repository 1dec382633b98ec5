-- Domain 1: System Configuration
-- clients is the root of the multi-tenant model: every tenant-scoped table references it.

CREATE TABLE clients (
    id                     uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    name                   text         NOT NULL,
    subdomain              text         UNIQUE,
    logo_url               text,
    primary_color          text         NOT NULL DEFAULT '#6366f1',
    tier_calculation_mode  text         NOT NULL DEFAULT 'fixed_checkpoint'
                                        CHECK (tier_calculation_mode IN ('fixed_checkpoint', 'lifetime')),
    checkpoint_months      integer      NOT NULL DEFAULT 4 CHECK (checkpoint_months > 0),
    vip_metric             text         NOT NULL DEFAULT 'sales'
                                        CHECK (vip_metric IN ('sales', 'units')),
    created_at             timestamptz  NOT NULL DEFAULT now(),
    updated_at             timestamptz  NOT NULL DEFAULT now()
);

COMMENT ON TABLE clients IS 'Root table for multi-tenancy. Multi-tenant config, branding, tier calculation mode, VIP metric. All tenant-scoped tables reference this.';
COMMENT ON COLUMN clients.tier_calculation_mode IS 'How tiers are evaluated: fixed_checkpoint (re-evaluated every checkpoint_months) or lifetime.';
COMMENT ON COLUMN clients.vip_metric IS 'Metric the tier thresholds are measured in: sales (GMV) or units.';
