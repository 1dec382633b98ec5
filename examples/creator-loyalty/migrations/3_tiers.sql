-- Domain 1: System Configuration
-- 3-6 tiers per client (names, colors, thresholds).

CREATE TABLE tiers (
    id                 uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id          uuid          NOT NULL REFERENCES clients (id),
    tier_id            text          NOT NULL,
    tier_name          text          NOT NULL,
    tier_color         text          NOT NULL,
    tier_order         integer       NOT NULL CHECK (tier_order BETWEEN 1 AND 6),
    sales_threshold    numeric(12,2) CHECK (sales_threshold >= 0),
    units_threshold    integer       CHECK (units_threshold >= 0),
    commission_rate    numeric(5,2)  NOT NULL DEFAULT 0 CHECK (commission_rate >= 0),
    checkpoint_exempt  boolean       NOT NULL DEFAULT false,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (client_id, tier_order),
    UNIQUE (client_id, tier_id)
);

COMMENT ON TABLE tiers IS '3-6 tier configuration per client (names, colors, thresholds).';
COMMENT ON COLUMN tiers.tier_id IS 'Stable tier key per client (tier_1 .. tier_6), referenced by users.current_tier and *.tier_eligibility.';
