-- Row Level Security: enabled on every table.
--   * client/org isolation: public.user_can_access_client(auth.uid(), <client id>)
--     through organization_members (directly or via the parent agency);
--   * admin override: public.has_role(auth.uid(), 'admin') on every table;
--   * public routes (anon): gift card brands, redemption-code lookup on recipients,
--     active ACE forms and their fields, form submissions, published landing pages.

ALTER TABLE public.organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.permissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.user_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.organization_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.audiences ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.campaigns ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.recipients ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.gift_card_brands ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.gift_card_pools ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.gift_cards ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.campaign_conditions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.recipient_gift_cards ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.call_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.call_conditions_met ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.sms_opt_in_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.sms_delivery_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.gift_card_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.contact_lists ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.contact_list_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.contact_campaign_participation ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.crm_integrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.crm_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.ace_forms ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.ace_form_fields ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.ace_form_submissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.landing_pages ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.recipient_audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.gift_card_audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.gift_card_balance_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.credit_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.credit_transactions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.gift_card_sales ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.user_table_preferences ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.api_keys ENABLE ROW LEVEL SECURITY;

-- ---------------------------------------------------------------------------
-- Admin override
-- ---------------------------------------------------------------------------
CREATE POLICY "Admins can manage all organizations" ON public.organizations
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all users" ON public.users
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all roles" ON public.roles
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all permissions" ON public.permissions
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all user roles" ON public.user_roles
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all organization members" ON public.organization_members
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all audiences" ON public.audiences
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all templates" ON public.templates
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all campaigns" ON public.campaigns
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all recipients" ON public.recipients
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all gift card brands" ON public.gift_card_brands
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all gift card pools" ON public.gift_card_pools
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all gift cards" ON public.gift_cards
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all campaign conditions" ON public.campaign_conditions
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all recipient gift cards" ON public.recipient_gift_cards
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all call sessions" ON public.call_sessions
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all call conditions met" ON public.call_conditions_met
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all sms opt in log" ON public.sms_opt_in_log
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all sms delivery log" ON public.sms_delivery_log
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all gift card deliveries" ON public.gift_card_deliveries
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all contacts" ON public.contacts
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all contact lists" ON public.contact_lists
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all contact list members" ON public.contact_list_members
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all contact campaign participation" ON public.contact_campaign_participation
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all crm integrations" ON public.crm_integrations
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all crm events" ON public.crm_events
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all ace forms" ON public.ace_forms
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all ace form fields" ON public.ace_form_fields
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all ace form submissions" ON public.ace_form_submissions
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all landing pages" ON public.landing_pages
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all events" ON public.events
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all recipient audit log" ON public.recipient_audit_log
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all gift card audit log" ON public.gift_card_audit_log
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all gift card balance history" ON public.gift_card_balance_history
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all credit accounts" ON public.credit_accounts
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all credit transactions" ON public.credit_transactions
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all gift card sales" ON public.gift_card_sales
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all user table preferences" ON public.user_table_preferences
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

CREATE POLICY "Admins can manage all api keys" ON public.api_keys
  FOR ALL TO authenticated
  USING (public.has_role(auth.uid(), 'admin'))
  WITH CHECK (public.has_role(auth.uid(), 'admin'));

-- ---------------------------------------------------------------------------
-- Platform tables
-- ---------------------------------------------------------------------------
CREATE POLICY "Users can view their organizations" ON public.organizations
  FOR SELECT TO authenticated
  USING (public.user_can_access_client(auth.uid(), id));

CREATE POLICY "Users can view their own profile" ON public.users
  FOR SELECT TO authenticated
  USING (id = auth.uid());

CREATE POLICY "Users can update their own profile" ON public.users
  FOR UPDATE TO authenticated
  USING (id = auth.uid())
  WITH CHECK (id = auth.uid());

CREATE POLICY "Authenticated users can view roles" ON public.roles
  FOR SELECT TO authenticated
  USING (true);

CREATE POLICY "Authenticated users can view permissions" ON public.permissions
  FOR SELECT TO authenticated
  USING (true);

CREATE POLICY "Users can view their own roles" ON public.user_roles
  FOR SELECT TO authenticated
  USING (user_id = auth.uid());

CREATE POLICY "Users can view their own memberships" ON public.organization_members
  FOR SELECT TO authenticated
  USING (user_id = auth.uid());

CREATE POLICY "Users can manage their own table preferences" ON public.user_table_preferences
  FOR ALL TO authenticated
  USING (user_id = auth.uid())
  WITH CHECK (user_id = auth.uid());

-- ---------------------------------------------------------------------------
-- Client isolation: tables carrying client_id
-- ---------------------------------------------------------------------------
CREATE POLICY "Users can access their client's audiences" ON public.audiences
  FOR ALL TO authenticated
  USING (public.user_can_access_client(auth.uid(), client_id))
  WITH CHECK (public.user_can_access_client(auth.uid(), client_id));

