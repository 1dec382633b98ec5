/**
 * Where each object of the schema was created: model id → the file, line and column of the statement that created
 * it, so that a lint finding on files points at the migration to change. Read from the parse nodes of the statements
 * (the real PostgreSQL parser, as everywhere; never a regex over SQL), replayed in apply order:
 *
 * - CREATE TABLE (the table, its columns, and the constraints it names explicitly with their backing indexes),
 *   CREATE TABLE … AS, CREATE [MATERIALIZED] VIEW, CREATE SEQUENCE, CREATE INDEX name, CREATE TYPE (enum, composite),
 *   CREATE DOMAIN, CREATE SCHEMA (and the objects inside it), CREATE EXTENSION, CREATE TRIGGER, CREATE POLICY,
 *   CREATE FUNCTION / PROCEDURE;
 * - ALTER TABLE … ADD CONSTRAINT name and ADD COLUMN (located there, not at the CREATE TABLE), DROP CONSTRAINT / COLUMN;
 * - DROP of all of those, and RENAME / SET SCHEMA of relations, types, functions, columns, constraints, indexes,
 *   triggers and policies: the last statement that creates an object wins, and a dropped object loses its location.
 *
 * Unnamed constraints and indexes are not located themselves: the lint engine falls back to their table's location.
 * `ALTER TABLE … ENABLE ROW LEVEL SECURITY` moves nothing: RLS findings are about the table, which keeps its CREATE
 * TABLE. Unqualified names resolve to the first schema of the `search_path` a file SETs (per file: each is applied in
 * a fresh session), else to `public`. That is good enough, not the server's lookup: no `$user` schema, no check that
 * the schema exists, nothing from a `set_config()` call or a role's default search_path.
 *
 * Function ids carry Postgres's identity argument text (`public.f(a integer)`), which a parse tree cannot give without
 * resolving types, so functions are matched against the model's: by schema and name when the model has one function
 * of that name, else by the number of identity arguments when that tells the overloads apart. Without a model no
 * function is located.
 */
import type { SourceLocation } from '../errors.js';
import type { SchemaModel } from '../model/types.js';
import { resolveSource, type LoadOptions } from './load.js';
import { splitStatements, type Statement } from './statements.js';

export type ObjectLocations = Map<string, SourceLocation>;

export interface LocatableFile {
  displayPath: string;
  statements: Statement[];
}

type Node = Record<string, unknown>;

/** A relation named in a statement, its schema resolved. */
interface Rel {
  id: string;
  schema: string;
  name: string;
}

type EntryKind = 'relation' | 'index' | 'type' | 'schema' | 'extension' | 'column' | 'constraint' | 'trigger' | 'policy';

interface Entry {
  kind: EntryKind;
  location: SourceLocation;
  /** The schema the object is in (its owner's, for columns, constraints, triggers and policies); '' for schemas, extensions. */
  schema: string;
  name: string;
  /** Columns, constraints, triggers, policies and indexes: the id of their table (or view). */
  owner?: string;
  /** An index created by a named PRIMARY KEY / UNIQUE / EXCLUDE constraint: that constraint's name (on `owner`). */
  backs?: string;
}

/** The model id of an entry: `schema.name`, `table.name` for what a table owns, the bare name for schemas/extensions. */
function idOf(entry: Pick<Entry, 'kind' | 'schema' | 'name' | 'owner'>): string {
  switch (entry.kind) {
    case 'column':
    case 'constraint':
    case 'trigger':
    case 'policy':
      return `${entry.owner}.${entry.name}`;
    case 'schema':
    case 'extension':
      return entry.name;
    default:
      return `${entry.schema}.${entry.name}`;
  }
}

const node = (value: unknown): Node | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : undefined;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** The strings of a list of `String` nodes, i.e. a qualified name: `[{String: {sval: 's'}}, {String: {sval: 't'}}]`. */
const strings = (value: unknown): string[] =>
  list(value).flatMap((item) => {
    const s = str(node(node(item)?.String)?.sval);
    return s === undefined ? [] : [s];
  });
