-- 20240101000003_privacy_monitoring.sql
-- Privacy Guardian: privacy tables, zero-trust RLS, redaction/encryption helpers,
-- retention cleanup driven by user preferences, health check.
--
-- Zero trust: telemetry_events, privacy_transparency_log and privacy_prefs get NO
-- service-role / admin policies. Background work goes through SECURITY DEFINER
-- functions below instead.

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;

-- ===========================================================================
-- MFA session tracking
-- ===========================================================================
CREATE TABLE mfa_enforced_sessions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"       uuid NOT NULL REFERENCES users (id),
  "sessionToken" text NOT NULL,
  "expiresAt"    timestamptz NOT NULL,
  "createdAt"    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE mfa_enforced_sessions IS 'MFA session tracking';

-- ===========================================================================
-- Privacy & compliance tables
-- ===========================================================================
CREATE TABLE privacy_prefs (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"            uuid NOT NULL UNIQUE REFERENCES users (id),
  "consentGiven"      boolean NOT NULL DEFAULT false,
  "dataRetentionDays" integer NOT NULL DEFAULT 30 CHECK ("dataRetentionDays" > 0),
  "mfaRequired"       boolean NOT NULL DEFAULT false,
  "lastReviewedAt"    timestamptz,
  "monitoringEnabled" boolean NOT NULL DEFAULT false,
  "createdAt"         timestamptz NOT NULL DEFAULT now(),
  "updatedAt"         timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE privacy_prefs IS 'Privacy preferences';

CREATE TABLE app_allowlist (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"    uuid NOT NULL REFERENCES users (id),
  "appId"     text NOT NULL,
  "appName"   text NOT NULL,
  enabled     boolean NOT NULL DEFAULT true,
  scope       text NOT NULL DEFAULT 'metadata',
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT app_allowlist_user_app_key UNIQUE ("userId", "appId")
);
COMMENT ON TABLE app_allowlist IS 'App allowlist';

CREATE TABLE signal_toggles (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"       uuid NOT NULL REFERENCES users (id),
  "signalKey"    text NOT NULL,
  enabled        boolean NOT NULL DEFAULT false,
  "samplingRate" numeric(4,3) NOT NULL DEFAULT 1.000 CHECK ("samplingRate" >= 0 AND "samplingRate" <= 1),
  "createdAt"    timestamptz NOT NULL DEFAULT now(),
  "updatedAt"    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT signal_toggles_user_signal_key UNIQUE ("userId", "signalKey")
);
COMMENT ON TABLE signal_toggles IS 'Signal toggles';

CREATE TABLE telemetry_events (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"               uuid NOT NULL REFERENCES users (id),
  "timestamp"            timestamptz NOT NULL DEFAULT now(),
  "appId"                text NOT NULL,
  "eventType"            text NOT NULL,
  "durationMs"           integer,
  "metadataRedactedJson" jsonb NOT NULL DEFAULT '{}'::jsonb,
  "createdAt"            timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE telemetry_events IS 'Telemetry events';

CREATE TABLE privacy_transparency_log (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "userId"       uuid NOT NULL REFERENCES users (id),
  action         text NOT NULL,
  resource       text NOT NULL,
  "resourceId"   text,
  "oldValueHash" text,
  "newValueHash" text,
  metadata       jsonb NOT NULL DEFAULT '{}'::jsonb,
  "timestamp"    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE privacy_transparency_log IS 'Privacy transparency log';

-- ===========================================================================
-- updatedAt triggers
-- ===========================================================================
CREATE TRIGGER update_privacy_prefs_updated_at
  BEFORE UPDATE ON privacy_prefs
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_app_allowlist_updated_at
  BEFORE UPDATE ON app_allowlist
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_signal_toggles_updated_at
  BEFORE UPDATE ON signal_toggles
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- ===========================================================================
-- Privacy functions
-- ===========================================================================

-- Encrypt metadata with a symmetric key (PGP, base64-armoured so it fits in text/jsonb).
CREATE OR REPLACE FUNCTION encrypt_telemetry_metadata(plaintext jsonb, encryption_key text)
RETURNS text
LANGUAGE plpgsql
STRICT
SET search_path = public, extensions
AS $$
BEGIN
  IF length(encryption_key) < 16 THEN
    RAISE EXCEPTION 'encrypt_telemetry_metadata: encryption key must be at least 16 characters';
  END IF;
  RETURN encode(extensions.pgp_sym_encrypt(plaintext::text, encryption_key, 'cipher-algo=aes256'), 'base64');
END;
$$;
COMMENT ON FUNCTION encrypt_telemetry_metadata(jsonb, text) IS 'Encrypt metadata';

-- Redact sensitive fields (recursively): sensitive keys are replaced by '[REDACTED]',
-- e-mail addresses and absolute file paths inside string values are masked.
CREATE OR REPLACE FUNCTION redact_telemetry_metadata(raw_metadata jsonb)
RETURNS jsonb
LANGUAGE plpgsql
IMMUTABLE
AS $$
DECLARE
  _sensitive constant text[] := ARRAY[
    'email', 'password', 'passwordhash', 'token', 'accesstoken', 'refreshtoken', 'secret',
    'apikey', 'api_key', 'authorization', 'cookie', 'ip', 'ipaddress', 'ip_address',
    'phone', 'ssn', 'creditcard', 'card_number', 'username', 'name', 'address',
    'windowtitle', 'window_title', 'url', 'clipboard', 'keystrokes'];
  _result jsonb;
  _key    text;
  _value  jsonb;
  _str    text;
BEGIN
  IF raw_metadata IS NULL THEN
    RETURN '{}'::jsonb;
  END IF;

  CASE jsonb_typeof(raw_metadata)
    WHEN 'object' THEN
      _result := '{}'::jsonb;
      FOR _key, _value IN SELECT e.key, e.value FROM jsonb_each(raw_metadata) AS e LOOP
        IF lower(_key) = ANY (_sensitive) THEN
          _result := _result || jsonb_build_object(_key, '[REDACTED]');
        ELSE
          _result := _result || jsonb_build_object(_key, redact_telemetry_metadata(_value));
        END IF;
      END LOOP;
      RETURN _result;
    WHEN 'array' THEN
      SELECT coalesce(jsonb_agg(redact_telemetry_metadata(a.value) ORDER BY a.ordinality), '[]'::jsonb)
        INTO _result
      FROM jsonb_array_elements(raw_metadata) WITH ORDINALITY AS a(value, ordinality);
      RETURN _result;
    WHEN 'string' THEN
      _str := raw_metadata #>> '{}';
      _str := regexp_replace(_str, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '[REDACTED_EMAIL]', 'g');
      _str := regexp_replace(_str, '(/(Users|home)/[^/\s]+)', '~', 'g');
      RETURN to_jsonb(_str);
    ELSE
      RETURN raw_metadata;
  END CASE;
END;
$$;
COMMENT ON FUNCTION redact_telemetry_metadata(jsonb) IS 'Redact sensitive fields';

CREATE OR REPLACE FUNCTION auto_redact_telemetry()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW."metadataRedactedJson" := redact_telemetry_metadata(NEW."metadataRedactedJson");
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION auto_redact_telemetry() IS 'Trigger function for auto-redaction';

CREATE TRIGGER auto_redact_telemetry_before_insert
  BEFORE INSERT ON telemetry_events
  FOR EACH ROW EXECUTE FUNCTION auto_redact_telemetry();
COMMENT ON TRIGGER auto_redact_telemetry_before_insert ON telemetry_events IS 'Auto-redact telemetry on insert';

-- Delete telemetry older than each user's privacy_prefs."dataRetentionDays" and record
-- the cleanup in the user's transparency log.
CREATE OR REPLACE FUNCTION cleanup_telemetry_by_retention()
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  _total bigint := 0;
BEGIN
  WITH deleted AS (
    DELETE FROM telemetry_events t
    USING privacy_prefs p
    WHERE t."userId" = p."userId"
      AND t."timestamp" < now() - make_interval(days => p."dataRetentionDays")
    RETURNING t."userId", p."dataRetentionDays"
  ),
  per_user AS (
    SELECT d."userId", d."dataRetentionDays", count(*) AS n
    FROM deleted d
    GROUP BY d."userId", d."dataRetentionDays"
  ),
  logged AS (
    INSERT INTO privacy_transparency_log ("userId", action, resource, metadata)
    SELECT pu."userId", 'retention_cleanup', 'telemetry_events',
           jsonb_build_object('deleted', pu.n, 'retentionDays', pu."dataRetentionDays")
    FROM per_user pu
    RETURNING 1
  )
  SELECT coalesce(sum(pu.n), 0) INTO _total FROM per_user pu;

  RETURN _total;
END;
$$;
COMMENT ON FUNCTION cleanup_telemetry_by_retention() IS 'Clean up telemetry based on user preferences';

-- Privacy system health check
CREATE OR REPLACE FUNCTION privacy_guardian_health_check()
RETURNS jsonb
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  _tables constant text[] := ARRAY['privacy_prefs', 'app_allowlist', 'signal_toggles',
                                   'telemetry_events', 'privacy_transparency_log', 'mfa_enforced_sessions'];
  _rls jsonb;
  _missing_rls text[];
  _redaction boolean;
  _overdue bigint;
  _unconsented bigint;
BEGIN
  SELECT jsonb_object_agg(c.relname, c.relrowsecurity),
         coalesce(array_agg(c.relname::text) FILTER (WHERE NOT c.relrowsecurity), '{}')
    INTO _rls, _missing_rls
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relname = ANY (_tables);

  SELECT EXISTS (
    SELECT 1 FROM pg_trigger t
    WHERE t.tgrelid = 'public.telemetry_events'::regclass
      AND t.tgname = 'auto_redact_telemetry_before_insert'
      AND t.tgenabled <> 'D'
  ) INTO _redaction;

  SELECT count(*) INTO _overdue
  FROM telemetry_events t
  JOIN privacy_prefs p ON p."userId" = t."userId"
  WHERE t."timestamp" < now() - make_interval(days => p."dataRetentionDays");

  SELECT count(*) INTO _unconsented
  FROM telemetry_events t
  LEFT JOIN privacy_prefs p ON p."userId" = t."userId"
  WHERE p."consentGiven" IS DISTINCT FROM true;

  RETURN jsonb_build_object(
    'status', CASE WHEN cardinality(_missing_rls) = 0 AND _redaction AND _overdue = 0 AND _unconsented = 0
                   THEN 'healthy' ELSE 'degraded' END,
    'checked_at',                 now(),
    'rls',                        _rls,
    'tables_missing_rls',         to_jsonb(_missing_rls),
    'auto_redaction_enabled',     _redaction,
    'telemetry_past_retention',   _overdue,
    'telemetry_without_consent',  _unconsented
  );
END;
$$;
COMMENT ON FUNCTION privacy_guardian_health_check() IS 'Privacy system health check';

-- ===========================================================================
-- Row Level Security
-- ===========================================================================
ALTER TABLE mfa_enforced_sessions     ENABLE ROW LEVEL SECURITY;
ALTER TABLE privacy_prefs             ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_allowlist             ENABLE ROW LEVEL SECURITY;
ALTER TABLE signal_toggles            ENABLE ROW LEVEL SECURITY;
ALTER TABLE telemetry_events          ENABLE ROW LEVEL SECURITY;
ALTER TABLE privacy_transparency_log  ENABLE ROW LEVEL SECURITY;

-- Standard pattern (own data + service role)
CREATE POLICY "Users can view own data" ON mfa_enforced_sessions
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can manage own data" ON mfa_enforced_sessions
  FOR ALL TO authenticated USING (auth.uid() = "userId") WITH CHECK (auth.uid() = "userId");
CREATE POLICY "Service role bypass" ON mfa_enforced_sessions
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');

CREATE POLICY "Users can view own data" ON app_allowlist
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can manage own data" ON app_allowlist
  FOR ALL TO authenticated USING (auth.uid() = "userId") WITH CHECK (auth.uid() = "userId");
CREATE POLICY "Service role bypass" ON app_allowlist
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');

CREATE POLICY "Users can view own data" ON signal_toggles
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can manage own data" ON signal_toggles
  FOR ALL TO authenticated USING (auth.uid() = "userId") WITH CHECK (auth.uid() = "userId");
CREATE POLICY "Service role bypass" ON signal_toggles
  FOR ALL USING (auth.role() = 'service_role') WITH CHECK (auth.role() = 'service_role');

-- Zero trust: users can ONLY view/insert their own telemetry (no update/delete, no admin bypass)
CREATE POLICY "Users can view own telemetry" ON telemetry_events
  FOR SELECT TO authenticated USING (auth.uid() = "userId");
CREATE POLICY "Users can insert own telemetry" ON telemetry_events
  FOR INSERT TO authenticated WITH CHECK (auth.uid() = "userId");

-- Zero trust: users can ONLY view their own transparency log (immutable: no write policies)
CREATE POLICY "Users can view own transparency log" ON privacy_transparency_log
  FOR SELECT TO authenticated USING (auth.uid() = "userId");

-- Zero trust: users can ONLY manage their own privacy preferences
CREATE POLICY "Users can manage own privacy prefs" ON privacy_prefs
  FOR ALL TO authenticated USING (auth.uid() = "userId") WITH CHECK (auth.uid() = "userId");
