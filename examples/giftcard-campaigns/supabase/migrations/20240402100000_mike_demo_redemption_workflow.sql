-- Mike demo: call-center redemption workflow on recipients.
-- Each recipient gets a unique redemption code, an approval status set by the
-- call center, SMS opt-in tracking and the gift card assigned to them.

ALTER TABLE public.recipients
  ADD COLUMN redemption_code         text UNIQUE,
  ADD COLUMN approval_status         text NOT NULL DEFAULT 'pending'
    CHECK (approval_status IN ('pending', 'approved', 'rejected', 'redeemed')),
  ADD COLUMN approved_by_user_id     uuid REFERENCES public.users (id) ON DELETE SET NULL,
  ADD COLUMN approved_at             timestamptz,
  ADD COLUMN sms_opt_in_status       text,
  ADD COLUMN sms_opt_in_sent_at      timestamptz,
  ADD COLUMN sms_opt_in_confirmed_at timestamptz,
  ADD COLUMN gift_card_assigned_id   uuid REFERENCES public.gift_cards (id) ON DELETE SET NULL;

COMMENT ON COLUMN public.recipients.redemption_code IS 'Customer unique code';
COMMENT ON COLUMN public.recipients.approval_status IS 'pending / approved / rejected / redeemed';
COMMENT ON COLUMN public.recipients.approved_by_user_id IS 'Who approved';
COMMENT ON COLUMN public.recipients.approved_at IS 'When approved';
COMMENT ON COLUMN public.recipients.sms_opt_in_status IS 'Opt-in tracking';
COMMENT ON COLUMN public.recipients.gift_card_assigned_id IS 'Card assignment';

CREATE INDEX idx_recipients_redemption_code ON public.recipients (redemption_code);
CREATE INDEX idx_recipients_approval_status ON public.recipients (approval_status);

-- Human-friendly code, e.g. 'K7QD-3M9X' (no 0/O/1/I).
CREATE OR REPLACE FUNCTION public.generate_redemption_code()
RETURNS text
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  v_alphabet constant text := 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  v_code text;
BEGIN
  LOOP
    v_code := '';
    FOR i IN 1..8 LOOP
      v_code := v_code || substr(v_alphabet, 1 + floor(random() * length(v_alphabet))::int, 1);
      IF i = 4 THEN
        v_code := v_code || '-';
      END IF;
    END LOOP;
    EXIT WHEN NOT EXISTS (SELECT 1 FROM public.recipients WHERE redemption_code = v_code);
  END LOOP;
  RETURN v_code;
END;
$$;

CREATE OR REPLACE FUNCTION public.set_recipient_redemption_code()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.redemption_code IS NULL OR NEW.redemption_code = '' THEN
    NEW.redemption_code := public.generate_redemption_code();
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER set_recipient_redemption_code
  BEFORE INSERT ON public.recipients
  FOR EACH ROW EXECUTE FUNCTION public.set_recipient_redemption_code();

-- Backfill recipients created before this migration.
UPDATE public.recipients
SET redemption_code = public.generate_redemption_code()
WHERE redemption_code IS NULL;

-- Approval workflow: pending -> approved | rejected, approved -> redeemed.
CREATE OR REPLACE FUNCTION public.enforce_recipient_approval_transition()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.approval_status IS DISTINCT FROM OLD.approval_status THEN
    IF NOT (
         (OLD.approval_status = 'pending'  AND NEW.approval_status IN ('approved', 'rejected'))
      OR (OLD.approval_status = 'approved' AND NEW.approval_status = 'redeemed')
    ) THEN
      RAISE EXCEPTION 'Invalid approval status transition: % -> %', OLD.approval_status, NEW.approval_status
        USING ERRCODE = 'check_violation';
    END IF;

    IF NEW.approval_status = 'approved' THEN
      NEW.approved_at := coalesce(NEW.approved_at, now());
      NEW.approved_by_user_id := coalesce(NEW.approved_by_user_id, auth.uid());
    END IF;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER enforce_recipient_approval_transition
  BEFORE UPDATE OF approval_status ON public.recipients
  FOR EACH ROW EXECUTE FUNCTION public.enforce_recipient_approval_transition();
