/**
 * Runs the rules over a model and its analysis, then applies what the user said: per-rule severity or `off`, ignore
 * globs per rule, in-schema suppressions (`COMMENT ON … IS '… @schemaproof-ignore <rule> because <reason>'`) and a
 * baseline of known fingerprints. Pure: the CLI reads config and baseline files and passes them in.
 *
 * Objects that extensions or the platform shim own are never reported: they are not the user's to fix. When the
 * source is files, a finding whose object no statement created (a schema) is located where the first of its related
 * objects was created, else at the first file: GitHub code scanning drops a result without a file. Last, the
 * remediation planner (plan/index.ts) makes the remaining findings' fixes one plan without repeats or conflicts.
 */
import { hash } from 'node:crypto';
import { buildLookup } from '../analyze/lookup.js';
import type { Analysis } from '../analyze/types.js';
import { compareIds } from '../model/sort.js';
import type { SchemaModel } from '../model/types.js';
import { planRemediations } from './plan/index.js';
import { RULES } from './rules/index.js';
import type { Finding, LintResult, Rule, RuleContext, Severity } from './types.js';

type Location = { file: string; line: number; column: number };

export interface LintOptions {
  /** Rule id → severity, or `off`. Unknown ids are an error (the CLI reports them with exit 2). */
  rules?: Record<string, Severity | 'off'>;
  /** Rule id (or `*`) → object id globs (`public.audit_*`, `*.legacy_*`) whose findings are left out. */
  ignore?: Record<string, string[]>;
  /** Fingerprints already known: their findings are left out (`--baseline`). */
  baseline?: Set<string>;
  /** Where each object was created (`schemaproof lint` on files), by model id. */
  locations?: Map<string, Location>;
  /** The rules to run (default: all). */
  ruleSet?: readonly Rule[];
}

export class LintConfigError extends Error {
  override name = 'LintConfigError';
}

export function fingerprint(rule: string, object: string, key = ''): string {
  // The one-shot hash (Node 20.12+): one call per finding, without a Hash object each.
  return hash('sha256', `${rule}\u0000${object}\u0000${key}`, 'hex').slice(0, 16);
}

/** A glob over object ids: `*` matches any run of characters (dots included), `?` one character. */
export function globMatcher(glob: string): (id: string) => boolean {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const re = new RegExp(`^${source}$`);
  return (id) => re.test(id);
}

export const SUPPRESSION_RULE = 'lint/suppression-without-reason';

interface Suppression {
  /** The commented object, and the rule id (or `*`) it silences. */
  object: string;
  rule: string;
  reason: string | null;
}

/** `@schemaproof-ignore <rule> because <reason>` (or `-- <reason>` / `: <reason>`), any number per comment. */
const MARK = /@schemaproof-ignore\s+([\w*/.-]+?)(?:(?:\s*:|\s+because\b|\s+--)\s*([^@]*))?(?=\s|:|$)/g;

export function parseSuppressions(objectId: string, comment: string | null): Suppression[] {
  if (!comment) return [];
  return [...comment.matchAll(MARK)].map((m) => ({
    object: objectId,
    rule: m[1]!,
    reason: m[2]?.trim() ? m[2].trim() : null,
  }));
}

/** Every commented object of the model with its comment. */
function comments(model: SchemaModel): [string, string | null][] {
  const out: [string, string | null][] = [];
  for (const t of model.tables) {
    out.push([t.id, t.comment]);
    for (const c of t.columns) out.push([c.id, c.comment]);
  }
  for (const list of [model.constraints, model.indexes, model.views, model.functions, model.triggers, model.policies, model.enums, model.domains, model.schemas]) {
    for (const o of list) out.push([o.id, o.comment]);
  }
  return out;
}

type Owner = (id: string) => string | undefined;

/**
 * Object id → the table (or view) it belongs to, for columns, constraints, indexes, triggers and policies. The map
 * (every column of the schema) is built on the first question: without foreign objects, suppressions or locations
 * nothing asks.
 */
function owners(model: SchemaModel): Owner {
  let owner: Map<string, string> | undefined;
  const build = () => {
    const map = new Map<string, string>();
    for (const t of model.tables) for (const c of t.columns) map.set(c.id, t.id);
    for (const list of [model.constraints, model.foreignKeys, model.indexes, model.triggers, model.policies]) {
      for (const o of list) map.set(o.id, o.table);
    }
    return map;
  };
  return (id) => (owner ??= build()).get(id);
}

/** Objects the user does not own: those of extensions and of the platform shim (and their columns, policies…). */
function foreignObjects(model: SchemaModel, owner: Owner): (id: string) => boolean {
  const notUser = new Set<string>();
  for (const list of [model.tables, model.views, model.functions, model.enums, model.domains, model.compositeTypes, model.sequences, model.schemas]) {
    for (const o of list) if (o.origin !== 'user') notUser.add(o.id);
  }
  if (notUser.size === 0) return () => false;
  return (id) => notUser.has(id) || notUser.has(owner(id) ?? '');
}

/**
 * Where a finding is shown: where its object (or the table that owns it) was created; else where the first of its
 * related objects was, in apply order; else, when the source is files, the first file's first line.
 */
