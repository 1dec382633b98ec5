/**
 * `verify`: proofs run in a sandbox that holds the applied migrations — seed two tenants, probe row-level security as
 * a non-superuser role, try every state transition. The sandbox is the caller's to discard; nothing here is kept.
 */
import { randomBytes } from 'node:crypto';
import type { Analysis, StateMachine, Tenancy } from '../analyze/types.js';
import type { Engine } from '../engine/types.js';
import { SchemaproofError } from '../errors.js';
import { ident } from '../model/sql-text.js';
import type { SchemaModel } from '../model/types.js';
import { planContext, type ContextPlan } from './context.js';
import { RlsProber } from './rls.js';
import { StateProver } from './states.js';
import { Synthesizer } from './synthesize.js';
import { VERIFY_FORMAT, type NotProven, type TenantContext, type VerifyReport } from './types.js';

export * from './types.js';

export interface VerifyOptions {
  /** Which proofs to run (default both). */
  only?: 'rls' | 'states';
  /** The role probes run as (config `verify.role`). */
  role?: string;
  /** The setting that carries the tenant (config `verify.setting`), when the policies' own reading should not decide. */
  setting?: string;
  /**
   * Re-analyses the model with a given tenant: used when the analysis found no tenant but the schema isolates per
   * user (Supabase's `auth.uid() = user_id`), to prove that isolation instead.
   */
  reanalyze?: (tenant: { root: string; column: string }) => Promise<Analysis>;
  onProgress?: (message: string) => void;
}

const GENERATED_ROLE = 'schemaproof_app';

/**
 * The generated role's name: `schemaproof_app` in PGlite, which is discarded whole; on a server, where roles outlive
 * the scratch database, a name of this run's own, dropped at the end.
 */
function generatedRoleName(engine: Engine): string {
  return engine.kind === 'pglite' ? GENERATED_ROLE : `${GENERATED_ROLE}_${randomBytes(4).toString('hex')}`;
}

/** The subject of isolation: the tenant, else the analysis' best candidate (a per-user key such as `userId` → users). */
async function subjectOf(analysis: Analysis, options: VerifyOptions): Promise<{ tenancy: Tenancy; source: TenantContext['subject']['source'] } | null> {
  if (analysis.tenancy) return { tenancy: analysis.tenancy, source: analysis.tenancy.source === 'config' ? 'config' : 'tenancy' };
  const best = [...analysis.tenantCandidates].sort((a, b) => b.tables - a.tables)[0];
  if (!best || best.tables < 2 || !options.reanalyze) return null;
  const again = await options.reanalyze({ root: best.root, column: best.column });
  return again.tenancy ? { tenancy: again.tenancy, source: 'candidate' } : null;
}

/** The probe role: configured, else the one the policies name, else a generated application role. */
async function chooseRole(
  engine: Engine,
  model: SchemaModel,
  plan: ContextPlan,
  options: VerifyOptions,
): Promise<{ role: string; reason: string; generated: boolean }> {
  const existing = new Set((await engine.query<{ rolname: string }>('SELECT rolname FROM pg_roles')).map((r) => r.rolname));
  if (options.role) {
    if (!existing.has(options.role)) {
      throw new SchemaproofError(`verify.role: no role ${options.role} in the sandbox`, {
        hint: 'name a role the migrations create (or the platform shim: anon, authenticated, service_role)',
      });
    }
    return { role: options.role, reason: 'configured (verify.role)', generated: false };
  }
  const named = plan.policyRoles.find((r) => existing.has(r) && !model.roles.find((x) => x.name === r)?.superuser);
  if (named) return { role: named, reason: `the role the policies are written for (${named})`, generated: false };
  const appRoles = [...new Set(model.grants.filter((g) => g.objectKind === 'table' && g.grantee !== 'PUBLIC' && existing.has(g.grantee)).map((g) => g.grantee))]
    .filter((r) => !model.roles.find((x) => x.name === r)?.superuser)
    .sort();
  const role = generatedRoleName(engine);
  await engine.exec(`CREATE ROLE ${ident(role)} NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT`);
  if (appRoles.length) {
    await engine.exec(`ALTER ROLE ${ident(role)} INHERIT`);
    for (const r of appRoles) await engine.exec(`GRANT ${ident(r)} TO ${ident(role)}`);
    return { role, generated: true, reason: `generated, member of the roles the schema grants table privileges to (${appRoles.join(', ')})` };
  }
  const schemas = [...new Set(model.tables.filter((t) => t.origin === 'user').map((t) => t.schema))].sort();
  for (const s of schemas) {
    await engine.exec(`GRANT USAGE ON SCHEMA ${ident(s)} TO ${ident(role)};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${ident(s)} TO ${ident(role)};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${ident(s)} TO ${ident(role)}`);
  }
  return { role, generated: true, reason: 'generated: the schema grants no role table privileges, so the probe role gets SELECT, INSERT, UPDATE, DELETE on every table, as an application connection would' };
}

