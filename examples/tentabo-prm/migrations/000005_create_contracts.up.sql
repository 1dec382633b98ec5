-- Contract management: every contract comes from exactly one order (1:1 through a
-- unique order_id) and may be a renewal of an earlier contract (self-reference).

CREATE TYPE contract_status AS ENUM (
    'PENDING',
    'ACTIVE',
    'SUSPENDED',
    'EXPIRED',
    'RENEWED',
    'TERMINATED'
);

CREATE TABLE contracts (
    id                   uuid            PRIMARY KEY DEFAULT gen_random_uuid(),
    contract_number      varchar(50)     NOT NULL,
    status               contract_status NOT NULL DEFAULT 'PENDING',
    order_id             uuid            NOT NULL REFERENCES orders (id),
    renewed_from         uuid            REFERENCES contracts (id),
    managed_by           uuid            REFERENCES users (id),
    partner_id           uuid            REFERENCES partners (id),
    distributor_id       uuid            REFERENCES distributors (id),
    activation_date      date,
    start_date           date,
    end_date             date,
    auto_renew           boolean         NOT NULL DEFAULT false,
    total_value          numeric(12,2)   NOT NULL DEFAULT 0,
    currency             char(3)         NOT NULL DEFAULT 'EUR',
    provider             varchar(50),
    provider_contract_id varchar(255),
    provider_metadata    jsonb           NOT NULL DEFAULT '{}'::jsonb,
    created_at           timestamptz     NOT NULL DEFAULT now(),
    updated_at           timestamptz     NOT NULL DEFAULT now(),
    CONSTRAINT uq_contracts_contract_number UNIQUE (contract_number),
    CONSTRAINT ck_contracts_total_value_non_negative CHECK (total_value >= 0)
);
COMMENT ON TABLE contracts IS
    'Contracts (Contract). Created from exactly one Order (1:1), managed by a User, held by a Partner, overseen by a Distributor; may be renewed from a previous Contract.';
COMMENT ON COLUMN contracts.renewed_from IS
    'Self-reference to the Contract this one renews.';
COMMENT ON COLUMN contracts.provider_metadata IS
    'Provider-specific metadata; its structure is validated by the application.';

-- 1:1 Order -> Contract
CREATE UNIQUE INDEX idx_contracts_order_id ON contracts (order_id);
CREATE INDEX ix_contracts_renewed_from ON contracts (renewed_from);
CREATE INDEX ix_contracts_managed_by   ON contracts (managed_by);