/** A node wrapper's kind and body: `{CreateStmt: {…}}` → `['CreateStmt', {…}]`. */
function unwrap(value: unknown): [string, Node] | undefined {
  const wrapper = node(value);
  const kind = wrapper ? Object.keys(wrapper)[0] : undefined;
  const body = kind === undefined ? undefined : node(wrapper![kind]);
  return kind === undefined || !body ? undefined : [kind, body];
}

/** Constraint types the model keeps (NOT NULL, DEFAULT, identity… are column properties there). */
const TABLE_CONSTRAINTS = new Set(['CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_CHECK', 'CONSTR_FOREIGN', 'CONSTR_EXCLUSION']);
/** Constraint types backed by an index of the same name. */
const INDEXED_CONSTRAINTS = new Set(['CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_EXCLUSION']);
const RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_SEQUENCE']);
const TYPES = new Set(['OBJECT_TYPE', 'OBJECT_DOMAIN']);
const FUNCTIONS = new Set(['OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE']);
const OWNED_RENAMES = new Set(['OBJECT_COLUMN', 'OBJECT_TABCONSTRAINT', 'OBJECT_TRIGGER', 'OBJECT_POLICY']);
const SEARCH_PATH_SKIP = new Set(['$user', 'pg_catalog', 'pg_temp']);
const TRANSACTION_END = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE']);

/** The statements of the files, replayed: what exists after each, and where it was created. */
class Replay {
  readonly entries = new Map<string, Entry>();
  /** `schema\0name` → identity argument count → where (and in which order) it was last created. */
  readonly functions = new Map<string, Map<number, { location: SourceLocation; seq: number }>>();
  private seq = 0;
  private searchPath: string | undefined;
  private localSearchPath: string | undefined;

  /** Each file starts from a fresh session, as the files are applied. */
  startFile(): void {
    this.searchPath = undefined;
    this.localSearchPath = undefined;
  }

