/** Every rule, in id order: the union of the category registries. */
import type { Rule } from '../types.js';
import { INTEGRITY_RULES } from './integrity/index.js';
import { NAMING_RULES } from './naming/index.js';
import { SECURITY_RULES } from './security/index.js';
import { STRUCTURE_RULES } from './structure/index.js';
import { TENANCY_RULES } from './tenancy/index.js';
import { TYPES_RULES } from './types/index.js';

export const RULES: readonly Rule[] = [
  ...STRUCTURE_RULES,
  ...TYPES_RULES,
  ...NAMING_RULES,
  ...INTEGRITY_RULES,
  ...SECURITY_RULES,
  ...TENANCY_RULES,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
