/**
 * `schemaproof erd <source> [--format svg|dot|mmd] [--focus TABLE [--depth 1|2]] [--domain NAME] [-o FILE]`: one ER
 * diagram, on stdout or in a file. Which diagram:
 *   - `--focus TABLE`: the table's neighbourhood (tables within `--depth` FK hops, default 1);
 *   - `--domain NAME`: one domain (by name or slug; a domain split in parts by `slug.N`, or its name for part 1);
 *   - neither: the whole schema when it has at most `--max-tables` (60) tables, else the overview of domains (and a
 *     note on stderr naming `--domain` and `--focus`).
 * `mmd` is the Mermaid text of the same tables (the neither case: exactly `erd.mmd` of `schemaproof doc`).
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SchemaproofError } from '../errors.js';
import {
  createLayouter,
  DEFAULT_LAYOUT_TIMEOUT_MS,
  diagramContext,
  diagramDot,
  diagramMermaid,
  diagramSvg,
  DIAGRAM_CAP,
  domainDiagrams,
  LayoutTimeoutError,
  neighbourhoodDiagram,
  overviewDiagram,
  resolveTable,
  wholeSchemaDiagram,
  type Diagram,
  type TableDiagram,
} from '../diagram/index.js';
import type { RenderContext } from '../render/context.js';
import { renderErdMmd } from '../render/erd.js';
import { parse, readAndAnalyze, SOURCE_OPTIONS, type Io } from './common.js';

export const ERD_FORMATS = ['svg', 'dot', 'mmd'] as const;
type ErdFormat = (typeof ERD_FORMATS)[number];

export const ERD_HELP = `Usage: schemaproof erd [source...] [options]

Draws one ER diagram (SVG laid out by Graphviz compiled to WebAssembly; no native binary needed).

  --format F             svg (default), dot (Graphviz source), or mmd (Mermaid erDiagram)
  --focus TABLE          the neighbourhood of a table (public.orders, or orders for the table in public)
  --depth N              with --focus: FK hops to follow, 1 (default) or 2
  --domain NAME          one domain, by name or slug (a domain split in parts: slug.1, slug.2, …)
  --max-tables N         draw at most N tables in a diagram (default ${DIAGRAM_CAP}); above it the whole schema is
                         an overview of domains, and a domain is split in parts
  --layout-timeout S     seconds per layout attempt (default ${DEFAULT_LAYOUT_TIMEOUT_MS / 1000}); on timeout, dot with bounded effort, then a
                         grid layout, then an error
  -o, --output FILE      write the diagram to FILE (default: stdout)
  --config FILE          schemaproof.config.yaml (domains, schemas)
  (and the source options of \`schemaproof --help\`)
`;

function positiveInteger(value: string | undefined, option: string, fallback: number, max = Infinity): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new SchemaproofError(`${option} must be a whole number from 1${max === Infinity ? '' : ` to ${max}`}: ${value}`);
  }
  return n;
}

/** The domain diagram `--domain` names: by name (case-insensitive), slug or part key; a split domain's name → part 1. */
function pickDomain(ctx: RenderContext, name: string, cap: number, io: Io, quiet: boolean): TableDiagram {
  const diagrams = domainDiagrams(ctx, cap);
  const wanted = name.trim().toLowerCase();
  const byKey = diagrams.find((d) => d.key.slice('erd/'.length).toLowerCase() === wanted);
  if (byKey) return byKey;
  const group = ctx.analysis.domains.groups.find((g) => g.name.toLowerCase() === wanted);
  const parts = group ? diagrams.filter((d) => d.tables.length > 0 && ctx.domainOf(d.tables[0]!) === group) : [];
  if (parts.length === 0) {
    const names = ctx.analysis.domains.groups.map((g) => g.name);
    throw new SchemaproofError(`no domain named ${JSON.stringify(name)}`, {
      hint: `the domains are: ${names.slice(0, 12).join(', ')}${names.length > 12 ? `, … (${names.length} in all)` : ''}`,
    });
  }
  if (parts.length > 1 && !quiet) {
    const others = parts.slice(1).map((d) => `--domain ${d.key.slice('erd/'.length)}`);
    io.stderr.write(`${group!.name} has ${group!.tables.length} tables, drawn in ${parts.length} parts; this is part 1 (${others.join(', ')} for the others)\n`);
  }
  return parts[0]!;
}