  statement(kind: string, n: Node, at: SourceLocation, inSchema?: string): void {
    const schemaOf = (given: unknown): string => str(given) ?? inSchema ?? this.localSearchPath ?? this.searchPath ?? 'public';
    const rel = (rangeVar: unknown): Rel | undefined => {
      const r = node(rangeVar);
      const name = str(r?.relname);
      if (!r || name === undefined) return undefined;
      const schema = schemaOf(r.schemaname);
      return { id: `${schema}.${name}`, schema, name };
    };
    /** `[schema?, name]` (or `[catalog, schema, name]`) → schema and name. */
    const qualified = (parts: string[]): { schema: string; name: string } | undefined =>
      parts.length === 0 ? undefined : { schema: schemaOf(parts.length > 1 ? parts[parts.length - 2] : undefined), name: parts[parts.length - 1]! };

    switch (kind) {
      case 'CreateStmt':
      case 'CreateForeignTableStmt': {
        const base = kind === 'CreateForeignTableStmt' ? (node(n.base) ?? n) : n;
        const table = rel(base.relation);
        if (!table || (base.if_not_exists === true && this.entries.has(table.id))) return;
        this.dropRelation(table.id);
        this.put({ kind: 'relation', schema: table.schema, name: table.name, location: at });
        for (const element of list(base.tableElts)) {
          const [elementKind, e] = unwrap(element) ?? [];
          if (elementKind === 'ColumnDef' && e) this.column(table, e, at);
          else if (elementKind === 'Constraint' && e) this.constraint(table, e, at);
        }
        return;
      }
      case 'CreateTableAsStmt':
      case 'ViewStmt':
      case 'CreateSeqStmt': {
        const target = kind === 'CreateTableAsStmt' ? node(n.into)?.rel : kind === 'ViewStmt' ? n.view : n.sequence;
        const relation = rel(target);
        if (!relation || (n.if_not_exists === true && this.entries.has(relation.id))) return;
        // CREATE OR REPLACE VIEW keeps the view and what hangs on it (its triggers); anything else starts afresh.
        if (n.replace !== true) this.dropRelation(relation.id);
        this.put({ kind: 'relation', schema: relation.schema, name: relation.name, location: at });
        return;
      }
      case 'IndexStmt': {
        const name = str(n.idxname);
        const table = rel(n.relation);
        if (name === undefined || !table) return; // unnamed: left to its table
        if (n.if_not_exists === true && this.entries.has(`${table.schema}.${name}`)) return;
        this.put({ kind: 'index', schema: table.schema, name, owner: table.id, location: at });
        return;
      }
      case 'CreateEnumStmt':
      case 'CreateDomainStmt':
      case 'CompositeTypeStmt': {
        const type =
          kind === 'CompositeTypeStmt' ? rel(n.typevar) : qualified(strings(kind === 'CreateEnumStmt' ? n.typeName : n.domainname));
        if (type) this.put({ kind: 'type', schema: type.schema, name: type.name, location: at });
        return;
      }
      case 'CreateSchemaStmt':
      case 'CreateExtensionStmt': {
        const name = str(kind === 'CreateSchemaStmt' ? n.schemaname : n.extname);
        if (name === undefined || (n.if_not_exists === true && this.entries.has(name))) return;
        this.put({ kind: kind === 'CreateSchemaStmt' ? 'schema' : 'extension', schema: '', name, location: at });
        // CREATE SCHEMA s CREATE TABLE t …: the elements are created in s.
        for (const element of list(n.schemaElts)) {
          const [elementKind, e] = unwrap(element) ?? [];
          if (elementKind && e) this.statement(elementKind, e, at, name);
        }
        return;
      }
      case 'CreateTrigStmt':
      case 'CreatePolicyStmt': {
        const trigger = kind === 'CreateTrigStmt';
        const table = rel(trigger ? n.relation : n.table);
        const name = str(trigger ? n.trigname : n.policy_name);
        if (table && name !== undefined) {
          this.put({ kind: trigger ? 'trigger' : 'policy', schema: table.schema, name, owner: table.id, location: at });
        }
        return;
      }
      case 'CreateFunctionStmt': {
        const fn = qualified(strings(n.funcname));
        if (!fn) return;
        const args = identityParameterCount(n.parameters, n.is_procedure === true);
        const key = `${fn.schema}\u0000${fn.name}`;
        const created = this.functions.get(key) ?? new Map();
        created.set(args, { location: at, seq: this.seq++ });
        this.functions.set(key, created);
        return;
      }
      case 'AlterTableStmt': {
        const table = rel(n.relation);
        if (!table || (n.objtype !== 'OBJECT_TABLE' && n.objtype !== 'OBJECT_FOREIGN_TABLE')) return;
        for (const command of list(n.cmds)) {
          const cmd = node(node(command)?.AlterTableCmd);
          if (!cmd) continue;
          const [defKind, def] = unwrap(cmd.def) ?? [];
          const name = str(cmd.name);
          if (cmd.subtype === 'AT_AddColumn' && defKind === 'ColumnDef' && def) {
            const column = str(def.colname);
            if (cmd.missing_ok === true && column !== undefined && this.entries.has(`${table.id}.${column}`)) continue;
            this.column(table, def, at);
          } else if (cmd.subtype === 'AT_AddConstraint' && defKind === 'Constraint' && def) {
            this.constraint(table, def, at);
          } else if (cmd.subtype === 'AT_DropConstraint' && name !== undefined) {
            this.dropConstraint(table.id, name);
          } else if (cmd.subtype === 'AT_DropColumn' && name !== undefined) {
            this.entries.delete(`${table.id}.${name}`);
          }
        }
        return;
      }
      case 'DropStmt':
        for (const object of list(n.objects)) this.drop(str(n.removeType) ?? '', node(object), schemaOf, qualified);
        return;
      case 'RenameStmt':
      case 'AlterObjectSchemaStmt':
        this.move(kind, n, rel, qualified);
        return;
      case 'VariableSetStmt':
        this.setSearchPath(n);
        return;
      case 'TransactionStmt':
        if (TRANSACTION_END.has(str(n.kind) ?? '')) this.localSearchPath = undefined;
        return;
    }
  }

