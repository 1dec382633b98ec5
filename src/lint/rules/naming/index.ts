/** The naming rules. A new rule: one file in this folder, one entry here. */
import type { Rule } from '../../types.js';

export const NAMING_RULES: Rule[] = [];
