-- Accounts and multi-tenancy: admin users, distributors, partners, users and
-- the Distributor <-> Partner junction (DistributorPartner).

CREATE TYPE user_role AS ENUM (
    'PARTNER_ADMIN',
    'PARTNER_USER',
    'DISTRIBUTOR_ADMIN',
    'DISTRIBUTOR_USER'
);

CREATE TABLE admin_users (
    id              uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    email           varchar(255) NOT NULL,
    hashed_password varchar(255) NOT NULL,
    full_name       varchar(255) NOT NULL,
    is_active       boolean      NOT NULL DEFAULT true,
    is_superadmin   boolean      NOT NULL DEFAULT false,
    last_login_at   timestamptz,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_admin_users_email UNIQUE (email)
);
COMMENT ON TABLE admin_users IS
    'Back-office administrators (AdminUser). Enable Users and assign Distributor/Partner links.';

CREATE TABLE distributors (
    id            uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    code          varchar(50)  NOT NULL,
    name          varchar(255) NOT NULL,
    legal_name    varchar(255),
    vat_number    varchar(50),
    contact_email varchar(255),
    phone         varchar(50),
    address       text,
    is_active     boolean      NOT NULL DEFAULT true,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_distributors_code UNIQUE (code)
);
COMMENT ON TABLE distributors IS
    'Distributor tenant (Distributor). Employs Users, manages Leads, handles Orders, oversees Contracts; linked N:M to Partners through distributor_partners.';

CREATE TABLE partners (
    id            uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    code          varchar(50)  NOT NULL,
    name          varchar(255) NOT NULL,
    legal_name    varchar(255),
    vat_number    varchar(50),
    contact_email varchar(255),
    phone         varchar(50),
    address       text,
    is_active     boolean      NOT NULL DEFAULT true,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_partners_code UNIQUE (code)
);
COMMENT ON TABLE partners IS
    'Partner tenant (Partner). Employs Users, has Leads, places Orders, holds Contracts; linked N:M to Distributors through distributor_partners.';

CREATE TABLE users (
    id              uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    email           varchar(255) NOT NULL,
    hashed_password varchar(255) NOT NULL,
    full_name       varchar(255) NOT NULL,
    role            user_role    NOT NULL DEFAULT 'PARTNER_USER',
    partner_id      uuid         REFERENCES partners (id),
    distributor_id  uuid         REFERENCES distributors (id),
    is_active       boolean      NOT NULL DEFAULT true,
    is_enabled      boolean      NOT NULL DEFAULT false,
    enabled_by      uuid         REFERENCES admin_users (id),
    enabled_at      timestamptz,
    is_deleted      boolean      NOT NULL DEFAULT false,
    deleted_at      timestamptz,
    last_login_at   timestamptz,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_users_email UNIQUE (email)
);
COMMENT ON TABLE users IS
    'Application users (User). Belong to one Partner and/or one Distributor; own Leads, create Orders, manage Contracts.';
COMMENT ON COLUMN users.enabled_by IS
    'AdminUser who enabled this user. Nullable: a user can become orphaned if the enabling admin is deleted.';
COMMENT ON COLUMN users.is_deleted IS
    'Soft delete: users with historical orders are kept and marked as deleted instead of being removed.';

CREATE INDEX ix_users_partner_id     ON users (partner_id);
CREATE INDEX ix_users_distributor_id ON users (distributor_id);
CREATE INDEX ix_users_enabled_by     ON users (enabled_by);

CREATE TABLE distributor_partners (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    distributor_id uuid        NOT NULL REFERENCES distributors (id) ON DELETE CASCADE,
    partner_id     uuid        NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    assigned_by    uuid        REFERENCES admin_users (id),
    assigned_at    timestamptz NOT NULL DEFAULT now(),
    is_active      boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_distributor_partners_distributor_partner UNIQUE (distributor_id, partner_id)
);
COMMENT ON TABLE distributor_partners IS
    'DistributorPartner junction table: N:M link between Distributors and Partners, assigned by an AdminUser. Cascade-deleted from both sides.';

CREATE INDEX ix_distributor_partners_distributor_id ON distributor_partners (distributor_id);
CREATE INDEX ix_distributor_partners_partner_id     ON distributor_partners (partner_id);
CREATE INDEX ix_distributor_partners_assigned_by    ON distributor_partners (assigned_by);
