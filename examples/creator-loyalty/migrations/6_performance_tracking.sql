-- Domain 3: Performance Tracking

CREATE TABLE videos (
    id           uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid          NOT NULL REFERENCES users (id),
    client_id    uuid          NOT NULL REFERENCES clients (id),
    video_url    text          NOT NULL UNIQUE,
    video_title  text,
    post_date    date          NOT NULL,
    views        bigint        NOT NULL DEFAULT 0 CHECK (views >= 0),
    likes        bigint        NOT NULL DEFAULT 0 CHECK (likes >= 0),
    comments     bigint        NOT NULL DEFAULT 0 CHECK (comments >= 0),
    gmv          numeric(12,2) NOT NULL DEFAULT 0,
    ctr          numeric(6,3),
    units_sold   integer       NOT NULL DEFAULT 0,
    sync_date    timestamptz   NOT NULL DEFAULT now(),
    created_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now()
);

COMMENT ON TABLE videos IS 'Per-video analytics from Cruva CSV.';

CREATE TABLE sales_adjustments (
    id               uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id          uuid          NOT NULL REFERENCES users (id),
    client_id        uuid          NOT NULL REFERENCES clients (id),
    amount           numeric(12,2),
    amount_units     integer,
    adjustment_type  text          NOT NULL
                                   CHECK (adjustment_type IN ('offline_sale', 'refund', 'bonus')),
    reason           text          NOT NULL,
    adjusted_by      uuid          NOT NULL REFERENCES users (id),
    applied_at       timestamptz,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    CHECK (amount IS NOT NULL OR amount_units IS NOT NULL)
);

COMMENT ON TABLE sales_adjustments IS 'Manual corrections (offline sales, refunds, bonuses).';

CREATE TABLE sync_logs (
    id                 uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id          uuid         NOT NULL REFERENCES clients (id),
    status             text         NOT NULL DEFAULT 'running'
                                    CHECK (status IN ('running', 'success', 'failed')),
    source             text         NOT NULL DEFAULT 'auto'
                                    CHECK (source IN ('auto', 'manual')),
    file_name          text,
    records_processed  integer      NOT NULL DEFAULT 0,
    error_message      text,
    started_at         timestamptz  NOT NULL DEFAULT now(),
    completed_at       timestamptz,
    triggered_by       uuid         REFERENCES users (id)
);

COMMENT ON TABLE sync_logs IS 'Data sync operation tracking.';
COMMENT ON COLUMN sync_logs.triggered_by IS 'Admin who started a manual sync; NULL for the scheduled (auto) sync.';
