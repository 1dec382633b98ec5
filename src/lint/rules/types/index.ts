/** The types rules. A new rule: one file in this folder, one entry here. */
import type { Rule } from '../../types.js';
import { charType } from './char-type.js';
import { floatForMoney } from './float-for-money.js';
import { inconsistentColumnTypes } from './inconsistent-column-types.js';
import { intSequenceOverflow } from './int-sequence-overflow.js';
import { jsonNotJsonb } from './json-not-jsonb.js';
import { moneyType } from './money-type.js';
import { regTypeBlocksUpgrade } from './reg-type-blocks-upgrade.js';
import { serialColumn } from './serial-column.js';
import { timestampWithoutTimeZone } from './timestamp-without-time-zone.js';
import { varcharPrimaryKey } from './varchar-primary-key.js';

export const TYPES_RULES: Rule[] = [
  charType,
  floatForMoney,
  inconsistentColumnTypes,
  intSequenceOverflow,
  jsonNotJsonb,
  moneyType,
  regTypeBlocksUpgrade,
  serialColumn,
  timestampWithoutTimeZone,
  varcharPrimaryKey,
];