export async function verify(engine: Engine, model: SchemaModel, analysis: Analysis, options: VerifyOptions = {}): Promise<VerifyReport> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const notProven: NotProven[] = [];
  const subject = options.only === 'states' ? null : await subjectOf(analysis, options);
  const tenancy = subject?.tenancy ?? null;
  const rootTable = tenancy ? model.tables.find((t) => t.id === tenancy.root) : undefined;
  // The root's rows are the tenants themselves: probed when the schema protects them with RLS, else reported.
  const probeRoot = rootTable?.rls.enabled === true;
  const probed = tenancy ? [...(probeRoot ? [tenancy.root] : []), ...tenancy.scoped, ...tenancy.inherited.map((i) => i.table)] : [];
  const machines: StateMachine[] = options.only === 'rls' ? [] : analysis.stateMachines;
  if (options.only !== 'states' && !tenancy) {
    notProven.push({ object: model.source.location, kind: 'table', reason: 'no tenant found or configured: set `tenant: { root, column }` in the config to prove isolation' });
  }

  const found = tenancy ? planContext(model, tenancy) : null;
  const plan =
    found && options.setting
      ? { ...found, kind: /^request\.jwt\.claims?$/.test(options.setting) ? ('jwt' as const) : ('guc' as const), setting: options.setting }
      : found;
  if (tenancy && plan?.kind === 'none') {
    notProven.push({
      object: tenancy.root,
      kind: 'table',
      reason: `isolation not probed: no policy of its ${probed.length + (probeRoot ? 0 : 1)} tables reads a tenant setting (current_setting() or auth.uid())`,
    });
  } else if (tenancy && !probeRoot) {
    notProven.push({
      object: tenancy.root,
      kind: 'table',
      reason: 'the tenant root has no row-level security: not probed (every tenant can read every row of it)',
    });
  }
  const synth = new Synthesizer(engine, model, tenancy);
  const order = synth.plan([...(tenancy ? [tenancy.root] : []), ...probed, ...machines.map((m) => m.table)]);
  progress(`seeding ${order.length} tables for two tenants`);
  const failed = await synth.seed(order, 2);
  // What seeding made, before the probes add rows of their own (fresh parents for one-to-one rows).
  const seeded = order
    .filter((id) => synth.rows.has(id))
    .map((id) => ({
      table: id,
      rows: synth.rows.get(id)!.length,
      mode: synth.modes.get(id)?.mode ?? 'triggers',
      retries: synth.modes.get(id)?.retries ?? 0,
    }));
  const unseedable = new Set<string>();
  for (const f of failed) {
    unseedable.add(f.table);
    notProven.push({ object: f.table, kind: 'table', reason: `could not synthesise rows (${f.reason})` });
  }

  let context: TenantContext | null = null;
  const rls = [] as VerifyReport['rls'];
  if (tenancy && subject && plan && plan.kind !== 'none') {
    const { role, reason, generated } = await chooseRole(engine, model, plan, options);
    const identity = plan.kind === 'jwt' ? jwtIdentity(model, tenancy, synth) : null;
    context = {
      kind: plan.kind,
      setting: plan.setting,
      role,
      roleReason: reason,
      subject: { root: tenancy.root, column: tenancy.column, source: subject.source },
      identity: identity?.label ?? null,
    };
    try {
      if (!synth.keys.get('A') || !synth.keys.get('B')) {
        notProven.push({ object: tenancy.root, kind: 'table', reason: 'no tenant rows could be made' });
      } else {
        const prober = new RlsProber(engine, model, tenancy, synth, {
          kind: plan.kind,
          setting: plan.setting,
          role,
          subjectOf: (tag) => identity?.of(tag) ?? synth.keys.get(tag)!,
        });
        for (const [i, id] of probed.entries()) {
          if (unseedable.has(id) || [...unseedable].some((u) => dependsOn(model, id, u))) {
            if (!unseedable.has(id)) notProven.push({ object: id, kind: 'table', reason: 'could not synthesise rows (a table it references has none)' });
            continue;
          }
          progress(`probing ${id} (${i + 1}/${probed.length})`);
          await prober.probeTable(id);
        }
        for (const view of viewsOver(model, new Set(probed))) {
          progress(`probing view ${view.id}`);
          await prober.probeView(view);
        }
        rls.push(...prober.results);
      }
    } finally {
      // On a server the role would outlive the scratch database.
      if (generated && engine.kind === 'postgres') await engine.exec(`DROP OWNED BY ${ident(role)}; DROP ROLE ${ident(role)}`);
    }
  }

  const stateMachines: VerifyReport['stateMachines'] = [];
  const watched = order.filter((id) => !unseedable.has(id));
  const extra = model.tables.filter((t) => t.origin === 'user' && t.partitionOf === null && !watched.includes(t.id)).map((t) => t.id);
  const prover = new StateProver(engine, model, synth, [...watched, ...extra], analysis.stateMachines);
  for (const machine of machines) {
    if (unseedable.has(machine.table)) {
      notProven.push({ object: machine.column, kind: 'state-machine', reason: `could not synthesise rows of ${machine.table}` });
      continue;
    }
    progress(`trying the transitions of ${machine.column}`);
    const proof = await prover.prove(machine);
    if ('error' in proof) notProven.push({ object: machine.column, kind: 'state-machine', reason: proof.error });
    else stateMachines.push(proof);
  }

  const ownerBypass = tenancy
    ? model.tables
        .filter((t) => probed.includes(t.id) && t.rls.enabled && !t.rls.forced)
        .map((t) => ({ table: t.id, owner: t.owner }))
    : [];
  const byTable = new Map<string, boolean>();
  for (const r of rls) byTable.set(r.table, (byTable.get(r.table) ?? true) && r.verdict === 'proven');
  const contradictions = stateMachines.reduce(
    (n, m) => n + (m.declared ? m.declared.undeclaredAccepted.length + m.declared.declaredRejected.length : 0),
    0,
  );
  return {
    format: VERIFY_FORMAT,
    source: model.source.location,
    engine: engine.kind,
    context,
    rls,
    stateMachines,
    notProven,
    ownerBypass,
    seeded,
    summary: {
      probes: rls.length + stateMachines.reduce((n, m) => n + m.transitions.length, 0),
      leaks: rls.filter((r) => r.verdict === 'leak').length,
      inconclusive: rls.filter((r) => r.verdict === 'inconclusive').length,
      tablesProven: [...byTable.values()].filter(Boolean).length,
      tablesProbed: byTable.size,
      contradictions,
      ms: Date.now() - started,
    },
  };
}