  private put(entry: Entry): void {
    this.entries.set(idOf(entry), entry);
  }

  private column(table: Rel, def: Node, at: SourceLocation): void {
    const name = str(def.colname);
    if (name === undefined) return;
    this.put({ kind: 'column', schema: table.schema, name, owner: table.id, location: at });
    for (const c of list(def.constraints)) {
      const constraint = node(node(c)?.Constraint);
      if (constraint) this.constraint(table, constraint, at);
    }
  }

  /** A named constraint (and, for PK / UNIQUE / EXCLUDE, its index of the same name); unnamed ones are left to the table. */
  private constraint(table: Rel, c: Node, at: SourceLocation): void {
    const name = str(c.conname);
    if (name === undefined || !TABLE_CONSTRAINTS.has(str(c.contype) ?? '')) return;
    this.put({ kind: 'constraint', schema: table.schema, name, owner: table.id, location: at });
    if (!INDEXED_CONSTRAINTS.has(str(c.contype) ?? '')) return;
    // ADD CONSTRAINT … USING INDEX renames that index to the constraint's name.
    const used = str(c.indexname);
    if (used !== undefined) this.entries.delete(`${table.schema}.${used}`);
    this.put({ kind: 'index', schema: table.schema, name, owner: table.id, backs: name, location: at });
  }

  /** Removes a relation and what belongs to it (columns, constraints, indexes, triggers, policies). */
  private dropRelation(id: string): void {
    this.entries.delete(id);
    for (const [key, entry] of [...this.entries]) if (entry.owner === id) this.entries.delete(key);
  }

  /** Removes a constraint and the index behind it. */
  private dropConstraint(table: string, name: string): void {
    this.entries.delete(`${table}.${name}`);
    for (const [key, entry] of [...this.entries]) if (entry.owner === table && entry.backs === name) this.entries.delete(key);
  }

  private drop(
    type: string,
    object: Node | undefined,
    schemaOf: (given: unknown) => string,
    qualified: (parts: string[]) => { schema: string; name: string } | undefined,
  ): void {
    if (FUNCTIONS.has(type)) {
      const owa = node(object?.ObjectWithArgs);
      const fn = qualified(strings(owa?.objname));
      if (!owa || !fn) return;
      const key = `${fn.schema}\u0000${fn.name}`;
      // DROP FUNCTION f (no argument list) names the only function f.
      if (owa.args_unspecified === true) this.functions.delete(key);
      else this.functions.get(key)?.delete(identityParameterCount(owa.objfuncargs, type === 'OBJECT_PROCEDURE'));
      return;
    }
    if (type === 'OBJECT_SCHEMA' || type === 'OBJECT_EXTENSION') {
      const name = str(node(object?.String)?.sval);
      if (name !== undefined) this.entries.delete(name);
      return;
    }
    const parts = strings(object?.List !== undefined ? node(object.List)?.items : node(object?.TypeName)?.names);
    if (type === 'OBJECT_TRIGGER' || type === 'OBJECT_POLICY') {
      // [schema?, table, name]
      if (parts.length < 2) return;
      const schema = schemaOf(parts.length > 2 ? parts[parts.length - 3] : undefined);
      this.entries.delete(`${schema}.${parts[parts.length - 2]!}.${parts[parts.length - 1]!}`);
      return;
    }
    const target = qualified(parts);
    if (!target) return;
    const id = `${target.schema}.${target.name}`;
    if (RELATIONS.has(type)) this.dropRelation(id);
    else if (type === 'OBJECT_INDEX' || TYPES.has(type)) this.entries.delete(id);
  }

