/** The tenancy rules. A new rule: one file in this folder, one entry here. */
import type { Rule } from '../../types.js';
import { crossTenantReference } from './cross-tenant-reference.js';
import { tenantColumnWithoutFk } from './tenant-column-without-fk.js';
import { tenantIsolationUnverified } from './tenant-isolation-unverified.js';
import { tenantTableNotIsolated } from './tenant-table-not-isolated.js';
import { tenantThroughNullableFk } from './tenant-through-nullable-fk.js';
import { uniqueAcrossTenants } from './unique-across-tenants.js';

export const TENANCY_RULES: Rule[] = [
  tenantTableNotIsolated,
  tenantIsolationUnverified,
  tenantColumnWithoutFk,
  crossTenantReference,
  uniqueAcrossTenants,
  tenantThroughNullableFk,
];