/**
 * Whose id a tenant's JWT carries in `sub`. When the tenant is the user (its root is `auth.users`, or a table whose key
 * references it), the tenant key itself; else a member's: the user column of a seeded row of a table that joins
 * users to the tenant (`organization_members(org_id, user_id)`), membership-named tables first.
 */
function jwtIdentity(model: SchemaModel, tenancy: Tenancy, synth: Synthesizer): { label: string; of: (tag: 'A' | 'B') => string | undefined } {
  const users = new Set(['auth.users']);
  for (const fk of model.foreignKeys) {
    const pk = model.constraints.find((c) => c.table === fk.table && c.type === 'primary key')?.columns ?? [];
    if (fk.refTable === 'auth.users' && fk.columns.length === 1 && pk.length === 1 && pk[0] === fk.columns[0]) users.add(fk.table);
  }
  const own = { label: 'tenant key', of: (tag: 'A' | 'B') => synth.keys.get(tag) };
  if (users.has(tenancy.root)) return own;
  const joined = new Set([...tenancy.scoped, ...tenancy.inherited.filter((i) => i.path.length === 2).map((i) => i.table)]);
  const memberships = model.foreignKeys
    .filter((fk) => joined.has(fk.table) && users.has(fk.refTable) && fk.columns.length === 1 && synth.rows.has(fk.table))
    .sort((a, b) => Number(/member/i.test(b.table)) - Number(/member/i.test(a.table)) || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  const fk = memberships[0];
  if (!fk) return own;
  const column = fk.columns[0]!;
  return {
    label: `${fk.table}.${column}`,
    of: (tag) => {
      const row = synth.rows.get(fk.table)!.find((r) => r.tenant === tag);
      return row ? String(row.row[column]) : undefined;
    },
  };
}

function dependsOn(model: SchemaModel, table: string, parent: string): boolean {
  const seen = new Set<string>();
  const stack = [table];
  while (stack.length) {
    const id = stack.pop()!;
    for (const fk of model.foreignKeys) {
      if (fk.table !== id || seen.has(fk.refTable)) continue;
      if (fk.refTable === parent) return true;
      seen.add(fk.refTable);
      stack.push(fk.refTable);
    }
  }
  return false;
}

/** User views that read (directly or through other views) one of the tables. */
function viewsOver(model: SchemaModel, tables: Set<string>) {
  const reads = new Set(tables);
  const views = model.views.filter((v) => v.origin === 'user');
  const out = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const v of views) {
      if (out.has(v.id) || !v.dependsOn.some((d) => reads.has(d))) continue;
      out.add(v.id);
      reads.add(v.id);
      grew = true;
    }
  }
  return views.filter((v) => out.has(v.id));
}