  /** RENAME and SET SCHEMA: the object keeps where it was created, under its new id (and so do what it owns). */
  private move(
    kind: string,
    n: Node,
    rel: (rangeVar: unknown) => Rel | undefined,
    qualified: (parts: string[]) => { schema: string; name: string } | undefined,
  ): void {
    const rename = kind === 'RenameStmt';
    const type = str(rename ? n.renameType : n.objectType) ?? '';
    const newName = rename ? str(n.newname) : undefined;
    const newSchema = rename ? undefined : str(n.newschema);
    if (newName === undefined && newSchema === undefined) return;

    if (FUNCTIONS.has(type)) {
      const owa = node(node(n.object)?.ObjectWithArgs);
      const fn = qualified(strings(owa?.objname));
      if (!owa || !fn) return;
      const from = `${fn.schema}\u0000${fn.name}`;
      const to = `${newSchema ?? fn.schema}\u0000${newName ?? fn.name}`;
      const created = this.functions.get(from);
      const moved =
        owa.args_unspecified === true ? [...(created ?? [])] : [identityParameterCount(owa.objfuncargs, type === 'OBJECT_PROCEDURE')].flatMap((args) => {
          const found = created?.get(args);
          return found ? [[args, found] as const] : [];
        });
      const target = this.functions.get(to) ?? new Map();
      for (const [args, found] of moved) {
        created?.delete(args);
        target.set(args, found);
      }
      if (moved.length > 0) this.functions.set(to, target);
      return;
    }

    const relation = rel(n.relation);
    if (relation && OWNED_RENAMES.has(type)) {
      const sub = str(n.subname);
      const entry = sub === undefined || newName === undefined ? undefined : this.entries.get(`${relation.id}.${sub}`);
      if (!entry || newName === undefined) return;
      this.entries.delete(idOf(entry));
      this.put({ ...entry, name: newName });
      // Renaming a constraint renames the index behind it.
      if (type === 'OBJECT_TABCONSTRAINT') this.renameBacking(relation.id, sub!, newName);
      return;
    }
    if (relation && type === 'OBJECT_INDEX') {
      const entry = this.entries.get(relation.id);
      if (!entry || entry.kind !== 'index' || newName === undefined) return;
      this.entries.delete(relation.id);
      this.put({ ...entry, name: newName, ...(entry.backs === undefined ? {} : { backs: newName }) });
      // …and renaming that index renames the constraint.
      const constraint = entry.backs === undefined ? undefined : this.entries.get(`${entry.owner}.${entry.backs}`);
      if (constraint) {
        this.entries.delete(idOf(constraint));
        this.put({ ...constraint, name: newName });
      }
      return;
    }
    if (relation && RELATIONS.has(type)) {
      this.moveRelation(relation.id, newSchema ?? relation.schema, newName ?? relation.name);
      return;
    }
    if (TYPES.has(type)) {
      const from = qualified(strings(node(node(n.object)?.List)?.items));
      const entry = from ? this.entries.get(`${from.schema}.${from.name}`) : undefined;
      if (!entry) return;
      this.entries.delete(idOf(entry));
      this.put({ ...entry, schema: newSchema ?? entry.schema, name: newName ?? entry.name });
    }
  }

  private renameBacking(table: string, from: string, to: string): void {
    for (const entry of [...this.entries.values()]) {
      if (entry.owner !== table || entry.backs !== from) continue;
      this.entries.delete(idOf(entry));
      this.put({ ...entry, name: to, backs: to });
    }
  }

  /** A relation renamed or moved to another schema: its id changes, and so do the ids of what it owns. */
  private moveRelation(from: string, schema: string, name: string): void {
    const entry = this.entries.get(from);
    if (!entry || entry.kind !== 'relation') return;
    this.entries.delete(from);
    const moved = { ...entry, schema, name };
    this.put(moved);
    const to = idOf(moved);
    for (const owned of [...this.entries.values()]) {
      if (owned.owner !== from) continue;
      this.entries.delete(idOf(owned));
      // Indexes, and the ids of columns, constraints, triggers and policies, follow the table to its new schema.
      this.put({ ...owned, owner: to, schema });
    }
  }

