import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ajv as AjvClass, ErrorObject } from 'ajv';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { compareDiagnostics, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/report.js';
import { checkConfigValues } from './check-config-values.js';
import type { CronpackConfig, RawConfig } from './config-types.js';
import { withDefaults } from './defaults.js';
import schema from './cronpack.config.schema.json' with { type: 'json' };
import { configUnreadablePhrases, type ConfigUnreadableId } from '../catalogue/phrases.js';

/** Where a config value was written, for diagnostics about it. */
export interface ConfigLocation {
  file: string;
  span: Span;
}

export interface LoadedConfig {
  config: CronpackConfig;
  /** Where it came from, repo-relative; undefined when running on defaults. */
  file?: string;
  diagnostics: Diagnostic[];
  /** Where a key of the config (e.g. ["env", "PATH"]) was written; undefined for defaults. */
  locate(path: readonly (string | number)[]): ConfigLocation | undefined;
}

/** A config file that is there but cannot be read (a folder, no permission): a diagnostic at it, not a crash. */
interface Unreadable {
  kind: ConfigUnreadableId;
  /** The system's reason, when the catalogue has no fixed one for the kind. */
  reason: string;
}

async function readIfExists(path: string): Promise<string | Unreadable | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: the root is not a folder, which the caller reports.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EISDIR') return { kind: 'folder', reason: configUnreadablePhrases.folder.reason };
    const reason = /^[A-Z]+: ([^,]+)/.exec((error as Error).message)?.[1] ?? code ?? String(error);
    return { kind: 'unreadable', reason };
  }
}

/** 1-based span of [offset, offset + length) in text. */
function spanAt(text: string, offset: number, length: number): Span {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  const endColumn = text.slice(offset, offset + length).includes('\n') ? column + 1 : column + Math.max(length, 1);
  return { line, column, endLine: line, endColumn };
}

let validator: ReturnType<AjvClass['compile']> | undefined;
/** ajv is loaded only when there is a config to validate: repositories without one start faster. */
async function validateSchema(value: unknown): Promise<ErrorObject[]> {
  if (!validator) {
    const ajv = await import('ajv');
    // A CommonJS package: bundled and dynamically imported, its class may sit on the default export only.
    const Ajv = ajv.Ajv ?? (ajv.default as unknown as typeof ajv.Ajv);
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** Where in the file an ajv error points: the offending property's key, or its value. */
function nodeOf(tree: Node, base: (string | number)[], error: ErrorObject): Node {
  const path = [...base, ...error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))];
  const extra = error.params as { additionalProperty?: string; propertyName?: string };
  const key = extra.additionalProperty ?? extra.propertyName;
  if (key !== undefined) {
    const property = findNodeAtLocation(tree, [...path, key])?.parent;
    if (property?.children?.[0]) return property.children[0];
  }
  return findNodeAtLocation(tree, path) ?? tree;
}

function describe(error: ErrorObject, keyPrefix: string): string {
  const where = (keyPrefix + error.instancePath.split('/').slice(1).join('.')) || 'the config';
  const extra = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
  if (extra.additionalProperty !== undefined) return `unknown key "${extra.additionalProperty}" in ${where}`;
  if (error.keyword === 'pattern') return `"${where}" ${error.message ?? 'is invalid'}`;
  return `"${where}" ${error.message ?? 'is invalid'}`;
}

/** Parses and validates one config text; `base` is the path of the config inside the JSON (["cronpack"] in package.json). */
interface ConfigText {
  raw?: RawConfig;
  packageName?: string;
  diagnostics: Diagnostic[];
  locate?: LoadedConfig['locate'];
}

async function readConfigText(file: string, read: string | Unreadable, base: string[]): Promise<ConfigText> {
  if (typeof read !== 'string') return { diagnostics: [createDiagnostic(file, { messageId: 'configUnreadable', loc: { line: 1, column: 1 }, data: { reason: read.reason, hint: configUnreadablePhrases[read.kind].hint } })] };
  // A UTF-8 BOM (some Windows editors write one) is not JSON, but harmless: positions do not count it.
  const text = read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
  const errors: ParseError[] = [];
  // cronpack.config.json may hold comments, as tsconfig.json does; package.json may not.
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: file === 'package.json' });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    return {
      diagnostics: [
        createDiagnostic(file, {
          messageId: 'configInvalidJson',
          loc: spanAt(text, first?.offset ?? 0, first?.length ?? 0),
          data: { reason: first ? printParseErrorCode(first.error) : 'empty file' },
        }),
      ],
    };
  }
  const parsed: unknown = getNodeValue(tree);
  // `null` or a list is valid JSON: the schema reports it as the config; package.json then has no "cronpack" key.
  const whole = (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {}) as Record<string, unknown>;
  const packageName = typeof whole['name'] === 'string' && file === 'package.json' ? whole['name'] : undefined;
  const value = base.length === 0 ? parsed : whole[base[0]!];
  if (value === undefined) return { packageName, diagnostics: [] };
  const diagnostics = (await validateSchema(value)).map((error): Diagnostic => {
    const node = nodeOf(tree, base, error);
    return createDiagnostic(file, {
      messageId: 'configInvalid',
      loc: spanAt(text, node.offset, node.length),
      data: { problem: describe(error, base.length > 0 ? `${base[0]}.` : '') },
    });
  });
  const locate: LoadedConfig['locate'] = (path) => {
    const node = findNodeAtLocation(tree, [...base, ...path]);
    return node ? { file, span: spanAt(text, node.offset, node.length) } : undefined;
  };
  // Values are checked once their shape is right: one diagnostic per mistake.
  if (diagnostics.length === 0) diagnostics.push(...checkConfigValues(value, (path) => locate(path) ?? { file, span: spanAt(text, tree.offset, 1) }));
  diagnostics.sort(compareDiagnostics);
  return { raw: diagnostics.length === 0 ? (value as RawConfig) : undefined, packageName, diagnostics, locate };
}

/** cronpack.config.json, else the "cronpack" key of package.json, else defaults. Problems are diagnostics with positions. */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const pkgText = await readIfExists(join(root, 'package.json'));
  const pkg = pkgText === undefined ? undefined : await readConfigText('package.json', pkgText, ['cronpack']);
  const ownText = await readIfExists(join(root, 'cronpack.config.json'));
  const own = ownText === undefined ? undefined : await readConfigText('cronpack.config.json', ownText, []);
  const chosen = own ?? pkg;
  const file = own ? 'cronpack.config.json' : pkg?.raw ? 'package.json' : undefined;
  const diagnostics = [...(chosen?.diagnostics ?? [])];
  const config = withDefaults(chosen?.raw ?? {}, { root, packageName: pkg?.packageName });
  const locate: LoadedConfig['locate'] = (path) => (file ? chosen?.locate?.(path) : undefined);
  return file ? { config, file, diagnostics, locate } : { config, diagnostics, locate };
}
