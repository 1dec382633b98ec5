-- Domain 4: Tier System

CREATE TABLE tier_checkpoints (
    id                 uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id            uuid          NOT NULL REFERENCES users (id),
    client_id          uuid          NOT NULL REFERENCES clients (id),
    checkpoint_date    timestamptz   NOT NULL DEFAULT now(),
    period_start_date  timestamptz   NOT NULL,
    period_end_date    timestamptz   NOT NULL,
    sales_in_period    numeric(12,2),
    units_in_period    integer,
    threshold_required numeric(12,2),
    tier_before        text          NOT NULL,
    tier_after         text          NOT NULL,
    status             text          NOT NULL
                                     CHECK (status IN ('maintained', 'promoted', 'demoted')),
    created_at         timestamptz   NOT NULL DEFAULT now(),
    CHECK (period_end_date >= period_start_date)
);

COMMENT ON TABLE tier_checkpoints IS 'Audit trail for tier maintenance evaluations.';
