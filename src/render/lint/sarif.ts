/**
 * SARIF 2.1.0 (the format GitHub code scanning and most CI dashboards import): one run whose tool is schemaproof, with
 * a rule descriptor per rule (description, rationale, fix, first link, default level) and a result per finding. A
 * finding located in a file gets a physical location (the path as a relative URI with forward slashes, and the line
 * and column); every finding also names its object as a logical location, which is all a finding read from a database
 * has (or, with `ctx.unlocatedFile`, that file as well: GitHub code scanning requires a physical location on every
 * result). `partialFingerprints["schemaproof/v1"]` is the engine's fingerprint, so that alerts survive unrelated changes.
 */
import type { Finding, LintResult, RuleMeta, Severity } from '../../lint/types.js';
import type { SchemaModel } from '../../model/types.js';
import { rulesOf, type LintRenderContext } from './context.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note';
const LEVELS: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * A file path as a SARIF `artifactLocation.uri`: a relative reference with `/` separators and each segment
 * percent-encoded (spaces, `#`, `%`, non-ASCII…); an absolute path becomes a `file:` URI.
 */
export function artifactUri(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const encode = (segments: string[]) => segments.map((s) => encodeURIComponent(s)).join('/');
  const drive = /^([A-Za-z]):\/(.*)$/.exec(slashed);
  if (drive) return `file:///${drive[1]}:/${encode(drive[2]!.split('/'))}`;
  if (slashed.startsWith('/')) return `file://${encode(slashed.split('/'))}`;
  return encode(slashed.replace(/^\.\//, '').split('/'));
}

/** What kind of object a model id is, for logical locations; undefined when the model does not say. */
function kinds(model: SchemaModel | undefined): Map<string, string> {
  const kind = new Map<string, string>();
  if (!model) return kind;
  const add = (list: { id: string }[], name: string) => {
    for (const o of list) if (!kind.has(o.id)) kind.set(o.id, name);
  };
  add(model.schemas, 'namespace');
  add(model.tables, 'table');
  for (const t of model.tables) add(t.columns, 'column');
  add(model.views, 'view');
  add(model.constraints, 'constraint');
  add(model.foreignKeys, 'constraint');
  add(model.indexes, 'index');
  add(model.functions, 'function');
  add(model.triggers, 'trigger');
  add(model.policies, 'policy');
  add(model.enums, 'type');
  add(model.domains, 'type');
  add(model.compositeTypes, 'type');
  add(model.sequences, 'sequence');
  add(model.extensions, 'extension');
  add(model.roles, 'role');
  return kind;
}

/**
 * The first link that is an absolute URI (`helpUri` must be one). Rules write some links as `URL (what to look for)`:
 * the URL is the first word.
 */
function helpUri(links: string[]): string | undefined {
  return links
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .find((l) => /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i.test(l) && URL.canParse(l));
}

function descriptor(rule: RuleMeta) {
  const uri = helpUri(rule.links);
  const markdown = [rule.rationale, rule.fix ? `**Fix:** ${rule.fix}` : '', rule.links.map((l) => `- ${l}`).join('\n')]
    .filter(Boolean)
    .join('\n\n');
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    ...(rule.rationale ? { fullDescription: { text: rule.rationale } } : {}),
    ...(rule.fix ? { help: { text: rule.fix, ...(markdown ? { markdown } : {}) } } : {}),
    ...(uri ? { helpUri: uri } : {}),
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: { category: rule.category, tags: [rule.category] },
  };
}

function resultOf(f: Finding, ruleIndex: number | undefined, kind: Map<string, string>, unlocatedFile: string | undefined) {
  const objectKind = kind.get(f.object);
  const logical = { fullyQualifiedName: f.object, ...(objectKind ? { kind: objectKind } : {}) };
  const location = f.location
    ? {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(f.location.file) },
          region: { startLine: f.location.line, startColumn: f.location.column },
        },
        logicalLocations: [logical],
      }
    : unlocatedFile
      ? { physicalLocation: { artifactLocation: { uri: artifactUri(unlocatedFile) } }, logicalLocations: [logical] }
      : { logicalLocations: [logical] };
  return {
    ruleId: f.rule,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVELS[f.severity],
    message: { text: f.message },
    locations: [location],
    partialFingerprints: { 'schemaproof/v1': f.fingerprint },
    properties: { category: f.category, ...(f.remediation ? { remediation: f.remediation } : {}) },
  };
}

export function renderSarif(result: LintResult, ctx: LintRenderContext = {}): string {
  const rules = rulesOf(result, ctx);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const kind = kinds(ctx.model);
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'schemaproof',
            ...(ctx.version ? { version: ctx.version } : {}),
            rules: rules.map(descriptor),
          },
        },
        // Columns count UTF-16 code units: the engine's columns are JavaScript string offsets.
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((f) => resultOf(f, index.get(f.rule), kind, ctx.unlocatedFile)),
        properties: { summary: result.summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
