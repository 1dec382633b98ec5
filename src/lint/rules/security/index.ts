/** The security / RLS rules. A new rule: one file in this folder, one entry here (shared.ts and view-rls.ts are helpers). */
import type { Rule } from '../../types.js';
import { anonWriteGrant } from './anon-write-grant.js';
import { exposedViewBypassesRls } from './exposed-view-bypasses-rls.js';
import { extensionInPublic } from './extension-in-public.js';
import { leakproofFunction } from './leakproof-function.js';
import { multiplePermissivePolicies } from './multiple-permissive-policies.js';
import { policiesWithoutRls } from './policies-without-rls.js';
import { policyAlwaysTrueWrite } from './policy-always-true-write.js';
import { policyAuthCallPerRow } from './policy-auth-call-per-row.js';
import { policyCheckLooserThanUsing } from './policy-check-looser-than-using.js';
import { policyColumnWithoutIndex } from './policy-column-without-index.js';
import { policyCurrentSettingUnsafe } from './policy-current-setting-unsafe.js';
import { policyCurrentUser } from './policy-current-user.js';
import { policyIgnoresRow } from './policy-ignores-row.js';
import { policyNullAuthDisjunct } from './policy-null-auth-disjunct.js';
import { policyTenantLiteral } from './policy-tenant-literal.js';
import { policyToPublic } from './policy-to-public.js';
import { policyUserMetadata } from './policy-user-metadata.js';
import { policyVolatileFunction } from './policy-volatile-function.js';
import { policyWithoutExpression } from './policy-without-expression.js';
import { privilegedLoginRole } from './privileged-login-role.js';
import { rlsDisabled } from './rls-disabled.js';
import { rlsEnabledNoPolicy } from './rls-enabled-no-policy.js';
import { rlsNotForced } from './rls-not-forced.js';
import { securityDefinerExecutable } from './security-definer-executable.js';
import { securityDefinerSearchPath } from './security-definer-search-path.js';
import { sensitiveColumnsExposed } from './sensitive-columns-exposed.js';
import { tenantPolicyAlwaysTrueRead } from './tenant-policy-always-true-read.js';
import { unprotectedRelationInApi } from './unprotected-relation-in-api.js';
import { viewBypassesRls } from './view-bypasses-rls.js';
import { securityDefinerOwnedBySuperuser } from './security-definer-owned-by-superuser.js';
import { triggerFunctionSecurityDefiner } from './trigger-function-security-definer.js';

export const SECURITY_RULES: Rule[] = [
  anonWriteGrant,
  exposedViewBypassesRls,
  extensionInPublic,
  leakproofFunction,
  multiplePermissivePolicies,
  policiesWithoutRls,
  policyAlwaysTrueWrite,
  policyAuthCallPerRow,
  policyCheckLooserThanUsing,
  policyColumnWithoutIndex,
  policyCurrentSettingUnsafe,
  policyCurrentUser,
  policyIgnoresRow,
  policyNullAuthDisjunct,
  policyTenantLiteral,
  policyToPublic,
  policyUserMetadata,
  policyVolatileFunction,
  policyWithoutExpression,
  privilegedLoginRole,
  rlsDisabled,
  rlsEnabledNoPolicy,
  rlsNotForced,
  securityDefinerExecutable,
  securityDefinerSearchPath,
  sensitiveColumnsExposed,
  tenantPolicyAlwaysTrueRead,
  unprotectedRelationInApi,
  viewBypassesRls,
  securityDefinerOwnedBySuperuser,
  triggerFunctionSecurityDefiner,
];