function locator(model: SchemaModel, owner: Owner, locations: Map<string, Location> | undefined) {
  const order = new Map((model.source.files ?? []).map((f, i) => [f, i]));
  const rank = (l: Location) => [order.get(l.file) ?? order.size, l.line, l.column];
  const earlier = (a: Location, b: Location) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]! || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  };
  const fallback: Location | null = locations?.size && model.source.files?.length ? { file: model.source.files[0]!, line: 1, column: 1 } : null;
  // Nothing located (a snapshot or a database): no object has a place, so the owners are not needed.
  const at = locations?.size ? (id: string) => locations.get(id) ?? locations.get(owner(id) ?? '') : () => undefined;
  return (object: string, related: string[] = []): Location | null => {
    const own = at(object);
    if (own) return own;
    const found = related.map(at).filter((l): l is Location => l !== undefined).sort(earlier)[0];
    return found ?? fallback;
  };
}

export function lint(model: SchemaModel, analysis: Analysis, options: LintOptions = {}): LintResult {
  const rules = options.ruleSet ?? RULES;
  const known = new Set(rules.map((r) => r.meta.id));
  for (const id of [...Object.keys(options.rules ?? {}), ...Object.keys(options.ignore ?? {})]) {
    if (id !== '*' && !known.has(id)) throw new LintConfigError(`lint: no rule ${id} (run \`schemaproof rules\` for the list)`);
  }
  const enabled = new Set(rules.filter((r) => options.rules?.[r.meta.id] !== 'off').map((r) => r.meta.id));
  const ctx: RuleContext = { model, analysis, lookup: buildLookup(model), enabled };
  const owner = owners(model);
  const locate = locator(model, owner, options.locations);
  const isForeign = foreignObjects(model, owner);

  const suppressions = comments(model).flatMap(([id, comment]) => parseSuppressions(id, comment));
  const silenced = new Map<string, Set<string>>();
  for (const s of suppressions) {
    if (s.reason === null) continue;
    const set = silenced.get(s.object) ?? new Set<string>();
    set.add(s.rule);
    silenced.set(s.object, set);
  }
  const isSuppressed = (rule: string, object: string) => {
    if (silenced.size === 0) return false;
    for (const id of [object, owner(object)]) {
      const set = id === undefined ? undefined : silenced.get(id);
      if (set && (set.has(rule) || set.has('*') || set.has(`${rule.split('/')[0]}/*`))) return true;
    }
    return false;
  };
  const ignores = Object.entries(options.ignore ?? {}).map(([rule, globs]) => ({ rule, match: globs.map(globMatcher) }));
  const isIgnored = (rule: string, object: string) =>
    ignores.some((i) => (i.rule === '*' || i.rule === rule) && i.match.some((m) => m(object)));

  const findings: Finding[] = [];
  let suppressed = 0;
  let ignored = 0;
  let baselined = 0;
  const emit = (rule: Rule, severity: Severity, object: string, message: string, remediation: string | null, key?: string, related?: string[]) => {
    if (isForeign(object)) return;
    if (isSuppressed(rule.meta.id, object)) return void suppressed++;
    if (isIgnored(rule.meta.id, object)) return void ignored++;
    const print = fingerprint(rule.meta.id, object, key);
    if (options.baseline?.has(print)) return void baselined++;
    findings.push({
      rule: rule.meta.id,
      severity,
      category: rule.meta.category,
      object,
      message,
      remediation,
      fingerprint: print,
      location: locate(object, related),
    });
  };

  let ran = 0;
  for (const rule of rules) {
    const configured = options.rules?.[rule.meta.id];
    if (configured === 'off') continue;
    ran++;
    for (const f of rule.check(ctx)) {
      emit(rule, configured ?? f.severity ?? rule.meta.severity, f.object, f.message, f.remediation ?? null, f.key, f.related);
    }
  }
  for (const s of suppressions) {
    if (s.reason !== null) continue;
    emit(
      SUPPRESSION_META,
      SUPPRESSION_META.meta.severity,
      s.object,
      `@schemaproof-ignore ${s.rule} without a reason: say why, e.g. "@schemaproof-ignore ${s.rule} because …"`,
      null,
      s.rule,
    );
  }

  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  findings.sort(
    (a, b) => rank[a.severity] - rank[b.severity] || compareIds(a.rule, b.rule) || compareIds(a.object, b.object) || compareIds(a.fingerprint, b.fingerprint),
  );
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return {
    format: 'schemaproof/lint@1',
    findings: planRemediations(findings, ctx, new Map(rules.map((r) => [r.meta.id, r]))),
    summary: { error: count('error'), warning: count('warning'), info: count('info'), rules: ran, suppressed, ignored, baselined },
  };
}

/** The engine's own rule: a suppression must say why. */
export const SUPPRESSION_META: Rule = {
  meta: {
    id: SUPPRESSION_RULE,
    category: 'lint',
    severity: 'warning',
    description: 'An @schemaproof-ignore comment without a reason.',
    rationale: 'A silenced finding without a reason cannot be reviewed later: nobody knows whether it still applies.',
    fix: "Add the reason: COMMENT ON … IS '… @schemaproof-ignore <rule> because <why it does not apply here>'.",
    links: [],
  },
  check: () => [],
};