CREATE POLICY "Users can access their client's templates" ON public.templates
  FOR ALL TO authenticated
  USING (public.user_can_access_client(auth.uid(), client_id))
  WITH CHECK (public.user_can_access_client(auth.uid(), client_id));

CREATE POLICY "Users can access their client's campaigns" ON public.campaigns
  FOR ALL TO authenticated
  USING (public.user_can_access_client(auth.uid(), client_id))
  WITH CHECK (public.user_can_access_client(auth.uid(), client_id));

CREATE POLICY "Users can access their client's gift card pools" ON public.gift_card_pools
  FOR ALL TO authenticated
  USING (public.user_can_access_client(auth.uid(), client_id))
  WITH CHECK (public.user_can_access_client(auth.uid(), client_id));

CREATE POLICY "Users can access their client's contacts" ON public.contacts
  FOR ALL TO authenticated
  USING (public.user_can_access_client(auth.uid(), client_id))
  WITH CHECK (public.user_can_access_client(auth.uid(), client_id));

CREATE POLICY "Users can access their client's contact lists" ON public.contact_lists
  FOR ALL TO authenticated
  USING (public.user_can_access_client(auth.uid(), client_id))
  WITH CHECK (public.user_can_access_client(auth.uid(), client_id));

CREATE POLICY "Users can access their client's crm integrations" ON public.crm_integrations
  FOR ALL TO authenticated
  USING (public.user_can_access_client(auth.uid(), client_id))
  WITH CHECK (public.user_can_access_client(auth.uid(), client_id));

CREATE POLICY "Users can access their client's ace forms" ON public.ace_forms
  FOR ALL TO authenticated
  USING (public.user_can_access_client(auth.uid(), client_id))
  WITH CHECK (public.user_can_access_client(auth.uid(), client_id));

CREATE POLICY "Users can access their client's landing pages" ON public.landing_pages
  FOR ALL TO authenticated
  USING (public.user_can_access_client(auth.uid(), client_id))
  WITH CHECK (public.user_can_access_client(auth.uid(), client_id));

CREATE POLICY "Users can access their client's api keys" ON public.api_keys
  FOR ALL TO authenticated
  USING (public.user_can_access_client(auth.uid(), client_id))
  WITH CHECK (public.user_can_access_client(auth.uid(), client_id));

CREATE POLICY "Users can access their client's gift card sales" ON public.gift_card_sales
  FOR ALL TO authenticated
  USING (public.user_can_access_client(auth.uid(), client_id))
  WITH CHECK (public.user_can_access_client(auth.uid(), client_id));

CREATE POLICY "Users can view their organization's credit account" ON public.credit_accounts
  FOR SELECT TO authenticated
  USING (public.user_can_access_client(auth.uid(), org_id));

-- ---------------------------------------------------------------------------
-- Client isolation through a parent row
-- ---------------------------------------------------------------------------
CREATE POLICY "Users can access their client's campaign conditions" ON public.campaign_conditions
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = campaign_conditions.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = campaign_conditions.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ));

CREATE POLICY "Users can access their client's recipient gift cards" ON public.recipient_gift_cards
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = recipient_gift_cards.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = recipient_gift_cards.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ));

CREATE POLICY "Users can access their client's call sessions" ON public.call_sessions
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = call_sessions.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = call_sessions.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ));

CREATE POLICY "Users can access their client's call conditions met" ON public.call_conditions_met
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = call_conditions_met.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = call_conditions_met.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ));

CREATE POLICY "Users can access their client's sms delivery log" ON public.sms_delivery_log
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = sms_delivery_log.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = sms_delivery_log.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ));

CREATE POLICY "Users can access their client's gift card deliveries" ON public.gift_card_deliveries
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = gift_card_deliveries.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = gift_card_deliveries.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ));

CREATE POLICY "Users can access their client's contact campaign participation" ON public.contact_campaign_participation
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = contact_campaign_participation.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = contact_campaign_participation.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ));

CREATE POLICY "Users can access their client's events" ON public.events
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = events.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.campaigns c
    WHERE c.id = events.campaign_id
      AND public.user_can_access_client(auth.uid(), c.client_id)
  ));

CREATE POLICY "Users can access their client's recipients" ON public.recipients
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.audiences a
    WHERE a.id = recipients.audience_id
      AND public.user_can_access_client(auth.uid(), a.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.audiences a
    WHERE a.id = recipients.audience_id
      AND public.user_can_access_client(auth.uid(), a.client_id)
  ));

CREATE POLICY "Users can access their client's sms opt in log" ON public.sms_opt_in_log
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.recipients r
    JOIN public.audiences a ON a.id = r.audience_id
    WHERE r.id = sms_opt_in_log.recipient_id
      AND public.user_can_access_client(auth.uid(), a.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.recipients r
    JOIN public.audiences a ON a.id = r.audience_id
    WHERE r.id = sms_opt_in_log.recipient_id
      AND public.user_can_access_client(auth.uid(), a.client_id)
  ));

