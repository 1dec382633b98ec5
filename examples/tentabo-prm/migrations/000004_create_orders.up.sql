-- Order processing: orders (optionally converted from a lead) and their line items.

CREATE TYPE order_status AS ENUM (
    'DRAFT',
    'SENT',
    'CONFIRMED',
    'PROCESSING',
    'COMPLETED',
    'CANCELLED'
);

CREATE TABLE orders (
    id                uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    order_number      varchar(50)   NOT NULL,
    status            order_status  NOT NULL DEFAULT 'DRAFT',
    lead_id           uuid          REFERENCES leads (id),
    created_by        uuid          NOT NULL REFERENCES users (id),
    partner_id        uuid          REFERENCES partners (id),
    distributor_id    uuid          REFERENCES distributors (id),
    customer_name     varchar(255)  NOT NULL,
    customer_email    varchar(255),
    subtotal          numeric(12,2) NOT NULL DEFAULT 0,
    tax_amount        numeric(12,2) NOT NULL DEFAULT 0,
    total_amount      numeric(12,2) NOT NULL DEFAULT 0,
    currency          char(3)       NOT NULL DEFAULT 'EUR',
    provider          varchar(50),
    provider_order_id varchar(255),
    provider_metadata jsonb         NOT NULL DEFAULT '{}'::jsonb,
    sent_at           timestamptz,
    created_at        timestamptz   NOT NULL DEFAULT now(),
    updated_at        timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT uq_orders_order_number UNIQUE (order_number),
    CONSTRAINT ck_orders_subtotal_non_negative CHECK (subtotal >= 0),
    CONSTRAINT ck_orders_tax_amount_non_negative CHECK (tax_amount >= 0),
    CONSTRAINT ck_orders_total_amount_non_negative CHECK (total_amount >= 0)
);
COMMENT ON TABLE orders IS
    'Orders (Order). Created by a User, placed by a Partner, handled by a Distributor, optionally converted from a Lead; becomes one Contract.';
COMMENT ON COLUMN orders.created_by IS
    'Creating User. Not nullable and not cascaded: orders keep their creator reference (historical data).';
COMMENT ON COLUMN orders.provider_metadata IS
    'Provider-specific metadata; its structure is validated by the application.';

CREATE INDEX ix_orders_lead_id        ON orders (lead_id);
CREATE INDEX ix_orders_created_by     ON orders (created_by);
CREATE INDEX ix_orders_distributor_id ON orders (distributor_id);

CREATE TABLE order_items (
    id               uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id         uuid          NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id       uuid          NOT NULL REFERENCES products (id),
    duration_id      uuid          REFERENCES durations (id),
    quantity         integer       NOT NULL DEFAULT 1,
    unit_price       numeric(12,2) NOT NULL,
    discount_percent numeric(5,2)  NOT NULL DEFAULT 0,
    line_total       numeric(12,2) NOT NULL,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT ck_order_items_quantity_positive CHECK (quantity > 0),
    CONSTRAINT ck_order_items_unit_price_non_negative CHECK (unit_price >= 0),
    CONSTRAINT ck_order_items_discount_percent_range CHECK (discount_percent >= 0 AND discount_percent <= 100),
    CONSTRAINT ck_order_items_line_total_non_negative CHECK (line_total >= 0)
);
COMMENT ON TABLE order_items IS
    'Order lines (OrderItem): a Product, optionally with a Duration, on an Order. Cascade-deleted with the order.';

CREATE INDEX idx_order_items_order_id    ON order_items (order_id);
CREATE INDEX ix_order_items_product_id  ON order_items (product_id);
CREATE INDEX ix_order_items_duration_id ON order_items (duration_id);
