/**
 * Columns named like secrets (passwords, tokens, keys, card and bank numbers, social security numbers) in a table the
 * anonymous role can read: SELECT for anon on the table or the column (directly or through PUBLIC, as the model's
 * grants record them), USAGE on the schema, the schema exposed — and rows visible to anon: RLS off, or a permissive
 * SELECT/ALL policy for anon (or PUBLIC) whose USING gives the same rows whoever asks (no JWT helper, setting, session
 * role or user function anywhere in it, `USING (true)` included) and no restrictive policy narrowing it. Such a policy
 * publishes every matching row's secrets to everyone. Without an `anon` role (not Supabase), a grant to PUBLIC counts.
 *
 * Names are read as words (`apiKey`, `api_key` → api, key): a secret word (password, passwd, pwd, passphrase, secret,
 * token, otp, ssn, iban, cvv, cvc, apikey) or pair (api key, access key, private key, secret key, credit card, card
 * number, card code, account number, routing number, bank account, social security, pin code) that ends the name or is followed
 * only by words naming its value (`password_hash`, `api_key_encrypted`, `otp_code`) — so metadata about a secret
 * (`password_changed_at`, `token_type`, `secret_name`, `card_number_last4`) and other senses of the word
 * (`token_symbol`) are not secrets. Plurals are not secret words: `max_tokens` counts tokens. Bearer codes count as
 * secrets (`redemption_code`, `verification_code`, `reset_code`: whoever knows one uses it).
 *
 * Personal data (email, phone, address, zip, first/last/full name, date of birth, passport, tax or national id) is
 * reported the same way, as a warning when the table exposes no secret (published, but not a credential); the
 * finding with a secret is an error. The column-grant fix breaks `SELECT *` for the role, which the fix says.
 */
import type { Node } from '../../../analyze/sql-expr.js';
import { parseExpression } from '../../../analyze/sql-expr.js';
import type { Policy, SchemaModel, Table } from '../../../model/types.js';
import type { Rule } from '../../types.js';
import {
  callerIndependent,
  canUseSchema,
  columnPrivileges,
  commandsOf,
  exposedSchemas,
  listText,
  policiesByTable,
  qualified,
  quoteIdent,
  relationPrivileges,
  restrictedBy,
  roleExists,
  truth,
  userFunctionsByName,
} from './shared.js';

const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'otp', 'ssn', 'iban', 'cvv', 'cvc', 'apikey']);
const SECRET_PAIRS = [
  ['api', 'key'], ['access', 'key'], ['private', 'key'], ['secret', 'key'], ['credit', 'card'], ['card', 'number'],
  ['account', 'number'], ['routing', 'number'], ['bank', 'account'], ['social', 'security'], ['pin', 'code'], ['card', 'code'],
  // Bearer codes: whoever knows one redeems, claims, resets or signs in with it.
  ['redemption', 'code'], ['claim', 'code'], ['voucher', 'code'], ['gift', 'code'], ['verification', 'code'], ['reset', 'code'],
  ['invite', 'code'], ['invitation', 'code'], ['activation', 'code'], ['recovery', 'code'], ['auth', 'code'], ['access', 'code'],
];
/** Personal data (a warning on its own: published, but not a credential). A trailing digit is ignored (`address1`). */
const PII_WORDS = new Set(['email', 'phone', 'mobile', 'address', 'street', 'zip', 'zipcode', 'postcode', 'dob', 'birthdate', 'birthday', 'passport']);
const PII_PAIRS = [['first', 'name'], ['last', 'name'], ['full', 'name'], ['date', 'birth'], ['birth', 'date'], ['tax', 'id'], ['national', 'id'], ['ip', 'address']];
/** Words that may follow a secret word and still name the secret itself (`password_hash`, `api_key_encrypted`). */
const VALUE_WORDS = new Set([
  'hash', 'hashed', 'digest', 'value', 'encrypted', 'enc', 'cipher', 'ciphertext', 'plain', 'plaintext', 'raw', 'salt',
  'code', 'key', 'secret', 'token', 'number', 'num', 'no', 'data', 'text', 'str', 'string', 'b64', 'base64', 'hex', 'bcrypt',
  'sha256', 'json',
]);

/** Lower-case words of a column name: `apiKey` → api, key; `credit_card_number` → credit, card, number. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

function matches(w: string[], single: Set<string>, pairs: string[][]): boolean {
  const ends: number[] = []; // index of the last word of each word or pair
  w.forEach((x, i) => {
    if (single.has(x)) ends.push(i);
  });
  for (let i = 0; i + 1 < w.length; i++) if (pairs.some(([a, b]) => w[i] === a && w[i + 1] === b)) ends.push(i + 1);
  // The value itself: nothing follows, or only words that name its value (not `_changed_at`, `_type`, `_symbol`).
  return ends.some((i) => w.slice(i + 1).every((x) => VALUE_WORDS.has(x)));
}

export function isSensitiveName(name: string): boolean {
  return matches(words(name), SECRET_WORDS, SECRET_PAIRS);
}

/** Personal data by name: `email`, `phone_number`, `address1`, `first_name`, `date_of_birth` (not `email_verified`). */
export function isPersonalName(name: string): boolean {
  const w = words(name).map((x) => x.replace(/(?<=[a-z])\d+$/, '')).filter((x) => x !== 'of');
  return matches(w, PII_WORDS, PII_PAIRS);
}