  private setSearchPath(n: Node): void {
    const kind = str(n.kind);
    if (kind === 'VAR_RESET_ALL') {
      this.searchPath = undefined;
      this.localSearchPath = undefined;
      return;
    }
    if (n.name !== 'search_path') return;
    let first: string | undefined;
    if (kind === 'VAR_SET_VALUE') {
      for (const arg of list(n.args)) {
        const value = str(node(node(node(arg)?.A_Const)?.sval)?.sval) ?? str(node(node(arg)?.String)?.sval);
        if (value !== undefined && !SEARCH_PATH_SKIP.has(value)) {
          first = value;
          break;
        }
      }
    } else if (kind !== 'VAR_RESET' && kind !== 'VAR_SET_DEFAULT') {
      return;
    }
    if (n.is_local === true) {
      this.localSearchPath = first;
    } else {
      this.searchPath = first;
      this.localSearchPath = undefined;
    }
  }
}

/**
 * How many of a function's parameters identify it (what `pg_get_function_identity_arguments()` lists): IN, INOUT and
 * VARIADIC ones, and OUT ones of a procedure; never TABLE columns.
 */
function identityParameterCount(parameters: unknown, procedure: boolean): number {
  return list(parameters).filter((p) => {
    const mode = str(node(node(p)?.FunctionParameter)?.mode) ?? 'FUNC_PARAM_DEFAULT';
    return mode === 'FUNC_PARAM_DEFAULT' || mode === 'FUNC_PARAM_IN' || mode === 'FUNC_PARAM_INOUT' || mode === 'FUNC_PARAM_VARIADIC' || (procedure && mode === 'FUNC_PARAM_OUT');
  }).length;
}

/** The number of arguments in `pg_get_function_identity_arguments()` text: commas outside quotes and brackets, plus one. */
export function identityArgCount(identityArgs: string): number {
  if (identityArgs.trim() === '') return 0;
  let count = 1;
  let depth = 0;
  let quoted = false;
  for (const ch of identityArgs) {
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) count++;
  }
  return count;
}

/**
 * Model id → where the object was created, replaying `files` in apply order. `model` is needed to locate functions
 * (their ids carry Postgres's argument text); everything else is located without it.
 */
export function locateObjects(files: LocatableFile[], model?: Pick<SchemaModel, 'functions'>): ObjectLocations {
  const replay = new Replay();
  for (const file of files) {
    replay.startFile();
    for (const s of file.statements) {
      replay.statement(s.kind, s.node, { file: file.displayPath, line: s.location.line, column: s.location.column });
    }
  }

  const out: ObjectLocations = new Map();
  for (const [id, entry] of replay.entries) out.set(id, entry.location);
  if (!model) return out;

  const byName = new Map<string, SchemaModel['functions']>();
  for (const f of model.functions) {
    const key = `${f.schema}\u0000${f.name}`;
    byName.set(key, [...(byName.get(key) ?? []), f]);
  }
  for (const [key, created] of replay.functions) {
    if (created.size === 0) continue;
    const candidates = byName.get(key) ?? [];
    if (candidates.length === 1) {
      // One function of that name: the creation with its argument count, else the latest one.
      const only = candidates[0]!;
      const found = created.get(identityArgCount(only.identityArgs)) ?? [...created.values()].sort((a, b) => b.seq - a.seq)[0]!;
      out.set(only.id, found.location);
      continue;
    }
    for (const [args, found] of created) {
      const matching = candidates.filter((f) => identityArgCount(f.identityArgs) === args);
      if (matching.length === 1) out.set(matching[0]!.id, found.location);
    }
  }
  return out;
}

/**
 * The locations for what `loadSchema(sources, options)` reads: the same files, found the same way (`resolveSource`)
 * and split by the same parser. A database URL or a `schema.json` snapshot has no files: the map is empty. Pass the
 * loaded model as `options.model` to locate functions.
 */
export async function locateSource(
  sources: string[],
  options: LoadOptions & { model?: Pick<SchemaModel, 'functions'> } = {},
): Promise<ObjectLocations> {
  const resolved = await resolveSource(sources, options);
  if (resolved.kind !== 'files') return new Map();
  const files: LocatableFile[] = [];
  for (const file of resolved.discovery.files) {
    const { statements } = await splitStatements(file.text, file.displayPath);
    files.push({ displayPath: file.displayPath, statements });
  }
  return locateObjects(files, options.model);
}
