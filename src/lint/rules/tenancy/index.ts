/** The tenancy rules. A new rule: one file in this folder, one entry here. */
import type { Rule } from '../../types.js';

export const TENANCY_RULES: Rule[] = [];
