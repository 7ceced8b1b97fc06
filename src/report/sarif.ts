import { pathToFileURL } from 'node:url';
import { compareDiagnostics, type Diagnostic, type LocatedDiagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { messages, type MessageSpec } from '../catalogue/messages.js';
import type { FormatContext } from './format-context.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning';

interface SarifMessage {
  text: string;
}

export interface SarifRule {
  id: string;
  name?: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
}

interface SarifPhysicalLocation {
  artifactLocation: { uri: string; uriBaseId: typeof SRCROOT };
  region: { startLine: number; startColumn: number; endLine?: number; endColumn?: number };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: { physicalLocation: SarifPhysicalLocation }[];
  /** The other places in play, each with what it is (SARIF 2.1.0 §3.27.22). */
  relatedLocations?: { id: number; physicalLocation: SarifPhysicalLocation; message: SarifMessage }[];
}

export interface SarifLog {
  $schema: typeof SARIF_SCHEMA;
  version: '2.1.0';
  runs: [
    {
      tool: { driver: { name: 'cronpack'; version: string; rules: SarifRule[] } };
      originalUriBaseIds?: Record<typeof SRCROOT, { uri: string }>;
      columnKind: 'utf16CodeUnits';
      results: SarifResult[];
    },
  ];
}

/** Catalogue entries by code, with their messageId. */
const catalogue: ReadonlyMap<string, { messageId: string; spec: MessageSpec }> = new Map(
  Object.entries(messages as Record<string, MessageSpec>).map(([messageId, spec]) => [spec.code, { messageId, spec }]),
);

function pascalCase(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

/** Escapes the CommonMark characters that could start markup or HTML (e.g. "<crontab>"). */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#]/g, (ch) => `\\${ch}`);
}

function ruleFor(code: string, severity: Severity): SarifRule {
  const entry = catalogue.get(code);
  if (entry === undefined) {
    // A code outside the catalogue still gets a rule, so every result has one.
    return {
      id: code,
      shortDescription: { text: code },
      fullDescription: { text: code },
      help: { text: code, markdown: escapeMarkdown(code) },
      defaultConfiguration: { level: severity },
    };
  }
  const { messageId, spec } = entry;
  // A hint that is only placeholders ("{example}") says nothing without its report; use the title then.
  const description = spec.hint !== undefined && !/\{\w+\}/.test(spec.hint) ? spec.hint : spec.title;
  return {
    id: spec.code,
    name: pascalCase(messageId),
    shortDescription: { text: spec.title },
    fullDescription: { text: description },
    help: {
      text: description,
      markdown:
        description === spec.title
          ? `**${escapeMarkdown(spec.title)}**`
          : `**${escapeMarkdown(spec.title)}**\n\n${escapeMarkdown(description)}`,
    },
    defaultConfiguration: { level: spec.severity },
  };
}

/** A repo-relative path as a relative URI reference (each segment percent-encoded). */
function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function region(d: Pick<LocatedDiagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>): SarifPhysicalLocation['region'] {
  const out: ReturnType<typeof region> = { startLine: d.line, startColumn: d.column };
  const multiLine = d.endLine !== undefined && d.endLine > d.line;
  if (multiLine) out.endLine = d.endLine;
  // SARIF's endColumn is exclusive, like ours. A missing or empty end on the start line is left out.
  if (d.endColumn !== undefined && d.endColumn > (multiLine ? 0 : d.column)) out.endColumn = d.endColumn;
  return out;
}

/** The result's text: the option a global diagnostic is about, the message, the hint. */
function messageText(d: Diagnostic): string {
  const message = d.option === undefined ? d.message : `${d.option}: ${d.message}`;
  return d.hint !== undefined && d.hint !== '' ? `${message}\nhint: ${d.hint}` : message;
}

/** Builds the SARIF 2.1.0 log (one run; rules for the codes that occur, sorted by code). */
export function toSarifLog(diagnostics: readonly Diagnostic[], ctx: FormatContext): SarifLog {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const severityByCode = new Map<string, Severity>();
  for (const d of sorted) if (!severityByCode.has(d.code)) severityByCode.set(d.code, d.severity);
  const codes = [...severityByCode.keys()].sort();
  const rules = codes.map((code) => ruleFor(code, severityByCode.get(code) ?? 'error'));
  const ruleIndex = new Map(codes.map((code, index) => [code, index]));

  const results: SarifResult[] = sorted.map((d) => ({
    ruleId: d.code,
    ruleIndex: ruleIndex.get(d.code) ?? 0,
    level: d.severity,
    message: { text: messageText(d) },
    // A global diagnostic has no location (SARIF 2.1.0 §3.27.12 allows none).
    locations: d.file === undefined ? [] : [{ physicalLocation: { artifactLocation: { uri: fileUri(d.file), uriBaseId: SRCROOT }, region: region(d) } }],
    ...(d.related !== undefined && d.related.length > 0
      ? {
          relatedLocations: d.related.map((r, id) => ({
            id,
            physicalLocation: { artifactLocation: { uri: fileUri(r.file), uriBaseId: SRCROOT }, region: region(r) },
            message: { text: r.message },
          })),
        }
      : {}),
  }));

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cronpack', version: ctx.toolVersion, rules } },
        ...(ctx.root !== undefined ? { originalUriBaseIds: { [SRCROOT]: { uri: rootUri(ctx.root) } } } : {}),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** SARIF 2.1.0 for code-scanning tools (e.g. GitHub code scanning), 2-space indented, ending in a newline. */
export function formatSarif(diagnostics: readonly Diagnostic[], ctx: FormatContext): string {
  return JSON.stringify(toSarifLog(diagnostics, ctx), null, 2) + '\n';
}