CREATE POLICY "Users can view their client's recipient audit log" ON public.recipient_audit_log
  FOR SELECT TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.recipients r
    JOIN public.audiences a ON a.id = r.audience_id
    WHERE r.id = recipient_audit_log.recipient_id
      AND public.user_can_access_client(auth.uid(), a.client_id)
  ));

CREATE POLICY "Users can access their client's gift cards" ON public.gift_cards
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.gift_card_pools gp
    WHERE gp.id = gift_cards.pool_id
      AND public.user_can_access_client(auth.uid(), gp.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.gift_card_pools gp
    WHERE gp.id = gift_cards.pool_id
      AND public.user_can_access_client(auth.uid(), gp.client_id)
  ));

CREATE POLICY "Users can view their client's gift card audit log" ON public.gift_card_audit_log
  FOR SELECT TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.gift_cards gc
    JOIN public.gift_card_pools gp ON gp.id = gc.pool_id
    WHERE gc.id = gift_card_audit_log.gift_card_id
      AND public.user_can_access_client(auth.uid(), gp.client_id)
  ));

CREATE POLICY "Users can view their client's gift card balance history" ON public.gift_card_balance_history
  FOR SELECT TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.gift_cards gc
    JOIN public.gift_card_pools gp ON gp.id = gc.pool_id
    WHERE gc.id = gift_card_balance_history.gift_card_id
      AND public.user_can_access_client(auth.uid(), gp.client_id)
  ));

CREATE POLICY "Users can access their client's contact list members" ON public.contact_list_members
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.contact_lists cl
    WHERE cl.id = contact_list_members.list_id
      AND public.user_can_access_client(auth.uid(), cl.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.contact_lists cl
    WHERE cl.id = contact_list_members.list_id
      AND public.user_can_access_client(auth.uid(), cl.client_id)
  ));

CREATE POLICY "Users can view their client's crm events" ON public.crm_events
  FOR SELECT TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.crm_integrations ci
    WHERE ci.id = crm_events.crm_integration_id
      AND public.user_can_access_client(auth.uid(), ci.client_id)
  ));

CREATE POLICY "Users can access their client's ace form fields" ON public.ace_form_fields
  FOR ALL TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.ace_forms f
    WHERE f.id = ace_form_fields.form_id
      AND public.user_can_access_client(auth.uid(), f.client_id)
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.ace_forms f
    WHERE f.id = ace_form_fields.form_id
      AND public.user_can_access_client(auth.uid(), f.client_id)
  ));

CREATE POLICY "Users can view their client's ace form submissions" ON public.ace_form_submissions
  FOR SELECT TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.ace_forms f
    WHERE f.id = ace_form_submissions.form_id
      AND public.user_can_access_client(auth.uid(), f.client_id)
  ));

CREATE POLICY "Users can view their organization's credit transactions" ON public.credit_transactions
  FOR SELECT TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.credit_accounts ca
    WHERE ca.id = credit_transactions.account_id
      AND public.user_can_access_client(auth.uid(), ca.org_id)
  ));

-- ---------------------------------------------------------------------------
-- Public routes (anon)
-- ---------------------------------------------------------------------------
CREATE POLICY "Anyone can view active gift card brands" ON public.gift_card_brands
  FOR SELECT TO anon, authenticated
  USING (is_active);

CREATE POLICY "Public can look up recipients by redemption code" ON public.recipients
  FOR SELECT TO anon
  USING (redemption_code IS NOT NULL AND approval_status IN ('approved', 'redeemed'));

CREATE POLICY "Public can view active ace forms" ON public.ace_forms
  FOR SELECT TO anon
  USING (is_active);

CREATE POLICY "Public can view fields of active ace forms" ON public.ace_form_fields
  FOR SELECT TO anon
  USING (EXISTS (
    SELECT 1 FROM public.ace_forms f
    WHERE f.id = ace_form_fields.form_id
      AND f.is_active
  ));

CREATE POLICY "Public can submit active ace forms" ON public.ace_form_submissions
  FOR INSERT TO anon
  WITH CHECK (EXISTS (
    SELECT 1 FROM public.ace_forms f
    WHERE f.id = ace_form_submissions.form_id
      AND f.is_active
  ));

CREATE POLICY "Public can view published landing pages" ON public.landing_pages
  FOR SELECT TO anon
  USING (is_published);

-- ---------------------------------------------------------------------------
-- Table privileges (as on the Supabase platform: RLS is the guard)
-- ---------------------------------------------------------------------------
GRANT ALL ON ALL TABLES IN SCHEMA public TO anon, authenticated, service_role;
