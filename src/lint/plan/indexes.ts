/**
 * CREATE INDEX statements of remediations, for the planner: which two propose the same index (same table, method,
 * keys, INCLUDE, predicate and uniqueness — the name, IF NOT EXISTS and CONCURRENTLY do not matter: two unnamed
 * `CREATE INDEX ON t (c)` make two identical indexes), and which one a wider proposal makes unnecessary: a plain B-tree
 * index on (a) beside a proposed B-tree on (a, b) — the wider one serves every lookup and FK check on a
 * (analysis/fk-indexes.ts counts the same leading prefix). A UNIQUE or PRIMARY KEY constraint an ALTER TABLE adds
 * is such a wider index too (`UNIQUE (client_id, video_url)` serves lookups on client_id).
 */
import { canonical, relationId, type Statement } from './statements.js';

export interface IndexProposal {
  table: string;
  /** Key columns in order; null when a key is an expression or not in the default order. */
  columns: string[] | null;
  /** A plain index: B-tree, not unique, no predicate, no INCLUDE. */
  plain: boolean;
  /** Usable as the wider index: B-tree without a predicate. */
  btreeWhole: boolean;
  /** What makes two proposals the same index. */
  identity: string;
}

interface IndexElem {
  name?: string;
  expr?: unknown;
  ordering?: string;
  nulls_ordering?: string;
  opclass?: unknown[];
  collation?: unknown[];
}

/** The index a statement creates: CREATE INDEX, or ALTER TABLE … ADD UNIQUE / PRIMARY KEY (a wider index only). */
export function indexProposal(s: Statement): IndexProposal | null {
  if (s.kind === 'AlterTableStmt') return constraintIndex(s);
  if (s.kind !== 'IndexStmt') return null;
  const body = s.node.IndexStmt as Record<string, unknown>;
  const table = relationId(body.relation);
  if (!table) return null;
  const elems = ((body.indexParams as { IndexElem?: IndexElem }[] | undefined) ?? []).map((p) => p.IndexElem ?? {});
  const simple = elems.every(
    (e) =>
      e.name !== undefined &&
      e.expr === undefined &&
      (e.ordering ?? 'SORTBY_DEFAULT') === 'SORTBY_DEFAULT' &&
      (e.nulls_ordering ?? 'SORTBY_NULLS_DEFAULT') === 'SORTBY_NULLS_DEFAULT' &&
      !e.opclass?.length &&
      !e.collation?.length,
  );
  const method = String(body.accessMethod ?? 'btree');
  const btreeWhole = method === 'btree' && body.whereClause === undefined;
  const { idxname: _name, if_not_exists: _exists, concurrent: _concurrent, ...rest } = body;
  return {
    table,
    columns: simple ? elems.map((e) => e.name!) : null,
    plain: btreeWhole && body.unique !== true && !(body.indexIncludingParams as unknown[] | undefined)?.length,
    btreeWhole,
    identity: canonical({ IndexStmt: rest }),
  };
}

/** The index behind the first UNIQUE or PRIMARY KEY constraint an ALTER TABLE adds (its own identity is the statement's). */
function constraintIndex(s: Statement): IndexProposal | null {
  const body = s.node.AlterTableStmt as { relation?: unknown; cmds?: { AlterTableCmd?: Record<string, unknown> }[] };
  const table = relationId(body.relation);
  for (const cmd of body.cmds ?? []) {
    const c = (cmd.AlterTableCmd?.def as { Constraint?: Record<string, unknown> } | undefined)?.Constraint;
    if (cmd.AlterTableCmd?.subtype !== 'AT_AddConstraint' || !c || (c.contype !== 'CONSTR_UNIQUE' && c.contype !== 'CONSTR_PRIMARY')) continue;
    if (!table || c.indexname !== undefined || c.where_clause !== undefined) return null;
    const columns = ((c.keys as { String?: { sval?: string } }[] | undefined) ?? []).map((k) => String(k.String?.sval ?? ''));
    return { table, columns, plain: false, btreeWhole: true, identity: s.canon };
  }
  return null;
}

/** `narrow` is not needed when `wide` is created: a plain index whose columns lead the wider B-tree's. */
export function serves(wide: IndexProposal, narrow: IndexProposal): boolean {
  if (wide.table !== narrow.table || !narrow.plain || !wide.btreeWhole || !wide.columns || !narrow.columns) return false;
  return narrow.columns.length < wide.columns.length && narrow.columns.every((c, i) => wide.columns![i] === c);
}
