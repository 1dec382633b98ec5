/**
 * What a diagram is, before it is drawn: which tables it shows and why. `select.ts` decides these from the model and
 * the analysis; `dot.ts` turns one into Graphviz DOT; `layout.ts` and `svg.ts` turn that into a deterministic SVG.
 * Keeping the choice of tables apart from the drawing lets the CLI, the document folder and the tests share it.
 */

/** A diagram of tables: some drawn with their columns, others as bare boxes that show where FKs lead. */
export interface TableDiagram {
  kind: 'tables';
  /** Stable name, also the file name without extension: `erd`, `erd/orders`, `erd/orders.2`, `erd/tables/public.orders`. */
  key: string;
  /** Shown above the diagram: `Orders`, `Orders (part 2 of 3)`, `orders and its neighbours (depth 1)`. */
  title: string;
  /** Tables drawn with their columns, sorted by id. */
  tables: string[];
  /**
   * Tables drawn as bare boxes (name and domain, no columns), sorted by id: the ends of FKs that leave `tables`, so no
   * edge of a domain diagram is silently lost. Edges between two context tables are not drawn.
   */
  context: string[];
  /**
   * Every drawn edge has an end among these tables (sorted); null: among `tables`. A neighbourhood of depth N sets it
   * to the tables fewer than N hops away, so an edge between two tables of its outer ring (one more hop) is not drawn.
   */
  anchors: string[] | null;
  /** The table a neighbourhood diagram is about (highlighted), or null. */
  focus: string | null;
  /** Tables that belong in this diagram but were left out to keep it within the cap. */
  omitted: number;
  /** Shown under the title: what was left out (`… 12 linked tables not shown`), or null. */
  note: string | null;
}

/** The overview of domains: one box per domain, sized by its table count; edges weighted by the FKs between domains. */
export interface OverviewDiagram {
  kind: 'overview';
  key: string;
  title: string;
  domains: OverviewDomain[];
  /** Domain pairs (indexes into `domains`) linked by FKs, with how many; sorted by (referenced, referencing). */
  edges: { referenced: number; referencing: number; foreignKeys: number }[];
  /** What the overview leaves out (smaller domains, weaker links), for its caption; null when nothing. */
  note: string | null;
}

export interface OverviewDomain {
  name: string;
  tables: number;
  /** Keys of the diagrams that draw this domain (one, or several when it is split). */
  diagrams: string[];
}

export type Diagram = TableDiagram | OverviewDiagram;
