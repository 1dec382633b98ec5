-- Lead management: leads with their activities, notes and status history.
-- Status transition rules are enforced by the application, not the database.

CREATE TYPE lead_status AS ENUM (
    'NEW',
    'CONTACTED',
    'QUALIFIED',
    'PROPOSAL',
    'NEGOTIATION',
    'CONVERTED',
    'LOST'
);

CREATE TYPE lead_activity_type AS ENUM (
    'CALL',
    'EMAIL',
    'MEETING',
    'DEMO',
    'TASK',
    'OTHER'
);

CREATE TABLE leads (
    id                  uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    company_name        varchar(255)  NOT NULL,
    contact_name        varchar(255),
    contact_email       varchar(255),
    contact_phone       varchar(50),
    source              varchar(100),
    status              lead_status   NOT NULL DEFAULT 'NEW',
    estimated_value     numeric(12,2),
    probability         integer,
    expected_close_date date,
    owner_id            uuid          NOT NULL REFERENCES users (id),
    partner_id          uuid          REFERENCES partners (id),
    distributor_id      uuid          REFERENCES distributors (id),
    converted_at        timestamptz,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    updated_at          timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT ck_leads_estimated_value_non_negative CHECK (estimated_value IS NULL OR estimated_value >= 0),
    CONSTRAINT ck_leads_probability_range CHECK (probability IS NULL OR (probability >= 0 AND probability <= 100))
);
COMMENT ON TABLE leads IS
    'Sales leads (Lead). Owned by a User, belong to a Partner and a Distributor; convert to Orders.';
COMMENT ON COLUMN leads.owner_id IS
    'Owning User. Not nullable and not cascaded: orphaned leads must be reassigned before the user is deleted.';

CREATE INDEX ix_leads_partner_id ON leads (partner_id);

CREATE TABLE lead_activities (
    id            uuid               PRIMARY KEY DEFAULT gen_random_uuid(),
    lead_id       uuid               NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    activity_type lead_activity_type NOT NULL,
    subject       varchar(255)       NOT NULL,
    description   text,
    occurred_at   timestamptz        NOT NULL DEFAULT now(),
    created_at    timestamptz        NOT NULL DEFAULT now()
);
COMMENT ON TABLE lead_activities IS
    'Activities logged against a Lead (LeadActivity). Cascade-deleted with the lead.';

CREATE INDEX ix_lead_activities_lead_id ON lead_activities (lead_id);

CREATE TABLE lead_notes (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    lead_id    uuid        NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    content    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE lead_notes IS
    'Free-text notes on a Lead (LeadNote). Cascade-deleted with the lead.';

CREATE INDEX ix_lead_notes_lead_id ON lead_notes (lead_id);

CREATE TABLE lead_status_history (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    lead_id    uuid        NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    old_status lead_status,
    new_status lead_status NOT NULL,
    reason     text,
    changed_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE lead_status_history IS
    'Status changes of a Lead (LeadStatusHistory), written by the application. Cascade-deleted with the lead.';

CREATE INDEX ix_lead_status_history_lead_id ON lead_status_history (lead_id);
