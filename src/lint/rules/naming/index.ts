/** The naming rules. A new rule: one file in this folder, one entry here. */
import type { Rule } from '../../types.js';
import { mixedNamingStyle } from './mixed-naming-style.js';
import { nameNearLengthLimit } from './name-near-length-limit.js';
import { nameNeedsQuotes } from './name-needs-quotes.js';
import { nearDuplicateTables } from './near-duplicate-tables.js';
import { reservedWordName } from './reserved-word-name.js';

export const NAMING_RULES: Rule[] = [mixedNamingStyle, nameNeedsQuotes, reservedWordName, nameNearLengthLimit, nearDuplicateTables];
