-- 000000000800_upsert_functions.sql
-- Upsert functions for analytics (ad spend + daily metrics rollup).
--
-- Ported from the analytics service. The odd "000000000800" prefix sorts this file
-- BEFORE every other migration, so it cannot rely on the rest of the schema existing:
--   * the two analytics tables it owns (spend, metrics_daily) are created here;
--   * every function is PL/pgSQL, whose body is only resolved when it is called.
-- upsert_events()/recompute_metrics_daily() target the snake_case "events" shape
-- (id, occurred_at, user_id, event_name, props) described in 2025-11-05_telemetry.sql,
-- not the camelCase file-system "events" table created by 20240101000000_initial_schema.sql.

-- ---------------------------------------------------------------------------
-- Ad spend tracking
-- ---------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS spend (
  id           bigserial PRIMARY KEY,
  platform     text   NOT NULL,
  campaign_id  text   NOT NULL,
  adset_id     text   NOT NULL DEFAULT '',
  date         date   NOT NULL,
  spend_cents  bigint NOT NULL DEFAULT 0,
  clicks       integer NOT NULL DEFAULT 0,
  impressions  integer NOT NULL DEFAULT 0,
  conv         integer NOT NULL DEFAULT 0,
  CONSTRAINT spend_platform_campaign_adset_date_key UNIQUE (platform, campaign_id, adset_id, date)
);
COMMENT ON TABLE spend IS 'Ad spend tracking';

-- ---------------------------------------------------------------------------
-- Daily metrics rollup
-- ---------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS metrics_daily (
  id                  bigserial PRIMARY KEY,
  day                 date    NOT NULL,
  sessions            integer NOT NULL DEFAULT 0,
  add_to_carts        integer NOT NULL DEFAULT 0,
  orders              integer NOT NULL DEFAULT 0,
  revenue_cents       bigint  NOT NULL DEFAULT 0,
  refunds_cents       bigint  NOT NULL DEFAULT 0,
  aov_cents           bigint  NOT NULL DEFAULT 0,
  cac_cents           bigint  NOT NULL DEFAULT 0,
  conversion_rate     numeric(9,6) NOT NULL DEFAULT 0,
  gross_margin_cents  bigint  NOT NULL DEFAULT 0,
  traffic             integer NOT NULL DEFAULT 0,
  CONSTRAINT metrics_daily_day_key UNIQUE (day)
);
COMMENT ON TABLE metrics_daily IS 'Daily metrics rollup';

-- ---------------------------------------------------------------------------
-- upsert_events(_rows jsonb): bulk upsert events
-- _rows = [{"id": uuid, "occurred_at": ts, "user_id": uuid, "event_name": text, "props": {...}}, ...]
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION upsert_events(_rows jsonb)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  _count integer := 0;
BEGIN
  IF _rows IS NULL OR jsonb_typeof(_rows) <> 'array' THEN
    RAISE EXCEPTION 'upsert_events: _rows must be a JSON array, got %', coalesce(jsonb_typeof(_rows), 'null');
  END IF;

  INSERT INTO events (id, occurred_at, user_id, event_name, props)
  SELECT DISTINCT ON (r.id) r.id, r.occurred_at, r.user_id, r.event_name, r.props
  FROM (
    SELECT coalesce(x.id, gen_random_uuid()) AS id,
           coalesce(x.occurred_at, now())    AS occurred_at,
           x.user_id,
           x.event_name,
           coalesce(x.props, '{}'::jsonb)    AS props,
           x.ord
    FROM ROWS FROM (jsonb_to_recordset(_rows) AS (id uuid, occurred_at timestamptz, user_id uuid, event_name text, props jsonb))
         WITH ORDINALITY AS x(id, occurred_at, user_id, event_name, props, ord)
  ) AS r
  ORDER BY r.id, r.ord DESC   -- last row for an id in the batch wins
  ON CONFLICT (id) DO UPDATE
    SET occurred_at = EXCLUDED.occurred_at,
        user_id     = EXCLUDED.user_id,
        event_name  = EXCLUDED.event_name,
        props       = EXCLUDED.props;

  GET DIAGNOSTICS _count = ROW_COUNT;
  RETURN _count;
END;
$$;
COMMENT ON FUNCTION upsert_events(jsonb) IS 'Bulk upsert events';

-- ---------------------------------------------------------------------------
-- upsert_spend(_rows jsonb): bulk upsert spend data (keyed by platform/campaign/adset/date)
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION upsert_spend(_rows jsonb)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  _count integer := 0;
BEGIN
  IF _rows IS NULL OR jsonb_typeof(_rows) <> 'array' THEN
    RAISE EXCEPTION 'upsert_spend: _rows must be a JSON array, got %', coalesce(jsonb_typeof(_rows), 'null');
  END IF;

  INSERT INTO spend (platform, campaign_id, adset_id, date, spend_cents, clicks, impressions, conv)
  SELECT DISTINCT ON (r.platform, r.campaign_id, coalesce(r.adset_id, ''), r.date)
         r.platform,
         r.campaign_id,
         coalesce(r.adset_id, ''),
         r.date,
         coalesce(r.spend_cents, 0),
         coalesce(r.clicks, 0),
         coalesce(r.impressions, 0),
         coalesce(r.conv, 0)
  FROM ROWS FROM (jsonb_to_recordset(_rows) AS (platform text, campaign_id text, adset_id text, date date,
                                                  spend_cents bigint, clicks integer, impressions integer, conv integer))
       WITH ORDINALITY AS r(platform, campaign_id, adset_id, date, spend_cents, clicks, impressions, conv, ord)
  ORDER BY r.platform, r.campaign_id, coalesce(r.adset_id, ''), r.date, r.ord DESC   -- last row in the batch wins
  ON CONFLICT (platform, campaign_id, adset_id, date) DO UPDATE
    SET spend_cents = EXCLUDED.spend_cents,
        clicks      = EXCLUDED.clicks,
        impressions = EXCLUDED.impressions,
        conv        = EXCLUDED.conv;

  GET DIAGNOSTICS _count = ROW_COUNT;
  RETURN _count;
