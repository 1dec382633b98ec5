-- Product & pricing: products, their quantity price tiers, and subscription durations.

CREATE TABLE products (
    id                  uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    sku                 varchar(100)  NOT NULL,
    name                varchar(255)  NOT NULL,
    description         text,
    category            varchar(100),
    base_price          numeric(12,2) NOT NULL DEFAULT 0,
    currency            char(3)       NOT NULL DEFAULT 'EUR',
    provider_product_id varchar(255),
    is_active           boolean       NOT NULL DEFAULT true,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    updated_at          timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT uq_products_sku UNIQUE (sku),
    CONSTRAINT ck_products_base_price_non_negative CHECK (base_price >= 0)
);
COMMENT ON TABLE products IS
    'Sellable products (Product). Has many PriceTiers; used in OrderItems.';

CREATE TABLE price_tiers (
    id           uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    product_id   uuid          NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    name         varchar(100),
    min_quantity integer       NOT NULL DEFAULT 1,
    max_quantity integer,
    unit_price   numeric(12,2) NOT NULL,
    currency     char(3)       NOT NULL DEFAULT 'EUR',
    created_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT uq_price_tiers_product_min_quantity UNIQUE (product_id, min_quantity),
    CONSTRAINT ck_price_tiers_min_quantity_positive CHECK (min_quantity >= 1),
    CONSTRAINT ck_price_tiers_max_quantity_range CHECK (max_quantity IS NULL OR max_quantity >= min_quantity),
    CONSTRAINT ck_price_tiers_unit_price_non_negative CHECK (unit_price >= 0)
);
COMMENT ON TABLE price_tiers IS
    'Quantity-based pricing for a Product (PriceTier). Cascade-deleted with the product.';

CREATE INDEX ix_price_tiers_product_id ON price_tiers (product_id);

CREATE TABLE durations (
    id               uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    code             varchar(50)  NOT NULL,
    name             varchar(100) NOT NULL,
    months           integer      NOT NULL,
    discount_percent numeric(5,2) NOT NULL DEFAULT 0,
    is_active        boolean      NOT NULL DEFAULT true,
    sort_order       integer      NOT NULL DEFAULT 0,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_durations_code UNIQUE (code),
    CONSTRAINT ck_durations_months_positive CHECK (months > 0),
    CONSTRAINT ck_durations_discount_percent_range CHECK (discount_percent >= 0 AND discount_percent <= 100)
);
COMMENT ON TABLE durations IS
    'Commitment/subscription durations (Duration) applied to OrderItems.';
