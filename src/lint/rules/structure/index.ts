/** The structure rules. A new rule: one file in this folder, one entry here. */
import type { Rule } from '../../types.js';
import { allColumnsNullable } from './all-columns-nullable.js';
import { duplicateForeignKey } from './duplicate-foreign-key.js';
import { duplicateIndex } from './duplicate-index.js';
import { fkTypeMismatch } from './fk-type-mismatch.js';
import { fkWithoutIndex } from './fk-without-index.js';
import { impliedForeignKey } from './implied-foreign-key.js';
import { incrementingColumns } from './incrementing-columns.js';
import { invalidIndex } from './invalid-index.js';
import { isolatedTable } from './isolated-table.js';
import { notValidConstraint } from './not-valid-constraint.js';
import { nullStringDefault } from './null-string-default.js';
import { nullableUniqueKey } from './nullable-unique-key.js';
import { redundantIndex } from './redundant-index.js';
import { singleColumnTable } from './single-column-table.js';
import { tableWithoutPrimaryKey } from './table-without-primary-key.js';
import { unbreakableFkCycle } from './unbreakable-fk-cycle.js';
import { uniqueIndexDuplicatesConstraint } from './unique-index-duplicates-constraint.js';
import { matviewWithoutUniqueIndex } from './matview-without-unique-index.js';
import { unloggedTable } from './unlogged-table.js';
import { legacyInheritance } from './legacy-inheritance.js';
import { partitionedWithoutDefault } from './partitioned-without-default.js';
import { tooManyIndexes } from './too-many-indexes.js';
import { wideIndex } from './wide-index.js';
import { btreeOnJsonbOrArray } from './btree-on-jsonb-or-array.js';
import { booleanOnlyIndex } from './boolean-only-index.js';
import { tooManyColumns } from './too-many-columns.js';

export const STRUCTURE_RULES: Rule[] = [
  allColumnsNullable,
  duplicateForeignKey,
  duplicateIndex,
  fkTypeMismatch,
  fkWithoutIndex,
  impliedForeignKey,
  incrementingColumns,
  invalidIndex,
  isolatedTable,
  notValidConstraint,
  nullStringDefault,
  nullableUniqueKey,
  redundantIndex,
  singleColumnTable,
  tableWithoutPrimaryKey,
  unbreakableFkCycle,
  uniqueIndexDuplicatesConstraint,
  matviewWithoutUniqueIndex,
  unloggedTable,
  legacyInheritance,
  partitionedWithoutDefault,
  tooManyIndexes,
  wideIndex,
  btreeOnJsonbOrArray,
  booleanOnlyIndex,
  tooManyColumns,
];