END;
$$;
COMMENT ON FUNCTION upsert_spend(jsonb) IS 'Bulk upsert spend data';

-- ---------------------------------------------------------------------------
-- recompute_metrics_daily(_start date, _end date): recompute daily metrics
-- Reads events (event_name in session_start/page_view/add_to_cart/order/refund,
-- amounts in props->>'amount_cents') and spend; upserts one metrics_daily row per day.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION recompute_metrics_daily(_start date, _end date)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  _count integer := 0;
BEGIN
  IF _start IS NULL OR _end IS NULL OR _end < _start THEN
    RAISE EXCEPTION 'recompute_metrics_daily: invalid range % .. %', _start, _end;
  END IF;

  WITH days AS (
    SELECT d::date AS day
    FROM generate_series(_start::timestamp, _end::timestamp, interval '1 day') AS d
  ),
  ev AS (
    SELECT e.occurred_at::date AS day,
           count(*) FILTER (WHERE e.event_name = 'session_start')                                   AS sessions,
           count(*) FILTER (WHERE e.event_name = 'page_view')                                       AS traffic,
           count(*) FILTER (WHERE e.event_name = 'add_to_cart')                                     AS add_to_carts,
           count(*) FILTER (WHERE e.event_name = 'order')                                           AS orders,
           coalesce(sum((e.props ->> 'amount_cents')::bigint) FILTER (WHERE e.event_name = 'order'), 0)  AS revenue_cents,
           coalesce(sum((e.props ->> 'amount_cents')::bigint) FILTER (WHERE e.event_name = 'refund'), 0) AS refunds_cents,
           coalesce(sum((e.props ->> 'cogs_cents')::bigint)   FILTER (WHERE e.event_name = 'order'), 0)  AS cogs_cents,
           count(DISTINCT e.user_id) FILTER (WHERE e.event_name = 'order' AND (e.props ->> 'first_order')::boolean) AS new_customers
    FROM events e
    WHERE e.occurred_at >= _start
      AND e.occurred_at <  _end + 1
    GROUP BY 1
  ),
  sp AS (
    SELECT s.date AS day, sum(s.spend_cents) AS spend_cents
    FROM spend s
    WHERE s.date BETWEEN _start AND _end
    GROUP BY 1
  )
  INSERT INTO metrics_daily AS m (day, sessions, add_to_carts, orders, revenue_cents, refunds_cents,
                                  aov_cents, cac_cents, conversion_rate, gross_margin_cents, traffic)
  SELECT d.day,
         coalesce(ev.sessions, 0),
         coalesce(ev.add_to_carts, 0),
         coalesce(ev.orders, 0),
         coalesce(ev.revenue_cents, 0),
         coalesce(ev.refunds_cents, 0),
         coalesce(ev.revenue_cents / nullif(ev.orders, 0), 0),
         coalesce(sp.spend_cents / nullif(ev.new_customers, 0), 0),
         coalesce(round(ev.orders::numeric / nullif(ev.sessions, 0), 6), 0),
         coalesce(ev.revenue_cents, 0) - coalesce(ev.refunds_cents, 0) - coalesce(ev.cogs_cents, 0) - coalesce(sp.spend_cents, 0),
         coalesce(ev.traffic, 0)
  FROM days d
  LEFT JOIN ev ON ev.day = d.day
  LEFT JOIN sp ON sp.day = d.day
  ON CONFLICT (day) DO UPDATE
    SET sessions           = EXCLUDED.sessions,
        add_to_carts       = EXCLUDED.add_to_carts,
        orders             = EXCLUDED.orders,
        revenue_cents      = EXCLUDED.revenue_cents,
        refunds_cents      = EXCLUDED.refunds_cents,
        aov_cents          = EXCLUDED.aov_cents,
        cac_cents          = EXCLUDED.cac_cents,
        conversion_rate    = EXCLUDED.conversion_rate,
        gross_margin_cents = EXCLUDED.gross_margin_cents,
        traffic            = EXCLUDED.traffic;

  GET DIAGNOSTICS _count = ROW_COUNT;
  RETURN _count;
END;
$$;
COMMENT ON FUNCTION recompute_metrics_daily(date, date) IS 'Recompute daily metrics';

-- ---------------------------------------------------------------------------
-- system_healthcheck(): system health check
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION system_healthcheck()
RETURNS jsonb
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  _result jsonb;
  _tables jsonb := '{}'::jsonb;
  _t text;
  _n bigint;
BEGIN
  FOREACH _t IN ARRAY ARRAY['events', 'spend', 'metrics_daily'] LOOP
    IF to_regclass(format('public.%I', _t)) IS NULL THEN
      _tables := _tables || jsonb_build_object(_t, NULL);
    ELSE
      EXECUTE format('SELECT count(*) FROM public.%I', _t) INTO _n;
      _tables := _tables || jsonb_build_object(_t, _n);
    END IF;
  END LOOP;

  _result := jsonb_build_object(
    'status',            'ok',
    'checked_at',        now(),
    'database',          current_database(),
    'database_bytes',    pg_database_size(current_database()),
    'row_counts',        _tables,
    'last_metrics_day',  (SELECT max(day) FROM metrics_daily),
    'last_spend_date',   (SELECT max(date) FROM spend)
  );
  RETURN _result;
END;
$$;
COMMENT ON FUNCTION system_healthcheck() IS 'System health check';