export const sensitiveColumnsExposed: Rule = {
  meta: {
    id: 'security/sensitive-columns-exposed',
    category: 'security',
    severity: 'error',
    description: 'Columns named like secrets (an error) or personal data (a warning) in a table the anonymous role can read.',
    rationale:
      'Anything anon can SELECT is readable by everyone who has the project URL and the public (anon) key that ships ' +
      'in the web app. A token, password hash, API key or card number in such a table is published — for every row ' +
      'the policies show anon, which with a policy that does not depend on the caller is every matching row.',
    fix:
      'Hide the columns from anon: REVOKE SELECT ON the table FROM anon and GRANT SELECT on the other columns only; or ' +
      'make anon\'s policy select only the caller\'s own row; or move the secrets to a table anon cannot read.',
    links: [
      'https://supabase.com/docs/guides/database/database-linter?lint=0023_sensitive_columns_exposed',
      'https://www.postgresql.org/docs/current/ddl-priv.html',
    ],
  },
  check({ model }) {
    const supabaseAnon = roleExists(model, 'anon');
    const reader = supabaseAnon ? 'anon' : 'public';
    const exposed = exposedSchemas(model);
    const byTable = policiesByTable(model);
    const userFunctions = userFunctionsByName(model);
    const out = [];
    for (const t of model.tables) {
      if (t.origin !== 'user') continue;
      if (supabaseAnon && !exposed.has(t.schema)) continue;
      if (!canUseSchema(model, reader, t.schema)) continue;
      const tableLevel = relationPrivileges(model, reader, t.id).has('select');
      const readable = tableLevel ? new Set(t.columns.map((c) => c.name)) : columnPrivileges(model, reader, t.id, 'select');
      const secrets = t.columns.filter((c) => readable.has(c.name) && isSensitiveName(c.name)).map((c) => c.name);
      const personal = t.columns.filter((c) => readable.has(c.name) && !isSensitiveName(c.name) && isPersonalName(c.name)).map((c) => c.name);
      if (secrets.length === 0 && personal.length === 0) continue;
      const rows = visibleRows(t, byTable.get(t.id) ?? [], reader, userFunctions);
      if (rows === null) continue;
      const who = reader === 'anon' ? 'anon (anyone with the public API key)' : 'PUBLIC (every role)';
      const what = [
        ...(secrets.length ? [`${listText(secrets)} (${secrets.length === 1 ? 'a secret' : 'secrets'})`] : []),
        ...(personal.length ? [`${listText(personal)} (personal data)`] : []),
      ];
      out.push({
        object: t.id,
        ...(secrets.length ? {} : { severity: 'warning' as const }),
        message: `${who} can read ${what.join(' and ')} of ${t.id}: ${rows}`,
        remediation: remediation(model, t, [...secrets, ...personal], reader, tableLevel),
      });
    }
    return out;
  },
};

/** Why every caller sees the same rows (RLS off, or a caller-independent policy), or null when they do not. */
function visibleRows(t: Table, policies: Policy[], reader: string, userFunctions: ReturnType<typeof userFunctionsByName>): string | null {
  if (!t.rls.enabled) return 'RLS is off, so every row is visible';
  for (const p of policies) {
    if (!p.permissive || !commandsOf(p).includes('select')) continue;
    if (!p.roles.includes(reader) && !p.roles.includes('public')) continue;
    const node: Node | null = p.using === null ? null : parseExpression(p.using);
    if (!node || truth(node) === false || !callerIndependent(node, userFunctions)) continue;
    if (restrictedBy(p, 'select', policies, 'rows')) continue;
    return truth(node) === true
      ? `policy "${p.name}" (USING (${p.using})) shows every row`
      : `policy "${p.name}" shows every row where ${p.using}, whoever asks`;
  }
  return null;
}

function remediation(model: SchemaModel, t: Table, secrets: string[], reader: string, tableLevel: boolean): string {
  const rel = qualified(t.schema, t.name);
  const role = reader === 'public' ? 'PUBLIC' : reader;
  if (!tableLevel) return `REVOKE SELECT (${secrets.map(quoteIdent).join(', ')}) ON ${rel} FROM ${role};`;
  const others = t.columns.filter((c) => !secrets.includes(c.name)).map((c) => quoteIdent(c.name));
  const viaPublic = reader === 'anon' && !model.grants.some((g) => g.object === t.id && g.grantee === 'anon' && g.privilege === 'select');
  return [
    `REVOKE SELECT ON ${rel} FROM ${viaPublic ? 'PUBLIC' : role};`,
    ...(others.length
      ? [
          `GRANT SELECT (${others.join(', ')}) ON ${rel} TO ${role};`,
          `-- with column grants, SELECT * (PostgREST's select=*, the default) fails for ${role} with "permission denied": its API calls must list the columns`,
        ]
      : []),
  ].join('\n');
}
