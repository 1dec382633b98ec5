/** The structure rules. A new rule: one file in this folder, one entry here. */
import type { Rule } from '../../types.js';
import { fkWithoutIndex } from './fk-without-index.js';
import { tableWithoutPrimaryKey } from './table-without-primary-key.js';

export const STRUCTURE_RULES: Rule[] = [fkWithoutIndex, tableWithoutPrimaryKey];
