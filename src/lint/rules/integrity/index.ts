/** The integrity rules. A new rule: one file in this folder, one entry here. */
import type { Rule } from '../../types.js';
import { auditRowsCascade } from './audit-rows-cascade.js';
import { cascadeIntoKeptTable } from './cascade-into-kept-table.js';
import { fkMustReassign } from './fk-must-reassign.js';
import { orderDependentDelete } from './order-dependent-delete.js';
import { statusWithoutClosedValues } from './status-without-closed-values.js';
import { updatedAtWithoutTrigger } from './updated-at-without-trigger.js';

export const INTEGRITY_RULES: Rule[] = [
  statusWithoutClosedValues,
  updatedAtWithoutTrigger,
  fkMustReassign,
  cascadeIntoKeptTable,
  auditRowsCascade,
  orderDependentDelete,
];