function pickDiagram(ctx: RenderContext, values: Record<string, string | boolean | undefined>, cap: number, io: Io): Diagram {
  const quiet = values.quiet === true;
  const focus = values.focus as string | undefined;
  const domain = values.domain as string | undefined;
  if (focus !== undefined && domain !== undefined) throw new SchemaproofError('--focus and --domain draw different diagrams: name one');
  if (values.depth !== undefined && focus === undefined) throw new SchemaproofError('--depth goes with --focus TABLE');
  if (focus !== undefined) {
    const found = resolveTable(ctx, focus);
    if (found.id === null) {
      throw new SchemaproofError(`no table ${focus}`, {
        hint: found.similar.length ? `did you mean ${found.similar.join(', ')}?` : 'name it as schema.table (e.g. public.orders), or by its name alone when it is in public',
      });
    }
    const d = neighbourhoodDiagram(ctx, found.id, positiveInteger(values.depth as string | undefined, '--depth', 1, 2), cap);
    if (d.omitted > 0 && !quiet) io.stderr.write(`${d.note!.replace(/^… /, '')} (--max-tables ${cap}); --depth 1 or a higher --max-tables\n`);
    return d;
  }
  if (domain !== undefined) return pickDomain(ctx, domain, cap, io, quiet);
  const whole = wholeSchemaDiagram(ctx, cap);
  if (whole) return whole;
  if (!quiet) {
    io.stderr.write(
      `${ctx.analysis.tables.length} tables (more than ${cap}): drawing the overview of ${ctx.analysis.domains.groups.length} domains; ` +
        '--domain NAME draws one domain, --focus TABLE the neighbourhood of a table\n',
    );
  }
  return overviewDiagram(ctx, domainDiagrams(ctx, cap));
}

export async function erdCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...SOURCE_OPTIONS,
    config: { type: 'string' },
    format: { type: 'string' },
    focus: { type: 'string' },
    depth: { type: 'string' },
    domain: { type: 'string' },
    'max-tables': { type: 'string' },
    'layout-timeout': { type: 'string' },
    output: { type: 'string', short: 'o' },
  });
  if (values.help) {
    io.stdout.write(ERD_HELP);
    return 0;
  }
  const format = (values.format ?? 'svg') as ErdFormat;
  if (!(ERD_FORMATS as readonly string[]).includes(format)) {
    throw new SchemaproofError(`unknown format: ${values.format}`, { hint: `one of: ${ERD_FORMATS.join(', ')}` });
  }
  const cap = positiveInteger(values['max-tables'], '--max-tables', DIAGRAM_CAP);
  const timeoutValue = values['layout-timeout'];
  const timeoutSeconds = timeoutValue === undefined ? DEFAULT_LAYOUT_TIMEOUT_MS / 1000 : Number(timeoutValue);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new SchemaproofError(`--layout-timeout must be a number of seconds above 0: ${timeoutValue}`);
  }

  const { progress, model, analysis } = await readAndAnalyze(positionals, values, io);
  try {
    const ctx = diagramContext(model, analysis);
    progress.done();
    const diagram = pickDiagram(ctx, values, cap, io);
    const plain = values.focus === undefined && values.domain === undefined;
    let text: string;
    if (format === 'mmd') text = plain ? renderErdMmd(ctx) : diagramMermaid(ctx, diagram);
    else if (format === 'dot') text = diagramDot(ctx, diagram).dot;
    else {
      progress.update({ phase: 'render', message: `laying out ${diagram.key}` });
      const layouter = createLayouter();
      try {
        text = await diagramSvg(ctx, diagram, { layouter, layoutTimeoutMs: timeoutSeconds * 1000 });
      } catch (error) {
        if (!(error instanceof LayoutTimeoutError)) throw error;
        throw new SchemaproofError(error.message, {
          hint: 'draw less (--domain, --focus, a lower --max-tables), allow more time (--layout-timeout), or take --format dot to a native Graphviz',
        });
      } finally {
        await layouter.close();
        progress.done();
      }
    }
    if (values.output === undefined) {
      io.stdout.write(text);
      return 0;
    }
    const target = resolve(process.cwd(), values.output);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, text);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new SchemaproofError(`cannot write ${values.output}: ${(error as Error).message}`);
    }
    if (!values.quiet) io.stderr.write(`wrote ${values.output}: diagram ${diagram.key}\n`);
    return 0;
  } finally {
    progress.done();
  }
}
