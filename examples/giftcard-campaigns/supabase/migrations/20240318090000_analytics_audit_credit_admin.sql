-- Analytics & reporting (events, audit logs, balance history), the credit
-- system, and admin/platform tables (table preferences, API keys).

CREATE TABLE public.events (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id  uuid REFERENCES public.campaigns (id) ON DELETE CASCADE,
  recipient_id uuid REFERENCES public.recipients (id) ON DELETE SET NULL,
  event_type   text NOT NULL,
  source       text,
  event_data   jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  created_at   timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE public.events IS 'Event tracking (mail delivered, PURL visit, call, form submission, ...).';

CREATE TABLE public.recipient_audit_log (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_id         uuid NOT NULL REFERENCES public.recipients (id) ON DELETE CASCADE,
  action               text NOT NULL,
  performed_by_user_id uuid REFERENCES public.users (id) ON DELETE SET NULL,
  old_data             jsonb,
  new_data             jsonb,
  created_at           timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE public.recipient_audit_log IS 'Full audit trail of recipient changes.';

CREATE TABLE public.gift_card_audit_log (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gift_card_id uuid NOT NULL REFERENCES public.gift_cards (id) ON DELETE CASCADE,
  action       text NOT NULL,
  old_status   text,
  new_status   text,
  recipient_id uuid REFERENCES public.recipients (id) ON DELETE SET NULL,
  performed_by uuid REFERENCES public.users (id) ON DELETE SET NULL,
  details      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.gift_card_balance_history (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gift_card_id     uuid NOT NULL REFERENCES public.gift_cards (id) ON DELETE CASCADE,
  previous_balance numeric(10,2),
  new_balance      numeric(10,2),
  change_amount    numeric(10,2),
  source           text NOT NULL DEFAULT 'manual',
  checked_at       timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- Credit & financial (multi-level: agency accounts fund client accounts)
-- ---------------------------------------------------------------------------
CREATE TABLE public.credit_accounts (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id            uuid NOT NULL UNIQUE REFERENCES public.organizations (id) ON DELETE CASCADE,
  parent_account_id uuid REFERENCES public.credit_accounts (id) ON DELETE SET NULL,
  account_type      text NOT NULL CHECK (account_type IN ('agency', 'client')),
  balance           numeric(12,2) NOT NULL DEFAULT 0,
  total_purchased   numeric(12,2) NOT NULL DEFAULT 0,
  total_used        numeric(12,2) NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.credit_transactions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id       uuid NOT NULL REFERENCES public.credit_accounts (id) ON DELETE CASCADE,
  transaction_type text NOT NULL,
  amount           numeric(12,2) NOT NULL,
  balance_after    numeric(12,2),
  campaign_id      uuid REFERENCES public.campaigns (id) ON DELETE SET NULL,
  gift_card_id     uuid REFERENCES public.gift_cards (id) ON DELETE SET NULL,
  description      text,
  created_by       uuid REFERENCES public.users (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.gift_card_sales (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gift_card_id uuid NOT NULL UNIQUE REFERENCES public.gift_cards (id) ON DELETE CASCADE,
  client_id    uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  pool_id      uuid REFERENCES public.gift_card_pools (id) ON DELETE SET NULL,
  sale_price   numeric(10,2) NOT NULL,
  cost_basis   numeric(10,2),
  profit       numeric(10,2),
  sold_at      timestamptz NOT NULL DEFAULT now(),
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- Admin & platform
-- ---------------------------------------------------------------------------
CREATE TABLE public.user_table_preferences (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id         uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  table_name      text NOT NULL,
  visible_columns jsonb,
  column_order    jsonb,
  column_widths   jsonb,
  sort_config     jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, table_name)
);

CREATE TABLE public.api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id    uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  name         text NOT NULL,
  key_prefix   text NOT NULL,
  key_hash     text NOT NULL UNIQUE,
  scopes       jsonb NOT NULL DEFAULT '[]'::jsonb,
  last_used_at timestamptz,
  expires_at   timestamptz,
  revoked_at   timestamptz,
  created_by   uuid REFERENCES public.users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER update_credit_accounts_updated_at
  BEFORE UPDATE ON public.credit_accounts
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TRIGGER update_user_table_preferences_updated_at
  BEFORE UPDATE ON public.user_table_preferences
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- ---------------------------------------------------------------------------
-- Audit triggers
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION public.log_recipient_changes()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO public.recipient_audit_log (recipient_id, action, performed_by_user_id, old_data, new_data)
    VALUES (NEW.id, 'created', auth.uid(), NULL, to_jsonb(NEW));
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO public.recipient_audit_log (recipient_id, action, performed_by_user_id, old_data, new_data)
    VALUES (NEW.id, 'updated', auth.uid(), to_jsonb(OLD), to_jsonb(NEW));
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER audit_recipient_changes
  AFTER INSERT OR UPDATE ON public.recipients
  FOR EACH ROW EXECUTE FUNCTION public.log_recipient_changes();

CREATE OR REPLACE FUNCTION public.log_gift_card_changes()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO public.gift_card_audit_log (gift_card_id, action, old_status, new_status, performed_by)
    VALUES (NEW.id, 'created', NULL, NEW.status, auth.uid());
  ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
    INSERT INTO public.gift_card_audit_log (gift_card_id, action, old_status, new_status, recipient_id, performed_by)
    VALUES (NEW.id, 'status_changed', OLD.status, NEW.status, NEW.claimed_by_recipient_id, auth.uid());
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER audit_gift_card_changes
  AFTER INSERT OR UPDATE ON public.gift_cards
  FOR EACH ROW EXECUTE FUNCTION public.log_gift_card_changes();

CREATE OR REPLACE FUNCTION public.record_gift_card_balance_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
BEGIN
  INSERT INTO public.gift_card_balance_history (gift_card_id, previous_balance, new_balance, change_amount)
  VALUES (NEW.id, OLD.current_balance, NEW.current_balance,
          NEW.current_balance - coalesce(OLD.current_balance, 0));
  RETURN NEW;
END;
$$;

CREATE TRIGGER track_gift_card_balance
  AFTER UPDATE OF current_balance ON public.gift_cards
  FOR EACH ROW
  WHEN (OLD.current_balance IS DISTINCT FROM NEW.current_balance)
  EXECUTE FUNCTION public.record_gift_card_balance_change();
