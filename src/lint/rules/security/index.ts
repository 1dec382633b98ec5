/** The security / RLS rules. A new rule: one file in this folder, one entry here. */
import type { Rule } from '../../types.js';
import { policiesWithoutRls } from './policies-without-rls.js';
import { rlsEnabledNoPolicy } from './rls-enabled-no-policy.js';

export const SECURITY_RULES: Rule[] = [policiesWithoutRls, rlsEnabledNoPolicy];
