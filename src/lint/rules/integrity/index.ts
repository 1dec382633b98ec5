/** The integrity rules. A new rule: one file in this folder, one entry here. */
import type { Rule } from '../../types.js';
import { auditRowsCascade } from './audit-rows-cascade.js';
import { cascadeIntoKeptTable } from './cascade-into-kept-table.js';
import { fkMustReassign } from './fk-must-reassign.js';
import { orderDependentDelete } from './order-dependent-delete.js';
import { statusWithoutClosedValues } from './status-without-closed-values.js';
import { updatedAtWithoutTrigger } from './updated-at-without-trigger.js';
import { setNullOnNotNull } from './set-null-on-not-null.js';
import { setDefaultWithoutDefault } from './set-default-without-default.js';
import { duplicateCheck } from './duplicate-check.js';
import { disabledTrigger } from './disabled-trigger.js';
import { sequenceCycle } from './sequence-cycle.js';
import { orphanSequence } from './orphan-sequence.js';

export const INTEGRITY_RULES: Rule[] = [
  statusWithoutClosedValues,
  updatedAtWithoutTrigger,
  fkMustReassign,
  cascadeIntoKeptTable,
  auditRowsCascade,
  orderDependentDelete,
  setNullOnNotNull,
  setDefaultWithoutDefault,
  duplicateCheck,
  disabledTrigger,
  sequenceCycle,
  orphanSequence,
];
