/** The integrity rules. A new rule: one file in this folder, one entry here. */
import type { Rule } from '../../types.js';

export const INTEGRITY_RULES: Rule[] = [];
