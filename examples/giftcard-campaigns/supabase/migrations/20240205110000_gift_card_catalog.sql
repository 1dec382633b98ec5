-- Gift card rewards: brands (reference data), per-client inventory pools, the
-- cards themselves, campaign reward conditions and the recipient <-> card junction.

CREATE TABLE public.gift_card_brands (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  brand_name            text NOT NULL,
  brand_code            text NOT NULL UNIQUE,
  provider              text NOT NULL DEFAULT 'csv_only' CHECK (provider IN ('tillo', 'csv_only')),
  logo_url              text,
  category              text,
  typical_denominations jsonb NOT NULL DEFAULT '[]'::jsonb,
  is_active             boolean NOT NULL DEFAULT true,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE public.gift_card_brands IS 'Gift card brands. Pre-loaded: Starbucks, Amazon, Target, Walmart, Jimmy Johns.';

INSERT INTO public.gift_card_brands (brand_name, brand_code, provider, category, typical_denominations) VALUES
  ('Starbucks',   'starbucks',   'tillo',    'food_beverage', '[5, 10, 25, 50]'),
  ('Amazon',      'amazon',      'tillo',    'retail',        '[10, 25, 50, 100]'),
  ('Target',      'target',      'tillo',    'retail',        '[10, 25, 50, 100]'),
  ('Walmart',     'walmart',     'tillo',    'retail',        '[10, 25, 50, 100]'),
  ('Jimmy Johns', 'jimmy_johns', 'csv_only', 'food_beverage', '[10, 15, 25]')
ON CONFLICT (brand_code) DO NOTHING;

CREATE TABLE public.gift_card_pools (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id           uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
  brand_id            uuid NOT NULL REFERENCES public.gift_card_brands (id),
  card_value          numeric(10,2) NOT NULL,
  pool_name           text NOT NULL,
  total_cards         integer NOT NULL DEFAULT 0,
  available_cards     integer NOT NULL DEFAULT 0,
  claimed_cards       integer NOT NULL DEFAULT 0,
  purchase_method     text NOT NULL DEFAULT 'csv_only' CHECK (purchase_method IN ('csv_only', 'api_only', 'fallback')),
  low_stock_threshold integer NOT NULL DEFAULT 10,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);

COMMENT ON COLUMN public.gift_card_pools.purchase_method IS 'csv_only / api_only / fallback';

CREATE INDEX idx_gift_card_pools_brand_id ON public.gift_card_pools (brand_id);

CREATE TABLE public.gift_cards (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pool_id                 uuid NOT NULL REFERENCES public.gift_card_pools (id) ON DELETE CASCADE,
  brand_id                uuid REFERENCES public.gift_card_brands (id),
  card_code               text NOT NULL UNIQUE,
  card_number             text,
  status                  text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'claimed', 'delivered')),
  claimed_at              timestamptz,
  claimed_by_recipient_id uuid REFERENCES public.recipients (id) ON DELETE SET NULL,
  delivered_at            timestamptz,
  current_balance         numeric(10,2),
  balance_checked_at      timestamptz,
  expiration_date         date,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);

COMMENT ON COLUMN public.gift_cards.pool_id IS 'Pool membership';
COMMENT ON COLUMN public.gift_cards.card_code IS 'Card code';
COMMENT ON COLUMN public.gift_cards.card_number IS 'Card number';
COMMENT ON COLUMN public.gift_cards.status IS 'available / claimed / delivered';

CREATE INDEX idx_gift_cards_status ON public.gift_cards (status);
CREATE INDEX idx_gift_cards_pool_status ON public.gift_cards (pool_id, status);

CREATE TABLE public.campaign_conditions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id      uuid NOT NULL REFERENCES public.campaigns (id) ON DELETE CASCADE,
  condition_number integer NOT NULL,
  condition_name   text NOT NULL,
  trigger_type     text NOT NULL,
  brand_id         uuid REFERENCES public.gift_card_brands (id),
  card_value       numeric(10,2),
  is_active        boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, condition_number)
);

COMMENT ON TABLE public.campaign_conditions IS 'Links campaigns to gift card rewards; conditions are evaluated sequentially by condition_number.';

CREATE TABLE public.recipient_gift_cards (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_id uuid NOT NULL REFERENCES public.recipients (id) ON DELETE CASCADE,
  campaign_id  uuid NOT NULL REFERENCES public.campaigns (id) ON DELETE CASCADE,
  condition_id uuid NOT NULL REFERENCES public.campaign_conditions (id) ON DELETE CASCADE,
  gift_card_id uuid NOT NULL UNIQUE REFERENCES public.gift_cards (id) ON DELETE CASCADE,
  assigned_at  timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  UNIQUE (recipient_id, condition_id)
);

COMMENT ON TABLE public.recipient_gift_cards IS 'Links recipients to multiple gift cards (one per campaign condition met); supports multi-condition rewards.';

CREATE TRIGGER update_gift_card_brands_updated_at
  BEFORE UPDATE ON public.gift_card_brands
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TRIGGER update_gift_card_pools_updated_at
  BEFORE UPDATE ON public.gift_card_pools
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TRIGGER update_gift_cards_updated_at
  BEFORE UPDATE ON public.gift_cards
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TRIGGER update_campaign_conditions_updated_at
  BEFORE UPDATE ON public.campaign_conditions
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
