-- Notes attached to orders and contracts (lead notes live in lead_notes).

CREATE TABLE notes (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id    uuid        REFERENCES orders (id) ON DELETE CASCADE,
    contract_id uuid        REFERENCES contracts (id) ON DELETE CASCADE,
    created_by  uuid        NOT NULL REFERENCES users (id),
    content     text        NOT NULL,
    is_internal boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE notes IS
    'Notes (Note) attached to an Order or a Contract and created by a User. Cascade-deleted with the order/contract.';

CREATE INDEX idx_notes_order_created    ON notes (order_id, created_at);
CREATE INDEX idx_notes_contract_created ON notes (contract_id, created_at);
CREATE INDEX ix_notes_created_by        ON notes (created_by);
